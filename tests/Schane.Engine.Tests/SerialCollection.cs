namespace Schane.Engine.Tests;

/// <summary>
/// Tests that depend on process-wide libtorch state — the global random generator between a seed and its use, or
/// <see cref="Tensor.LiveCount"/> — run in this collection: alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial: global libtorch state";
}
