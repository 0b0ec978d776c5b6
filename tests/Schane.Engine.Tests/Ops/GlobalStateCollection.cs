namespace Schane.Engine.Tests.Ops;

/// <summary>
/// Tests that read process-wide state (Tensor.LiveCount, the libtorch random generator, the thread count) run in this
/// collection, alone: no other test creates tensors or draws random numbers meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalStateCollection
{
    public const string Name = "Schane.Engine.Tests.Ops: process-wide state";

    /// <summary>Finalizes every unreachable tensor, then returns the live count.</summary>
    public static long SettledLiveCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.LiveCount;
    }
}
