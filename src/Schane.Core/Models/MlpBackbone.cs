using Schane.Engine;
using Schane.Engine.Modules;

namespace Schane.Core.Models;

/// <summary>
/// A multilayer perceptron on flattened pixels: Flatten → (Linear → ReLU) × depth. It takes one image size only, the
/// one it was built for; features are <c>hidden</c> wide.
/// </summary>
public sealed class MlpBackbone : Backbone
{
    private readonly Sequential net;

    /// <summary>An MLP for images [C, H, W] = <paramref name="imageShape"/> with <paramref name="depth"/> hidden layers.</summary>
    public MlpBackbone(ImageShape imageShape, int hidden = 256, int depth = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ImageShape = imageShape;
        Hidden = hidden;
        net = new Sequential(new Flatten());
        long inputs = imageShape.Pixels;
        for (var i = 0; i < depth; i++)
        {
            net.Append(new Linear(inputs, hidden)).Append(new ReLU());
            inputs = hidden;
        }
        RegisterModule("net", net);
    }

    /// <summary>The one image shape the first layer takes.</summary>
    public ImageShape ImageShape { get; }

    /// <summary>Width of each hidden layer.</summary>
    public int Hidden { get; }

    /// <inheritdoc/>
    public override long FeatureDimension => Hidden;

    /// <summary>[B, C, H, W] → [B, hidden].</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.Dim != 4 || input.Size(1) != ImageShape.Channels || input.Size(2) != ImageShape.Height || input.Size(3) != ImageShape.Width)
            throw new ArgumentException($"the MLP backbone takes images [B, {ImageShape}], not [{string.Join(", ", input.Shape)}]", nameof(input));
        return net.Forward(input);
    }
}
