using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Models;

/// <summary>
/// Any encoder exported from PyTorch with torch.jit.script/trace and torch.jit.save, fine-tuned in place: its forward
/// must take images [B, C, H, W] and return features [B, d]. d is found by running it once on a zero batch.
/// </summary>
public sealed class TorchScriptBackbone : Backbone
{
    // The field name is the state-dict prefix ("module.*").
    private readonly jit.ScriptModule<Tensor, Tensor> module;

    private TorchScriptBackbone(jit.ScriptModule<Tensor, Tensor> module, string path, long featureDimension) : base(nameof(TorchScriptBackbone))
    {
        this.module = module;
        Path = path;
        FeatureDimension = featureDimension;
        RegisterComponents();
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
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        jit.ScriptModule<Tensor, Tensor> module;
        try
        {
            module = jit.load<Tensor, Tensor>(path);
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: cannot load it as a TorchScript module (a file written by torch.jit.save): {e.Message}", e);
        }
        try
        {
            var dimension = ProbeFeatureDimension(module, path, imageShape);
            foreach (var channels in ConvolutionChannels(module, imageShape)) Runtime.ConvolutionCheck.Ensure(channels);
            module.train();
            return new TorchScriptBackbone(module, path, dimension);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private static long ProbeFeatureDimension(jit.ScriptModule<Tensor, Tensor> module, string path, ImageShape imageShape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        module.eval();
        Tensor output;
        try
        {
            output = module.call(zeros(2, imageShape.Channels, imageShape.Height, imageShape.Width));
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException or InvalidCastException)
        {
            throw new InvalidDataException($"{path}: the TorchScript backbone cannot take images [B, {imageShape}]: {e.Message}", e);
        }
        if (output.dim() != 2 || output.size(0) != 2)
            throw new InvalidDataException($"{path}: the TorchScript backbone must return features [B, d]; for images [2, {imageShape}] " +
                $"it returned [{string.Join(", ", output.shape)}]");
        return output.size(1);
    }

    /// <summary>
    /// The input channel counts of the module's 2-d convolutions (4-d weights [out, in, kh, kw]) that need an input
    /// gradient — every one but those reading the image — for <see cref="Runtime.ConvolutionCheck"/>.
    /// </summary>
    private static IEnumerable<int> ConvolutionChannels(jit.ScriptModule<Tensor, Tensor> module, ImageShape imageShape)
    {
        var channels = new SortedSet<int>();
        foreach (var (_, weight) in module.named_parameters())
            if (weight.dim() == 4 && weight.size(1) != imageShape.Channels) channels.Add((int)weight.size(1));
        return channels;
    }

    /// <summary>The scripted forward: [B, C, H, W] → [B, d].</summary>
    public override Tensor forward(Tensor input) => module.call(input);

    /// <summary>The script module and, until it is disposed, its own submodules ("module.*").</summary>
    public override IEnumerable<(string name, nn.Module module)> named_modules()
    {
        // TorchSharp's Module.Dispose disposes what named_modules lists and then lists the descendants of what it
        // disposed; a ScriptModule lists them through its native handle, which is gone by then.
        yield return ("module", module);
        if (disposed) yield break;
        foreach (var (name, child) in module.named_modules()) yield return ($"module.{name}", child);
    }

    private bool disposed;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            module.Dispose();
        }
        base.Dispose(disposing);
    }
}
