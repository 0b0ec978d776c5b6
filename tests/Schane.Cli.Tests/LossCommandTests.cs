using System.Globalization;
using Schane.Core.Losses;
using Schane.Core.IO;

namespace Schane.Cli.Tests;

/// <summary>`schane loss`, the contract researchers script against: loss=&lt;float&gt; on the last line, dL/dE in --grad.</summary>
public sealed class LossCommandTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly string embeddings, labels;

    public LossCommandTests()
    {
        embeddings = dir.File("e.npy");
        labels = dir.File("y.npy");
        using var scope = NewDisposeScope();
        var random = new Random(1);
        Npy.Save(tensor(Enumerable.Range(0, 24 * 2 * 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), [24, 2, 8]), embeddings);
        Npy.Save(tensor(Enumerable.Range(0, 24).Select(i => (long)(i % 4)).ToArray()), labels);
    }

    public void Dispose() => dir.Dispose();

    private (double Loss, float[] Grad) InProcess(ContrastiveLoss loss)
    {
        using var scope = NewDisposeScope();
        var e = Npy.Load(embeddings).requires_grad_();
        var value = loss.Compute(e, Npy.Load(labels));
        value.backward();
        return (value.ToDouble(), e.grad!.data<float>().ToArray());
    }

    private static double ParseLoss(Cli.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith("loss=", result.LastLine);
        return double.Parse(result.LastLine["loss=".Length..], CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("schane")]
    [InlineData("supcon")]
    [InlineData("hcl")]
    [InlineData("ntxent")]
    public void PrintsTheLossAndWritesTheGradient(string name)
    {
        var grad = dir.File($"{name}.g.npy");
        var value = ParseLoss(Cli.Run("loss", "--name", name, "--embeddings", embeddings, "--labels", labels, "--temperature", "0.3", "--grad", grad));
        ContrastiveLoss loss = name switch
        {
            "schane" => new SCHaNeLoss { Temperature = 0.3 },
            "supcon" => new SupConLoss { Temperature = 0.3 },
            "hcl" => new HCLLoss { Temperature = 0.3 },
            _ => new NTXentLoss { Temperature = 0.3 },
        };
        var (expected, expectedGrad) = InProcess(loss);
        Assert.Equal(expected, value, 12);
        using var written = Npy.Load(grad);
        Assert.Equal([24L, 2, 8], written.shape);
        Assert.Equal(expectedGrad, written.data<float>().ToArray());
    }

    [Fact]
    public void TakesTheWeightingFromACSharpScript()
    {
        var script = dir.File("beta2.csx");
        File.WriteAllText(script, """
            // SCHaNe's exponential weighting with β = 2, written out by hand.
            Func<SimilarityBlock, Tensor> weighting = block =>
                NegativeWeighting.NormalizeOverNegatives(block.Logits * 2.0, block.Negatives);
            weighting
            """);
        var scripted = ParseLoss(Cli.Run("loss", "--name", "schane", "--embeddings", embeddings, "--labels", labels, "--weighting", script));
        var builtIn = ParseLoss(Cli.Run("loss", "--name", "schane", "--embeddings", embeddings, "--labels", labels, "--beta", "2"));
        // The script runs the generic path, --beta the fused kernel: equal to float32 precision.
        Assert.Equal(builtIn, scripted, 5);
        Assert.NotEqual(ParseLoss(Cli.Run("loss", "--name", "schane", "--embeddings", embeddings, "--labels", labels)), scripted, 6);
    }

    [Fact]
    public void ACompileErrorPointsAtTheLine()
    {
        var script = dir.File("broken.csx");
        File.WriteAllText(script, "var x = 1;\nNegativeWeighting.TopK(notDefined)\n");
        var result = Cli.Run("loss", "--name", "schane", "--embeddings", embeddings, "--labels", labels, "--weighting", script);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{script}(2,24): error CS0103", result.Stderr);
        Assert.Contains("NegativeWeighting.TopK(notDefined)", result.Stderr);
    }

    [Fact]
    public void BadInvocationsSayWhatIsWrong()
    {
        var missing = Cli.Run("loss", "--name", "schane", "--embeddings", dir.File("nope.npy"), "--labels", labels);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.npy", missing.Stderr);

        var supconWeighting = Cli.Run("loss", "--name", "supcon", "--embeddings", embeddings, "--labels", labels, "--weighting", labels);
        Assert.Equal(1, supconWeighting.ExitCode);
        Assert.Contains("supcon has no negative weighting", supconWeighting.Stderr);

        var unknown = Cli.Run("loss", "--name", "triplet", "--embeddings", embeddings, "--labels", labels);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("triplet", unknown.Stderr);
    }
}

/// <summary>Every weighting script shipped in scripts/weightings runs through `schane loss`.</summary>
public class ShippedWeightingScriptTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Path.GetDirectoryName(Python.ReferenceDir)!, "..", "scripts", "weightings"), "*.csx"))
            data.Add(Path.GetFullPath(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void RunsThroughSchaneLoss(string script)
    {
        using var dir = new TempDir();
        using (var scope = NewDisposeScope())
        {
            var random = new Random(2);
            Npy.Save(tensor(Enumerable.Range(0, 16 * 2 * 8).Select(_ => random.NextDouble()).ToArray(), [16, 2, 8]), dir.File("e.npy"));
            Npy.Save(tensor(Enumerable.Range(0, 16).Select(i => (long)(i % 3)).ToArray()), dir.File("y.npy"));
        }
        var result = Cli.Run("loss", "--name", "schane", "--embeddings", dir.File("e.npy"), "--labels", dir.File("y.npy"), "--weighting", script);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Matches(@"^loss=\d+\.\d+", result.LastLine);
    }
}
