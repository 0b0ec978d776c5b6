using System.CommandLine;
using Schane.Core.Runtime;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane setup [PATH...]`: makes TorchSharp's native library loadable on this system by applying
/// <see cref="LibStdCxxCompatibility"/> to the package's copy in the NuGet cache and to every copy in the repository's
/// build outputs (src/*/bin, tests/*/bin), or to the given files and folders. One line per file: patched, already
/// patched, nothing to do, or error; exit code 1 when any file failed. It reads and writes files only: TorchSharp is
/// never loaded, so it works exactly where TorchSharp would not.
/// </summary>
internal static class SetupCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = $"Files or folders (searched for {TorchSharpNativeCopies.FileName}) to fix instead of the NuGet cache and the repository's bin folders.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the files changed and the errors (what ./schane does before each command)." };
        var command = new Command("setup",
            "Make TorchSharp's native library load on this system: where the system libstdc++ lacks a version it only marks " +
            "(Debian 12: GLIBCXX_3.4.32), mark that requirement weak. Idempotent; changes nothing where libstdc++ is new enough.")
        {
            paths, quiet,
        };
        command.SetAction(parse => Run(parse.GetValue(paths) ?? [], parse.GetValue(quiet)));
        return command;
    }

    private static int Run(IReadOnlyList<string> paths, bool quiet)
    {
        var targets = new List<string>();
        var failed = false;
        if (paths.Count == 0)
        {
            targets.AddRange(TorchSharpNativeCopies.Default(RepositoryRoot()));
            if (targets.Count == 0 && !quiet)
                Console.WriteLine($"nothing to do: no {TorchSharpNativeCopies.FileName} in {TorchSharpNativeCopies.NuGetPackagesFolder()} or the build outputs");
        }
        foreach (var path in paths)
        {
            if (File.Exists(path)) targets.Add(Path.GetFullPath(path));
            else if (Directory.Exists(path))
            {
                var found = TorchSharpNativeCopies.Under(path);
                if (found.Count == 0 && !quiet) Console.WriteLine($"nothing to do: no {TorchSharpNativeCopies.FileName} under {path}");
                targets.AddRange(found.Select(Path.GetFullPath));
            }
            else
            {
                Console.WriteLine($"error: {path}: no such file or folder");
                failed = true;
            }
        }
        if (targets.Count == 0) return failed ? 1 : 0;

        LibStdCxx system;
        try
        {
            system = LibStdCxx.FindOnSystem();
        }
        catch (IOException e)
        {
            Console.WriteLine($"error: {e.Message}");
            return 1;
        }

        foreach (var target in targets.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var result = LibStdCxxCompatibility.Apply(target, system);
                if (quiet && result.Outcome != CompatibilityOutcome.Patched) continue;
                Console.WriteLine($"{Label(result.Outcome)}: {target} — {result.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or IncompatibleLibStdCxxException)
            {
                // The ELF and compatibility errors start with the file's path; the others get it in front.
                Console.WriteLine(e.Message.StartsWith(target, StringComparison.Ordinal) ? $"error: {e.Message}" : $"error: {target}: {e.Message}");
                failed = true;
            }
        }
        return failed ? 1 : 0;
    }

    private static string Label(CompatibilityOutcome outcome) => outcome switch
    {
        CompatibilityOutcome.Patched => "patched",
        CompatibilityOutcome.AlreadyPatched => "already patched",
        _ => "nothing to do",
    };

    // The checkout this command was built in (the folder holding Schane.Interactive.sln above its bin folder), else
    // the current folder's; null outside one.
    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "Schane.Interactive.sln"))) return folder.FullName;
        }
        return null;
    }
}
