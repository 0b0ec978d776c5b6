using Schane.Core.Tests.Runtime;

namespace Schane.Cli.Tests;

/// <summary>`schane setup`: one line per file, exit code 1 on an error, on copies of the real libLibTorchSharp.so.</summary>
public class SetupCommandTests
{
    [OlderLibStdCxxFact]
    public void PatchesAFolderOnceThenReportsItDone()
    {
        using var scratch = new TempDir();
        var library = PristineTorchSharp.ExtractTo(Directory.CreateDirectory(Path.Combine(scratch.Path, "bin", "native")).FullName);

        var first = Cli.Run("setup", scratch.Path);
        var second = Cli.Run("setup", scratch.Path);
        var quiet = Cli.Run("setup", "--quiet", library);

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith($"patched: {library} — GLIBCXX_3.4.32 marked weak: the system libstdc++ (", first.Stdout);
        Assert.Single(first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, second.ExitCode);
        Assert.StartsWith($"already patched: {library} — GLIBCXX_3.4.32 already weak", second.Stdout);
        Assert.Equal((0, ""), (quiet.ExitCode, quiet.Stdout));
    }

    [Fact]
    public void ReportsEachBadPathAndFails()
    {
        using var scratch = new TempDir();
        var text = scratch.File("libLibTorchSharp.so");
        File.WriteAllText(text, "not a library");
        var empty = Directory.CreateDirectory(scratch.File("empty")).FullName;
        var missing = scratch.File("missing");

        var result = Cli.Run("setup", text, empty, missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                $"nothing to do: no libLibTorchSharp.so under {empty}",
                $"error: {missing}: no such file or folder",
                $"error: {text}: not an ELF file (it does not start with 0x7F 'E' 'L' 'F'); expected a shared object (.so)",
            ],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
