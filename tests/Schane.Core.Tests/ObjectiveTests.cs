using System.Text.Json.Nodes;

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
        using var scope = NewDisposeScope();
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

        var e = embeddings.detach().requires_grad_();
        var l = logits.detach().requires_grad_();
        using var terms = new Objective { Lambda = lambda, LabelSmoothing = smoothing }.Compute(e, l, labels);
        terms.Total.backward();
        Assert.Equal(expected, terms.Total.ToDouble(), 10);
        var expectedEmbeddingGrad = Npy.Load(dir.File("ge.npy"));
        if (lambda == 0)
        {
            // λ = 0 skips the contrastive term: no gradient reaches the embeddings, as PyTorch's is zero.
            Assert.Null(e.grad);
            Assert.Equal(0.0, expectedEmbeddingGrad.abs().max().ToDouble());
        }
        else
        {
            Assert.True(e.grad!.allclose(expectedEmbeddingGrad, 1e-9, 1e-12), "embedding gradient");
        }
        Assert.True(l.grad!.allclose(Npy.Load(dir.File("gl.npy")), 1e-9, 1e-12), "logit gradient");
        Assert.Equal(lambda * terms.Contrastive.ToDouble() + (1 - lambda) * terms.CrossEntropy.ToDouble(), terms.Total.ToDouble(), 12);
    }

    [Fact]
    public void LogitsMustHaveTheEmbeddingsRows()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() =>
            new Objective().Compute(randn([4, 2, 8]), randn([4, 5]), zeros([4], ScalarType.Int64)));
        Assert.Contains("must have the rows of embeddings", error.Message);
    }
}
