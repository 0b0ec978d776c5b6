using System.CommandLine;
using System.Runtime.InteropServices;
using Schane.Core.Runtime;
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
        var dotnetInteractive = new Option<bool>("--dotnet-interactive")
        {
            Description = "Install .NET Interactive's kernelspecs .net-csharp and .net-fsharp instead (the tool from .config/dotnet-tools.json), started so that an interrupt stops a training run.",
        };
        var install = new Command("install", "Install the Jupyter kernelspec schane-csharp (C# cells, #!fsharp cells; interrupts by message).") { prefix, dotnetInteractive };
        install.SetAction(parse => CommandErrors.Guard("kernel install", () =>
        {
            var directory = parse.GetValue(prefix) is { } p ? KernelSpec.PrefixKernelsDirectory(p.FullName) : KernelSpec.UserKernelsDirectory;
            if (parse.GetValue(dotnetInteractive))
            {
                var manifest = ToolManifest();
                var packages = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(manifest)!)!, "artifacts", "packages");
                var tool = DotNetInteractiveKernelSpecs.Restore(manifest, TorchSharpNativeCopies.NuGetPackagesFolder());
                foreach (var written in DotNetInteractiveKernelSpecs.Install(tool, directory, SelfCommand.With("kernel", "dotnet-interactive", tool), packages))
                    Console.WriteLine($"installed kernelspec {Path.GetFileName(written)} in {written}");
            }
            else
            {
                var folder = KernelSpec.Install(directory, StartCommand());
                Console.WriteLine($"installed kernelspec {KernelSpec.Name} in {folder}");
            }
            if (parse.GetValue(prefix) is { } chosen)
                Console.WriteLine($"Jupyter finds it with JUPYTER_PATH={Path.Combine(chosen.FullName, "share", "jupyter")}");
            return 0;
        }));

        var connectionFile = new Argument<FileInfo>("connection-file") { Description = "The connection file Jupyter wrote (ports, key, signature scheme)." };
        var start = new Command("start", "Run the kernel on a Jupyter connection file (Jupyter does this; see `kernel install`).") { connectionFile };
        start.SetAction(parse => CommandErrors.Guard("kernel start", () => Start(parse.GetValue(connectionFile)!.FullName)));

        var toolAssembly = new Argument<FileInfo>("tool") { Description = "The .NET Interactive tool's Microsoft.DotNet.Interactive.App.dll." };
        var language = new Argument<string>("language") { Description = "csharp or fsharp: the kernel's default language." };
        var relayConnection = new Argument<FileInfo>("connection-file") { Description = "The connection file Jupyter wrote." };
        var relay = new Command("dotnet-interactive", "Run .NET Interactive's Jupyter kernel behind an interrupt relay (what the kernelspecs of `kernel install --dotnet-interactive` run).")
        {
            toolAssembly, language, relayConnection,
        };
        relay.Hidden = true;
        relay.SetAction(parse => CommandErrors.Guard("kernel dotnet-interactive", () =>
            DotNetInteractiveRelay.Run(parse.GetValue(toolAssembly)!.FullName, parse.GetValue(language)!, parse.GetValue(relayConnection)!.FullName, Console.Error)));

        return new Command("kernel", "The Jupyter kernel: install its kernelspec, or start it on a connection file.") { install, start, relay };
    }

    // The tool manifest of the checkout this command was built in.
    private static string ToolManifest()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var manifest = Path.Combine(folder.FullName, ".config", "dotnet-tools.json");
            if (File.Exists(manifest)) return manifest;
        }
        throw new FileNotFoundException(
            $"no .config/dotnet-tools.json above {AppContext.BaseDirectory}: `kernel install --dotnet-interactive` installs the tool that the " +
            "Schane.Interactive checkout's manifest names; run it from that checkout (./schane kernel install --dotnet-interactive)");
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
