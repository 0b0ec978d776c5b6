using Schane.Engine;
using Schane.Engine.Jit;

namespace Schane.Core.Models;

/// <summary>
/// Any encoder exported from PyTorch with torch.jit.script/trace and torch.jit.save, fine-tuned in place: its forward
/// must take images [B, C, H, W] and return features [B, d]. d is found by running it once on a zero batch.
/// </summary>
public sealed class TorchScriptBackbone : Backbone
{
    private readonly ScriptModule module;

    private TorchScriptBackbone(ScriptModule module, string path, long featureDimension)
    {
        this.module = RegisterModule("module", module);
        Path = path;
        FeatureDimension = featureDimension;
    }

    /// <summary>The file it was loaded from.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override long FeatureDimension { get; }

    /// <summary>
    /// Loads <paramref name="path"/> (torch.jit.load) and checks that it takes images of <paramref name="imageShape"/>
    /// and returns a [B, d] feature matrix; otherwise it throws <see cref="InvalidDataException"/> saying what it got.
    /// </summary>
    public static TorchScriptBackbone Load(string path, ImageShape imageShape)
    {
        var module = ScriptModule.Load(path);
        try
        {
            var dimension = ProbeFeatureDimension(module, path, imageShape);
            module.Train();
            return new TorchScriptBackbone(module, path, dimension);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private static long ProbeFeatureDimension(ScriptModule module, string path, ImageShape imageShape)
    {
        using var scope = Torch.NewDisposeScope();
        using var noGrad = Torch.NoGrad();
        module.Eval();
        Tensor output;
        try
        {
            output = module.Forward(Torch.Zeros([2, imageShape.Channels, imageShape.Height, imageShape.Width]));
        }
        catch (Exception e) when (e is TorchException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: the TorchScript backbone cannot take images [B, {imageShape}]: {e.Message}", e);
        }
        if (output.Dim != 2 || output.Size(0) != 2)
            throw new InvalidDataException($"{path}: the TorchScript backbone must return features [B, d]; for images [2, {imageShape}] " +
                $"it returned [{string.Join(", ", output.Shape)}]");
        return output.Size(1);
    }

    /// <summary>The scripted forward: [B, C, H, W] → [B, d].</summary>
    public override Tensor Forward(Tensor input) => module.Forward(input);
}
