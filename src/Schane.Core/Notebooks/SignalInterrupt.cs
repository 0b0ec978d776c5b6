using System.Runtime.InteropServices;

namespace Schane.Core.Notebooks;

/// <summary>
/// Interrupts carried by a POSIX signal, for a notebook host whose own interrupt cannot reach a running cell.
/// .NET Interactive's Jupyter kernel is one: Jupyter interrupts it with SIGINT (its kernelspec has no interrupt_mode),
/// which stops its web host and ends the kernel, and an <c>interrupt_request</c> message waits on the shell channel
/// until the running cell is done. `schane kernel install --dotnet-interactive` therefore starts it behind a relay
/// that turns Jupyter's SIGINT into <see cref="RelaySignal"/>, which this class listens for.
/// </summary>
public sealed class SignalInterrupt : IDisposable
{
    /// <summary>The signal the relay sends for an interrupt: SIGUSR1 (10 on Linux), which .NET itself does not use.</summary>
    public const int RelaySignal = 10;

    private readonly PosixSignalRegistration registration;
    private CancellationTokenSource source = new();

    private SignalInterrupt(int signal)
    {
        registration = PosixSignalRegistration.Create((PosixSignal)signal, context =>
        {
            context.Cancel = true;  // an interrupt, not the signal's default action (ending the process)
            Interlocked.Exchange(ref source, new CancellationTokenSource()).Cancel();
        });
    }

    /// <summary>Listens for <paramref name="signal"/> (a raw signal number) from now on.</summary>
    public static SignalInterrupt Listen(int signal = RelaySignal) => new(signal);

    /// <summary>
    /// A token that fires at the next signal. Each signal fires the tokens handed out before it; those handed out after
    /// it wait for the next one, so an interrupt between cells does not cancel the next cell.
    /// </summary>
    public CancellationToken Token => Volatile.Read(ref source).Token;

    /// <summary>Stops listening.</summary>
    public void Dispose() => registration.Dispose();
}
