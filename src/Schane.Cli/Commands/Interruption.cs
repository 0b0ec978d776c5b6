using System.Runtime.InteropServices;

namespace Schane.Cli.Commands;

/// <summary>
/// A graceful stop for long-running commands: the first SIGINT (Ctrl-C) or SIGTERM (`kill`, a job scheduler, a
/// container's stop) cancels <see cref="Token"/>, so the run finishes its step, saves a checkpoint and exits with 130;
/// a second signal ends the process at once. SIGTERM counts because a command started in the background from a script
/// inherits an ignored SIGINT, which leaves `kill` as the only way to stop it.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;

    public Interruption()
    {
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];
    }

    public CancellationToken Token => source.Token;

    public bool IsCancellationRequested => source.IsCancellationRequested;

    private void Stop(PosixSignalContext context)
    {
        if (source.IsCancellationRequested) return; // the second signal takes its default course: the process ends
        context.Cancel = true;
        var how = context.Signal == PosixSignal.SIGINT ? "Ctrl-C" : "SIGTERM";
        Console.Error.WriteLine($"schane: {how}: stopping at the next step ({how} again to abort)");
        source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
        source.Dispose();
    }
}
