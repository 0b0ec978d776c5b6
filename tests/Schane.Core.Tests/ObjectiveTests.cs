using System.Text.Json.Nodes;
using Schane.Engine.Serialization;

namespace Schane.Core.Tests;

/// <summary>λ · SCHaNe + (1 − λ) · cross-entropy against the official formula written in PyTorch (tests/reference/losses.py).</summary>
public class ObjectiveTests
{
    [Theory]
    [InlineData(0.9, 0.0)]
    [InlineData(0.5, 0.1)]
    [InlineData(0.0, 0.2)]
    public void MatchesThePyTorchObjective(double lambda, double smoothing)
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        var random = new Random(17);
        var embeddings = TestData.Normal(random, [12, 2, 8]);
        var logits = TestData.Normal(random, [12, 2, 5]);
        var labels = TestData.Labels(random, 12, 5);
        Npy.Save(embeddings, dir.File("e.npy"));
        Npy.Save(logits, dir.File("l.npy"));
        Npy.Save(labels, dir.File("y.npy"));
        var manifest = new JsonObject
        {
            ["output"] = dir.File("out.json"),
            ["cases"] = new JsonArray(new JsonObject
            {
                ["id"] = "o", ["name"] = "objective", ["options"] = new JsonObject { ["lam"] = lambda, ["label_smoothing"] = smoothing },
                ["embeddings"] = dir.File("e.npy"), ["labels"] = dir.File("y.npy"), ["logits"] = dir.File("l.npy"),
                ["grad"] = dir.File("ge.npy"), ["logits_grad"] = dir.File("gl.npy"),
            }),
        };
        File.WriteAllText(dir.File("m.json"), manifest.ToJsonString());
        Python.Run("losses.py", dir.File("m.json"));
        var expected = (double)JsonNode.Parse(File.ReadAllText(dir.File("out.json")))!["results"]![0]!["loss"]!;

        var e = embeddings.Detach().RequiresGrad_();
        var l = logits.Detach().RequiresGrad_();
        using var terms = new Objective { Lambda = lambda, LabelSmoothing = smoothing }.Compute(e, l, labels);
        terms.Total.Backward();
        Assert.Equal(expected, terms.Total.Item<double>(), 10);
        var expectedEmbeddingGrad = Npy.Load(dir.File("ge.npy"));
        if (lambda == 0)
        {
            // λ = 0 skips the contrastive term: no gradient reaches the embeddings, as PyTorch's is zero.
            Assert.Null(e.Grad);
            Assert.Equal(0.0, expectedEmbeddingGrad.Abs().Max().Item<double>());
        }
        else
        {
            Assert.True(e.Grad!.AllClose(expectedEmbeddingGrad, 1e-9, 1e-12), "embedding gradient");
        }
        Assert.True(l.Grad!.AllClose(Npy.Load(dir.File("gl.npy")), 1e-9, 1e-12), "logit gradient");
        Assert.Equal(lambda * terms.Contrastive.Item<double>() + (1 - lambda) * terms.CrossEntropy.Item<double>(), terms.Total.Item<double>(), 12);
    }

    [Fact]
    public void LogitsMustHaveTheEmbeddingsRows()
    {
        using var scope = Torch.NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() =>
            new Objective().Compute(Torch.Randn([4, 2, 8]), Torch.Randn([4, 5]), Torch.Zeros([4], DType.Int64)));
        Assert.Contains("must have the rows of embeddings", error.Message);
    }
}
