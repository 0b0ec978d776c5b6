namespace Schane.Engine.Modules;

/// <summary>Flattens dimensions <see cref="StartDim"/> … <see cref="EndDim"/> into one (torch.nn.Flatten; by default all but the batch).</summary>
public sealed class Flatten : Module<Tensor, Tensor>
{
    /// <summary>torch.nn.Flatten(start_dim=1, end_dim=-1).</summary>
    public Flatten(int startDim = 1, int endDim = -1)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    /// <summary>start_dim</summary>
    public int StartDim { get; }

    /// <summary>end_dim</summary>
    public int EndDim { get; }

    /// <summary>Flatten.forward</summary>
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"(start_dim={StartDim}, end_dim={EndDim})";
}
