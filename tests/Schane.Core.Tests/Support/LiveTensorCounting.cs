namespace Schane.Core.Tests.Support;

/// <summary>
/// Tests that depend on process-wide libtorch state — Tensor.TotalCount, or torch's global random generator between a
/// seed and its use — run in this collection: alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(LiveTensorCounting), DisableParallelization = true)]
public sealed class LiveTensorCounting;
