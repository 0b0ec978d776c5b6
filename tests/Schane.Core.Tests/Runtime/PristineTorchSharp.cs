using System.IO.Compression;
using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>
/// The libLibTorchSharp.so exactly as TorchSharp ships it, taken from the .nupkg in the NuGet cache: the extracted
/// copy in the cache may already have been fixed by `./schane setup`.
/// </summary>
internal static class PristineTorchSharp
{
    private const string EntryName = "runtimes/linux-x64/native/" + TorchSharpNativeCopies.FileName;

    /// <summary>The TorchSharp version Directory.Packages.props pins.</summary>
    public const string Version = "0.107.0";

    /// <summary>The package file, torchsharp/VERSION/torchsharp.VERSION.nupkg in the NuGet cache.</summary>
    public static string Package =>
        Path.Combine(TorchSharpNativeCopies.NuGetPackagesFolder(), "torchsharp", Version, $"torchsharp.{Version}.nupkg");

    /// <summary>Extracts the shipped native library into <paramref name="folder"/> and returns its path.</summary>
    public static string ExtractTo(string folder)
    {
        using var zip = ZipFile.OpenRead(Package);
        var entry = zip.GetEntry(EntryName) ?? throw new InvalidOperationException($"{Package} has no {EntryName}");
        var path = Path.Combine(folder, TorchSharpNativeCopies.FileName);
        entry.ExtractToFile(path);
        return path;
    }
}
