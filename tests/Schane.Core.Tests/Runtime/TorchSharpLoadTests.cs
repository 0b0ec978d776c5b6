using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>
/// End to end: this test process loads TorchSharp's native library from its own build output (the copy `./schane`
/// fixed after the build) and computes with it.
/// </summary>
public class TorchSharpLoadTests
{
    [Fact]
    public void LoadsTorchSharpFromTheBuildOutputAndComputes()
    {
        float sum;
        try
        {
            using var ones = TorchSharp.torch.ones(2);
            using var total = ones.sum();
            sum = total.item<float>();
        }
        catch (Exception e) when (NativeLoadDiagnosis.ExplainTorchSharp() is { } why)
        {
            throw new InvalidOperationException(why, e);
        }

        Assert.Equal(2f, sum);
        // When the regular load fails, TorchSharp falls back to copies it makes from the NuGet cache into bin/…/cpu:
        // a pass through that path would hide a build output the step missed.
        var expected = TorchSharpNativeCopies.NextTo(AppContext.BaseDirectory);
        var loaded = File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith("/" + TorchSharpNativeCopies.FileName, StringComparison.Ordinal))
            .Select(fields => fields[5]).Distinct().ToList();
        Assert.True(loaded.SequenceEqual([expected]),
            $"TorchSharp loaded {string.Join(", ", loaded)}, expected {expected}: {NativeLoadDiagnosis.ExplainTorchSharp() ?? "its libstdc++ needs are met"}");
    }
}
