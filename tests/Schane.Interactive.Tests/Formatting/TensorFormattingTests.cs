using System.Text.Json;
using System.Text.RegularExpressions;
using Schane.Core.IO;
using Schane.Interactive.Formatting;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Interactive.Tests.Formatting;

/// <summary>Tensor.TotalCount is process-wide: the tests that count it run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorCountingCollection
{
    public const string Name = "Formatting: Tensor.TotalCount";
}

[Collection(TensorCountingCollection.Name)]
public class TensorFormattingTests
{
    [Fact]
    public void A_small_tensor_renders_metadata_values_and_the_torch_repr()
    {
        using var t = torch.tensor(new[] { 1.5f, -2.25f, 3f, 0.125f, 10f, -0.5f }, [2, 3]);
        var bundle = Formatter.Format(t);
        Assert.Equal(["text/html", "text/plain"], bundle.Keys);
        Assert.Equal("tensor([[ 1.5000, -2.2500,  3.0000],\n        [ 0.1250, 10.0000, -0.5000]])", bundle["text/plain"]);
        var html = bundle["text/html"];
        Assert.Contains("shape <code>[2, 3]</code>", html);
        Assert.Contains("dtype <code>torch.float32</code>", html);
        Assert.Contains("device <code>cpu</code>", html);
        Assert.Contains("requires_grad <code>False</code>", html);
        Assert.Contains(">-2.2500</td>", html);
        Assert.Contains(">10.0000</td>", html);
        Assert.DoesNotContain("…", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void A_large_tensor_is_summarised_as_torch_prints_it()
    {
        using var t = torch.arange(10000).reshape(100, 100);
        var bundle = Formatter.Format(t);
        Assert.Equal(
            "tensor([[   0,    1,    2,  ...,   97,   98,   99],\n" +
            "        [ 100,  101,  102,  ...,  197,  198,  199],\n" +
            "        [ 200,  201,  202,  ...,  297,  298,  299],\n" +
            "        ...,\n" +
            "        [9700, 9701, 9702,  ..., 9797, 9798, 9799],\n" +
            "        [9800, 9801, 9802,  ..., 9897, 9898, 9899],\n" +
            "        [9900, 9901, 9902,  ..., 9997, 9998, 9999]])",
            bundle["text/plain"]);
        var html = bundle["text/html"];
        Assert.Contains("shape <code>[100, 100]</code>", html);
        Assert.Contains("torch.int64", html);
        Assert.Contains("(10,000 elements)", html);
        Assert.Contains(">99</th>", html);      // real indices in the headers
        Assert.Contains(">9999</td>", html);
        Assert.DoesNotContain(">50</td>", html); // elided
        Assert.Equal(7 * 7, Regex.Matches(html, "<td").Count); // 3 + … + 3 rows by 3 + … + 3 columns
        Assert.Contains("Summarised", html);
    }

    [Fact]
    public void Tensors_of_more_dimensions_show_the_repr_and_suffixes_name_what_is_not_default()
    {
        using var cube = torch.arange(0, 24, 1, torch.float64).reshape(2, 3, 4);
        var bundle = Formatter.Format(cube);
        Assert.StartsWith("tensor([[[ 0.,  1.,  2.,  3.],", bundle["text/plain"]);
        Assert.EndsWith("[20., 21., 22., 23.]]], dtype=torch.float64)", bundle["text/plain"]);
        Assert.Contains("<pre>tensor([[[ 0.,", bundle["text/html"]);

        using var leaf = torch.tensor(new[] { 0.5f, 1e-6f }).requires_grad_();
        Assert.Equal("tensor([5.0000e-01, 1.0000e-06], requires_grad=True)", Formatter.Format(leaf)["text/plain"]);
        Assert.Contains("requires_grad <code>True</code>", Formatter.Format(leaf)["text/html"]);

        using var scalar = torch.tensor(3.5f);
        Assert.Equal("tensor(3.5000)", Formatter.Format(scalar)["text/plain"]);
        using var empty = torch.zeros(0, 3);
        Assert.Equal("tensor([], size=(0, 3))", Formatter.Format(empty)["text/plain"]);
        using var flags = torch.tensor(new[] { true, false });
        Assert.Equal("tensor([ True, False])", Formatter.Format(flags)["text/plain"]);
    }

    [Fact]
    public void A_disposed_tensor_displays_as_disposed()
    {
        var t = torch.ones(2);
        t.Dispose();
        var bundle = Formatter.Format(t);
        Assert.Equal("Tensor(disposed)", bundle["text/plain"]);
        Assert.Contains("(disposed)", bundle["text/html"]);
    }

    [Fact]
    public void Formatting_leaks_no_tensor()
    {
        using var small = torch.tensor(new[] { 1f, 2f, 3f });
        using var huge = torch.zeros(3000, 3000);
        using var cube = torch.randn(10, 20, 30);
        using var leaf = torch.randn(40, 40).requires_grad_();
        using var derived = leaf * 2.0;
        using var ones = torch.ones(2000);
        using var bools = ones.gt(0.5);
        var before = SettledLiveCount();
        foreach (var t in new[] { small, huge, cube, leaf, derived, bools })
        {
            var bundle = Formatter.Format(t);
            Assert.Contains("tensor(", bundle["text/plain"]);
        }
        Assert.Contains("tensor([1., 2., 3.])", Formatter.Format(new { Weights = small })["text/plain"]);
        Assert.Contains("(first 20 of 100 items)", Formatter.Format(Enumerable.Repeat(small, 100).ToList())["text/plain"]);
        Assert.Equal(before, Tensor.TotalCount);
    }

    [Fact]
    public void The_repr_matches_PyTorch_print()
    {
        var random = new Random(7);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var cases = new (string Name, Func<Tensor> Make, bool RequiresGrad)[]
        {
            ("mixed", () => torch.tensor(new[] { 1.5f, -2.25f, 3f, 0.125f, 10f, -0.5f }, [2, 3]), false),
            ("int64 summarised", () => torch.arange(10000).reshape(100, 100), false),
            ("fractions summarised", () => torch.tensor(Enumerable.Range(0, 2000).Select(i => i / 7f).ToArray(), [40, 50]), false),
            ("scientific float64", () => torch.tensor(new[] { 1e-5, 1.0, 1000.0, -2.5 }), false),
            ("integral floats", () => torch.tensor(new[] { 1f, 2f, 3f, -4f }), false),
            ("booleans", () => torch.tensor(new[] { true, false, true }), false),
            ("normal 3-d", () => torch.tensor(Enumerable.Range(0, 6000).Select(_ => (float)Normal()).ToArray(), [10, 20, 30]), false),
            ("empty", () => torch.zeros(0, 3), false),
            ("int32", () => torch.tensor(new[] { 1, -20, 300, 4 }, [2, 2]), false),
            ("requires grad", () => torch.tensor(new[] { 0.25f, -1f, 2f }), true),
            ("wrapped row", () => torch.tensor(Enumerable.Range(0, 50).Select(i => i * 1.25f - 7f).ToArray()), false),
            ("uint8", () => torch.tensor(new byte[] { 0, 7, 255 }), false),
            ("non-finite", () => torch.tensor(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f }), false),
            ("zeros", () => torch.zeros(100), false),
            ("large integral floats", () => torch.tensor(Enumerable.Range(0, 1500).Select(i => (float)i).ToArray()), false),
        };
        using var dir = new TempDir();
        var specs = new List<object>();
        var ours = new List<string>();
        foreach (var (name, make, requiresGrad) in cases)
        {
            using var t = make();
            var file = dir.File(specs.Count + ".npy");
            Npy.Save(t, file);
            if (requiresGrad) t.requires_grad_();
            specs.Add(new { file, requires_grad = requiresGrad });
            ours.Add(Formatter.Format(t)["text/plain"]);
        }
        File.WriteAllText(dir.File("cases.json"), JsonSerializer.Serialize(specs));
        var theirs = JsonSerializer.Deserialize<string[]>(Python.Run("tensor_repr.py", dir.File("cases.json")))!;
        for (var i = 0; i < cases.Length; i++)
            Assert.True(NoSpace(theirs[i]) == NoSpace(ours[i]), $"{cases[i].Name}:\nPyTorch:\n{theirs[i]}\nours:\n{ours[i]}");
    }

    // Values, brackets, elisions and suffixes must agree; line breaks and padding need not.
    private static string NoSpace(string text) => Regex.Replace(text, @"\s+", "");

    private static long SettledLiveCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }
}
