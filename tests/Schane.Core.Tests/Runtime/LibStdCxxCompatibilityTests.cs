using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>The compatibility step on the real, unpatched libLibTorchSharp.so, against the real and injected libstdc++.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class LibStdCxxCompatibilityTests
{
    private static readonly LibStdCxx System = LibStdCxx.FindOnSystem();

    [OlderLibStdCxxFact]
    public void MarksExactlyTheMissingMarkerWeakThenFindsItDone()
    {
        using var scratch = new TempDir();
        var library = PristineTorchSharp.ExtractTo(scratch.Path);
        File.SetUnixFileMode(library, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        var before = File.ReadAllBytes(library);
        var marker = ElfSharedObject.Read(library).VersionNeeds.Single(n => n.Version == "GLIBCXX_3.4.32");

        var result = LibStdCxxCompatibility.Apply(library, System);

        Assert.Equal(CompatibilityOutcome.Patched, result.Outcome);
        Assert.Equal(["GLIBCXX_3.4.32"], result.Versions.Select(v => v.Version));
        Assert.Contains("GLIBCXX_3.4.32 marked weak", result.Message);
        Assert.Contains("_ZSt21ios_base_library_initv", result.Message);
        // One byte changed: the low byte of that entry's vna_flags, which gained VER_FLG_WEAK.
        var after = File.ReadAllBytes(library);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Equal([(int)marker.FlagsOffset], changed);
        Assert.Equal(before[marker.FlagsOffset] | VersionNeed.WeakFlag, after[marker.FlagsOffset]);
        var needs = ElfSharedObject.Read(library).VersionNeeds;
        Assert.Equal(["GLIBCXX_3.4.32"], needs.Where(n => n.IsWeak).Select(n => n.Version));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead, File.GetUnixFileMode(library));
        Assert.Equal([TorchSharpNativeCopies.FileName], Directory.GetFiles(scratch.Path).Select(Path.GetFileName));  // no temporary left

        var again = LibStdCxxCompatibility.Apply(library, System);

        Assert.Equal(CompatibilityOutcome.AlreadyPatched, again.Outcome);
        Assert.Contains("GLIBCXX_3.4.32 already weak", again.Message);
        Assert.Equal(after, File.ReadAllBytes(library));
    }

    [Fact]
    public void ChangesNothingWhereLibStdCxxHasTheVersion()
    {
        using var scratch = new TempDir();
        var library = PristineTorchSharp.ExtractTo(scratch.Path);
        var before = File.ReadAllBytes(library);
        var stamp = File.GetLastWriteTimeUtc(library);
        var newer = new LibStdCxx("/opt/newer/libstdc++.so.6", System.Versions.Union(["GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "CXXABI_1.3.15"]).ToHashSet());

        var result = LibStdCxxCompatibility.Apply(library, newer);

        Assert.Equal(CompatibilityOutcome.NothingToDo, result.Outcome);
        Assert.Equal("the system libstdc++ (/opt/newer/libstdc++.so.6) has GLIBCXX_3.4.32, the newest version it needs", result.Message);
        Assert.Equal(before, File.ReadAllBytes(library));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(library));
    }

    [Fact]
    public void RefusesWhenAMissingVersionIsRelocatedAgainst()
    {
        using var scratch = new TempDir();
        var library = PristineTorchSharp.ExtractTo(scratch.Path);
        var before = File.ReadAllBytes(library);
        // A libstdc++ older still, ending at GLIBCXX_3.4.29: TorchSharp does call GLIBCXX_3.4.30's symbols.
        var older = new LibStdCxx("/opt/older/libstdc++.so.6",
            System.Versions.Except(["GLIBCXX_3.4.30", "GLIBCXX_3.4.31", "GLIBCXX_3.4.32"]).ToHashSet());

        var error = Assert.Throws<IncompatibleLibStdCxxException>(() => LibStdCxxCompatibility.Apply(library, older));

        Assert.StartsWith($"{library} needs GLIBCXX_3.4.30 (used by ", error.Message);
        Assert.Contains("the system libstdc++ (/opt/older/libstdc++.so.6) has up to GLIBCXX_3.4.29", error.Message);
        Assert.Contains("too old", error.Message);
        Assert.Contains("Install a newer libstdc++", error.Message);
        Assert.Contains("TorchSharp build made for this distribution", error.Message);
        // Not even the harmless marker was touched.
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    [OlderLibStdCxxFact]
    public void PatchesTheTargetOfALink()
    {
        using var scratch = new TempDir();
        var library = PristineTorchSharp.ExtractTo(scratch.Path);
        var link = scratch.File("link.so");
        File.CreateSymbolicLink(link, library);

        Assert.Equal(CompatibilityOutcome.Patched, LibStdCxxCompatibility.Apply(link, System).Outcome);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.True(ElfSharedObject.Read(library).VersionNeeds.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
    }
}
