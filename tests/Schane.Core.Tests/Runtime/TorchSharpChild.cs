using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>
/// What `dotnet Schane.Core.Tests.dll torchsharp` does (see <see cref="TestProgram"/>): loads TorchSharp the way an
/// application built from this project does, computes with it, and prints "sum=2" and the native library it loaded;
/// on failure the exception and the libstdc++ diagnosis, exit code 1. A process of its own: TorchSharp's libtorch 2.10
/// and the engine's Debian libtorch 1.13 crash when both are loaded in one process.
/// </summary>
internal static class TorchSharpChild
{
    public static int Run()
    {
        try
        {
            using var ones = TorchSharp.torch.ones(2);
            using var total = ones.sum();
            Console.WriteLine($"sum={total.item<float>()}");
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            Console.Error.WriteLine(NativeLoadDiagnosis.ExplainTorchSharp() ?? "its libstdc++ requirements are met");
            return 1;
        }
        foreach (var path in LoadedCopies()) Console.WriteLine($"loaded={path}");
        return 0;
    }

    // The libLibTorchSharp.so files mapped into this process.
    private static IEnumerable<string> LoadedCopies() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith("/" + TorchSharpNativeCopies.FileName, StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct();
}
