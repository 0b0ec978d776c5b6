using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>What the hosts print when TorchSharp's native library does not load.</summary>
public class NativeLoadDiagnosisTests
{
    private static readonly LibStdCxx Debian12 = new("/lib/x86_64-linux-gnu/libstdc++.so.6",
        LibStdCxx.FindOnSystem().Versions.Except(["GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "GLIBCXX_3.4.33", "GLIBCXX_3.4.34"]).ToHashSet());

    [Fact]
    public void ExplainsTheMissingMarkerAndTheFix()
    {
        using var scratch = new TempDir();
        var library = PristineTorchSharp.ExtractTo(scratch.Path);

        var explanation = NativeLoadDiagnosis.Explain(library, Debian12);

        Assert.Equal($"libLibTorchSharp.so at {library} needs GLIBCXX_3.4.32, the system libstdc++ (/lib/x86_64-linux-gnu/libstdc++.so.6) " +
                     "has up to GLIBCXX_3.4.30: run `./schane setup` in the Schane.Interactive checkout, which marks that unused marker " +
                     $"version weak in the NuGet cache's copy and the build outputs (`./schane setup {library}` fixes this copy alone).", explanation);
    }

    [Fact]
    public void HasNothingToSayOnceFixedOrWhereLibStdCxxIsNewEnough()
    {
        using var scratch = new TempDir();
        var library = PristineTorchSharp.ExtractTo(scratch.Path);
        var newer = new LibStdCxx("/opt/newer/libstdc++.so.6", Debian12.Versions.Union(["GLIBCXX_3.4.31", "GLIBCXX_3.4.32"]).ToHashSet());

        Assert.Null(NativeLoadDiagnosis.Explain(library, newer));
        LibStdCxxCompatibility.Apply(library, Debian12);
        Assert.Null(NativeLoadDiagnosis.Explain(library, Debian12));
    }

    [Fact]
    public void SaysWhenTheFileCannotBeChecked()
    {
        using var scratch = new TempDir();
        var path = scratch.File(TorchSharpNativeCopies.FileName);
        File.WriteAllText(path, "not a library");

        var explanation = NativeLoadDiagnosis.Explain(path, Debian12);

        Assert.StartsWith($"could not check the libstdc++ versions that {path} needs: {path}: not an ELF file", explanation);
    }

    [Fact]
    public void FindsTheCopyABuildOutputLoads()
    {
        using var scratch = new TempDir();
        Assert.Null(TorchSharpNativeCopies.NextTo(scratch.Path));
        var native = Directory.CreateDirectory(Path.Combine(scratch.Path, "runtimes", "linux-x64", "native")).FullName;
        var library = PristineTorchSharp.ExtractTo(native);

        Assert.Equal(library, TorchSharpNativeCopies.NextTo(scratch.Path));
        Assert.Equal([library], TorchSharpNativeCopies.Under(scratch.Path));
    }
}
