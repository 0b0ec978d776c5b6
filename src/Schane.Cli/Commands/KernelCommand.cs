using System.CommandLine;
using System.Runtime.InteropServices;
using Schane.Interactive.Execution;
using Schane.Interactive.Formatting;
using Schane.Interactive.Kernel;
using Schane.Interactive.Protocol;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane kernel install [--prefix DIR]` writes the Jupyter kernelspec schane-csharp; `schane kernel start FILE` is
/// what Jupyter runs from it: a <see cref="JupyterKernel"/> on the connection file Jupyter wrote.
/// </summary>
internal static class KernelCommand
{
    public static Command Create()
    {
        var prefix = new Option<DirectoryInfo?>("--prefix")
        {
            Description = "Install under PREFIX/share/jupyter/kernels (as `jupyter kernelspec install --prefix`) instead of the user's Jupyter folder.",
        };
        var install = new Command("install", "Install the Jupyter kernelspec schane-csharp (C# cells, #!fsharp cells; interrupts by message).") { prefix };
        install.SetAction(parse => CommandErrors.Guard("kernel install", () =>
        {
            var directory = parse.GetValue(prefix) is { } p ? KernelSpec.PrefixKernelsDirectory(p.FullName) : KernelSpec.UserKernelsDirectory;
            var folder = KernelSpec.Install(directory, StartCommand());
            Console.WriteLine($"installed kernelspec {KernelSpec.Name} in {folder}");
            if (parse.GetValue(prefix) is { } chosen)
                Console.WriteLine($"Jupyter finds it with JUPYTER_PATH={Path.Combine(chosen.FullName, "share", "jupyter")}");
            return 0;
        }));

        var connectionFile = new Argument<FileInfo>("connection-file") { Description = "The connection file Jupyter wrote (ports, key, signature scheme)." };
        var start = new Command("start", "Run the kernel on a Jupyter connection file (Jupyter does this; see `kernel install`).") { connectionFile };
        start.SetAction(parse => CommandErrors.Guard("kernel start", () => Start(parse.GetValue(connectionFile)!.FullName)));

        return new Command("kernel", "The Jupyter kernel: install its kernelspec, or start it on a connection file.") { install, start };
    }

    // How Jupyter starts this program again.
    private static IReadOnlyList<string> StartCommand() => SelfCommand.With("kernel", "start");

    private static int Start(string connectionFile)
    {
        var connection = ConnectionInfo.Load(connectionFile);
        Console.SetIn(TextReader.Null);  // a cell reading stdin gets end-of-input instead of hanging the kernel
        var log = Console.Error;
        using var session = new NotebookSession(Environment.CurrentDirectory, Formatter.Format);
        using var kernel = new JupyterKernel(connection, session, log);
        // ipykernel treats SIGINT as an interrupt too (`jupyter console`, or a manager without message mode).
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            kernel.Interrupt();
        });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => kernel.Stop());
        log.WriteLine($"schane kernel: ready on {connection.Endpoint(connection.ShellPort)} (protocol 5.3)");
        kernel.Run();
        return 0;
    }
}
