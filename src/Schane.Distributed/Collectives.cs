using Schane.Core.Distributed;

namespace Schane.Distributed;

/// <summary>The collective of this process: MPI's when an MPI launcher started it, else <see cref="SingleProcess"/>.</summary>
public static class Collectives
{
    /// <summary>
    /// <see cref="MpiCollective.Initialize"/> under mpirun (or another MPI launcher), <see cref="SingleProcess.Instance"/>
    /// otherwise: a program that calls this runs as before without mpirun and data-parallel under it.
    /// </summary>
    public static ICollective FromEnvironment() => MpiLaunch.IsLaunched ? MpiCollective.Initialize() : SingleProcess.Instance;
}
