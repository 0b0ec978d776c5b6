using static TorchSharp.torch;

namespace Schane.Core.Models;

/// <summary>
/// The encoder being fine-tuned: images [B, C, H, W] (float, normalised) → features [B, <see cref="FeatureDimension"/>].
/// The few-shot probe and kNN read these features; the projection and classifier heads sit on top of them.
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    /// <summary>A backbone named <paramref name="name"/> (TorchSharp's module name, for messages).</summary>
    protected Backbone(string name) : base(name) { }

    /// <summary>d, the width of a feature row.</summary>
    public abstract long FeatureDimension { get; }
}
