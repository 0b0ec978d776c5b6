namespace Schane.Cli.Tests;

/// <summary>`schane info`: the installation check names TorchSharp, the libtorch it loaded, threads and CUDA.</summary>
public sealed class InfoCommandTests
{
    [Fact]
    public void NamesTorchSharpLibTorchThreadsAndCuda()
    {
        var run = Cli.Run("info");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal($"torchsharp={typeof(torch).Assembly.GetName().Version!.ToString(3)}", lines[0]);
        Assert.Equal($"libtorch={__version__}", lines[1]);
        Assert.Matches(@"^threads=[1-9]\d* interop_threads=[1-9]\d*$", lines[2]);
        Assert.Matches(@"^cuda=(True devices=[1-9]\d*|False devices=0)$", lines[3]);
        Assert.Contains(lines, l => l.StartsWith("native=", StringComparison.Ordinal) && l.EndsWith("libtorch_cpu.so", StringComparison.Ordinal));
        // Whether oneDNN's convolution gradients are right on this CPU (they are not everywhere: Runtime.ConvolutionCheck).
        Assert.Contains(lines, l => l == "convolution=oneDNN input gradients right at 4, 8, 16, 32 channels"
            || l.StartsWith("convolution=oneDNN input gradients wrong at ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("world_size=1 mpi=", StringComparison.Ordinal)); // not under mpirun
        Assert.StartsWith("dotnet=", lines[^1]);
    }
}
