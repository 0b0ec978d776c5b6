namespace Schane.Distributed;

/// <summary>
/// What the MPI launcher told this process through its environment (before MPI is initialised): Open MPI's mpirun
/// sets OMPI_COMM_WORLD_SIZE/RANK/LOCAL_SIZE, Hydra (MPICH) and Slurm's PMI set PMI_SIZE/PMI_RANK.
/// </summary>
public static class MpiLaunch
{
    /// <summary>True when this process was started by an MPI launcher (mpirun, mpiexec, srun with PMI).</summary>
    public static bool IsLaunched => Number("OMPI_COMM_WORLD_SIZE", "PMI_SIZE") is not null;

    /// <summary>The world size the launcher announced (1 without a launcher).</summary>
    public static int WorldSize => Number("OMPI_COMM_WORLD_SIZE", "PMI_SIZE") ?? 1;

    /// <summary>This process's rank as the launcher announced it (0 without a launcher).</summary>
    public static int Rank => Number("OMPI_COMM_WORLD_RANK", "PMI_RANK") ?? 0;

    /// <summary>How many ranks share this host (1 without a launcher).</summary>
    public static int LocalSize => Number("OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS") ?? WorldSize;

    /// <summary>
    /// libtorch threads for one rank: the host's cores shared by the ranks on it (at least 1), so that N ranks on one
    /// machine do not each start a thread per core and oversubscribe it N times.
    /// </summary>
    public static int ThreadsPerRank => Math.Max(1, Environment.ProcessorCount / Math.Max(1, LocalSize));

    private static int? Number(params string[] names)
    {
        foreach (var name in names)
            if (int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value >= 0) return value;
        return null;
    }
}
