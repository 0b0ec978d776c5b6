using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Schane.Core.Models;

/// <summary>
/// A multilayer perceptron on flattened pixels: Flatten → (Linear → ReLU) × depth. It takes one image size only, the
/// one it was built for; features are <c>hidden</c> wide.
/// </summary>
public sealed class MlpBackbone : Backbone
{
    private readonly Sequential net;

    /// <summary>An MLP for images [C, H, W] = <paramref name="imageShape"/> with <paramref name="depth"/> hidden layers.</summary>
    public MlpBackbone(ImageShape imageShape, int hidden = 256, int depth = 2) : base(nameof(MlpBackbone))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ImageShape = imageShape;
        Hidden = hidden;
        net = nn.Sequential(nn.Flatten());
        long inputs = imageShape.Pixels;
        for (var i = 0; i < depth; i++)
        {
            net.append(nn.Linear(inputs, hidden));
            net.append(nn.ReLU());
            inputs = hidden;
        }
        RegisterComponents();
    }

    /// <summary>The one image shape the first layer takes.</summary>
    public ImageShape ImageShape { get; }

    /// <summary>Width of each hidden layer.</summary>
    public int Hidden { get; }

    /// <inheritdoc/>
    public override long FeatureDimension => Hidden;

    /// <summary>[B, C, H, W] → [B, hidden].</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.size(1) != ImageShape.Channels || input.size(2) != ImageShape.Height || input.size(3) != ImageShape.Width)
            throw new ArgumentException($"the MLP backbone takes images [B, {ImageShape}], not [{string.Join(", ", input.shape)}]", nameof(input));
        return net.call(input);
    }
}
