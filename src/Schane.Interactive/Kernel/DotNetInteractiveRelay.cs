using System.Diagnostics;
using System.Runtime.InteropServices;
using Schane.Core.Notebooks;

namespace Schane.Interactive.Kernel;

/// <summary>
/// What Jupyter starts for the <c>.net-csharp</c>/<c>.net-fsharp</c> kernelspecs that `schane kernel install
/// --dotnet-interactive` writes: .NET Interactive's kernel as a child in a session of its own, so that Jupyter's
/// interrupt (SIGINT to the kernel's process group) reaches this relay only, which sends the child
/// <see cref="SignalInterrupt.RelaySignal"/> instead (SIGINT would stop the child's web host and end the kernel).
/// SIGTERM is passed on; the relay exits with the child's exit code.
/// </summary>
public static partial class DotNetInteractiveRelay
{
    /// <summary>Runs the tool's <c>jupyter</c> command on <paramref name="connectionFile"/> and waits for it to end.</summary>
    /// <exception cref="FileNotFoundException">The tool is not installed where the kernelspec says.</exception>
    public static int Run(string toolAssembly, string language, string connectionFile, TextWriter log)
    {
        if (!File.Exists(toolAssembly))
            throw new FileNotFoundException(
                $".NET Interactive is not installed at {toolAssembly} (the kernelspec names it): run `./schane kernel install --dotnet-interactive` " +
                "in the Schane.Interactive checkout again, which restores the tool from .config/dotnet-tools.json", toolAssembly);
        // Jupyter's interrupt for this kernelspec is SIGINT. A server started in the background (`nohup jupyter lab &`)
        // hands its kernels an ignored SIGINT, and .NET installs no handler over an inherited ignore, so the interrupt
        // would never arrive. So: back to the default before .NET sets up its signal handling, which Process.Start
        // does (ipykernel sets its own handler for the same reason).
        SetSignalHandler(SigInt, SigDefault);
        // setsid(1) gives the child its own session (and process group) before it execs dotnet.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in new[] { "dotnet", toolAssembly, "jupyter", "--default-kernel", language, connectionFile, "--http-port-range", "2048-3000" })
            start.ArgumentList.Add(a);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start setsid dotnet");
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            if (!child.HasExited && Kill(child.Id, SignalInterrupt.RelaySignal) != 0)
                log.WriteLine($"schane relay: could not pass the interrupt on to {child.Id}: errno {Marshal.GetLastPInvokeError()}");
        });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            if (!child.HasExited) Kill(child.Id, 15);
        });
        child.WaitForExit();
        return child.ExitCode;
    }

    private const int SigInt = 2;
    private const nint SigDefault = 0;

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetSignalHandler(int signal, nint handler);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
