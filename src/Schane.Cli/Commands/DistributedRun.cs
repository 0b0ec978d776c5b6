using Schane.Core;
using Schane.Core.Distributed;
using Schane.Distributed;
using TorchSharp;

namespace Schane.Cli.Commands;

/// <summary>
/// A command that runs as one rank of `mpirun -np N ./schane …` (or alone, as before): its collective, its share of the
/// host's cores, and the rule that an error on one rank ends the whole job at once (MPI_Abort) instead of leaving the
/// other ranks waiting in their next collective call.
/// </summary>
internal static class DistributedRun
{
    /// <summary>
    /// The collective of this process (MPI's under an MPI launcher), with libtorch's threads set to the host's cores
    /// divided among the ranks on it unless OMP_NUM_THREADS chose them.
    /// </summary>
    public static ICollective Start()
    {
        var collective = Collectives.FromEnvironment();
        // Under mpirun libtorch starts with one thread even on an unbound rank: the share is set whatever the world size.
        if (MpiLaunch.IsLaunched && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_NUM_THREADS")))
            torch.set_num_threads(MpiLaunch.ThreadsPerRank);
        return collective;
    }

    /// <summary>
    /// Runs <paramref name="action"/> as <see cref="CommandErrors.Guard"/> does. In a job of several ranks, an error's
    /// message names the rank, and a failing rank aborts the job (every rank's exit code is then mpirun's); a rank that
    /// succeeds finalises MPI.
    /// </summary>
    public static int Guard(string command, ICollective collective, Func<int> action)
    {
        if (collective is not MpiCollective mpi) return CommandErrors.Guard(command, action);
        int code;
        try
        {
            code = CommandErrors.Guard($"{command} (rank {mpi.Rank} of {mpi.WorldSize})", action);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"schane {command} (rank {mpi.Rank} of {mpi.WorldSize}): {e.GetType().Name}: {TorchErrors.MessageOf(e)}");
            code = 1;
        }
        if (code is 0 or 130)
        {
            mpi.Dispose();
            return code;
        }
        Console.Error.Flush();
        mpi.Abort(code);
        return code;
    }
}
