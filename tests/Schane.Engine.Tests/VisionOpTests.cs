using System.Text.Json;
using Schane.Engine.Serialization;
using Schane.Engine.Tests.Support;
using F = Schane.Engine.Functional;

namespace Schane.Engine.Tests;

/// <summary>
/// Functional.AffineGrid and Functional.GridSample against torch.nn.functional.affine_grid / grid_sample: outputs and
/// the gradients of every differentiable input, for each mode, padding mode and corner alignment. The cases run in
/// one call of tests/reference/nn_layers.py (its "function" cases). Inputs come from a System.Random, not libtorch's
/// shared generator, so the fixture can run beside other tests.
/// </summary>
public sealed class VisionOpOracle : IDisposable
{
    /// <summary>One case: the .NET call, its PyTorch lambda, and its inputs (name, shape, range, whether it needs a gradient).</summary>
    public sealed record Case(string Name, string Python, Func<Tensor[], Tensor> Function,
        (string Name, long[] Shape, double Low, double High, bool Grad)[] Inputs);

    public static readonly Case[] Cases =
    [
        new("affine_grid_2d", "lambda t: F.affine_grid(t, [3, 2, 5, 7], align_corners=False)",
            a => F.AffineGrid(a[0], [3, 2, 5, 7]), [("t", [3, 2, 3], -1.5, 1.5, true)]),
        new("affine_grid_2d_align_corners", "lambda t: F.affine_grid(t, [2, 1, 4, 3], align_corners=True)",
            a => F.AffineGrid(a[0], [2, 1, 4, 3], alignCorners: true), [("t", [2, 2, 3], -1.5, 1.5, true)]),
        new("affine_grid_3d", "lambda t: F.affine_grid(t, [2, 1, 3, 4, 5], align_corners=False)",
            a => F.AffineGrid(a[0], [2, 1, 3, 4, 5]), [("t", [2, 3, 4], -1, 1, true)]),
        new("affine_grid_float64", "lambda t: F.affine_grid(t, [1, 3, 6, 6], align_corners=False)",
            a => F.AffineGrid(a[0].To(DType.Float64), [1, 3, 6, 6]), [("t", [1, 2, 3], -1, 1, true)]),
        new("grid_sample_bilinear_zeros", "lambda x, g: F.grid_sample(x, g, mode='bilinear', padding_mode='zeros', align_corners=False)",
            a => F.GridSample(a[0], a[1]), [("x", [2, 3, 5, 6], -2, 2, true), ("g", [2, 4, 7, 2], -1.2, 1.2, true)]),
        new("grid_sample_bilinear_border_align", "lambda x, g: F.grid_sample(x, g, mode='bilinear', padding_mode='border', align_corners=True)",
            a => F.GridSample(a[0], a[1], GridSampleMode.Bilinear, GridSamplePaddingMode.Border, alignCorners: true),
            [("x", [2, 2, 4, 5], -2, 2, true), ("g", [2, 3, 3, 2], -1.3, 1.3, true)]),
        new("grid_sample_bilinear_reflection", "lambda x, g: F.grid_sample(x, g, mode='bilinear', padding_mode='reflection', align_corners=False)",
            a => F.GridSample(a[0], a[1], paddingMode: GridSamplePaddingMode.Reflection),
            [("x", [1, 2, 5, 5], -2, 2, true), ("g", [1, 6, 4, 2], -1.8, 1.8, true)]),
        new("grid_sample_nearest_border", "lambda x, g: F.grid_sample(x, g, mode='nearest', padding_mode='border', align_corners=False)",
            a => F.GridSample(a[0], a[1], GridSampleMode.Nearest, GridSamplePaddingMode.Border),
            [("x", [2, 1, 6, 4], -2, 2, true), ("g", [2, 5, 5, 2], -1.2, 1.2, false)]),
        new("grid_sample_bicubic_zeros_align", "lambda x, g: F.grid_sample(x, g, mode='bicubic', padding_mode='zeros', align_corners=True)",
            a => F.GridSample(a[0], a[1], GridSampleMode.Bicubic, alignCorners: true),
            [("x", [1, 2, 6, 6], -2, 2, true), ("g", [1, 4, 4, 2], -1.1, 1.1, true)]),
        new("grid_sample_3d_trilinear", "lambda x, g: F.grid_sample(x, g, mode='bilinear', padding_mode='zeros', align_corners=False)",
            a => F.GridSample(a[0], a[1]), [("x", [1, 2, 3, 4, 5], -2, 2, true), ("g", [1, 2, 3, 2, 3], -1, 1, true)]),
        // The augmentation path: a warp of a batch by per-image affine maps, differentiated through both ops.
        new("affine_warp", "lambda x, t: F.grid_sample(x, F.affine_grid(t, [3, 1, 6, 5], align_corners=False), padding_mode='border', align_corners=False)",
            a => F.GridSample(a[0], F.AffineGrid(a[1], [3, 1, 6, 5]), paddingMode: GridSamplePaddingMode.Border),
            [("x", [3, 1, 6, 5], 0, 1, true), ("t", [3, 2, 3], -1, 1, true)]),
    ];

    public TempDir Dir { get; } = new();

    public VisionOpOracle()
    {
        var random = new Random(20250301);
        var manifest = Cases.Select(c => Run(c, random)).ToList();
        File.WriteAllText(Dir.File("manifest.json"), JsonSerializer.Serialize(manifest));
        Python.Run("nn_layers.py", Dir.Path);
    }

    private static Tensor Uniform(Random random, long[] shape, double low, double high)
    {
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(low + (high - low) * random.NextDouble());
        return Torch.FromArray(values, shape);
    }

    // Runs the case in .NET, writing its inputs, output gradient and answers for the comparison; returns the manifest entry.
    private object Run(Case c, Random random)
    {
        using var scope = Torch.NewDisposeScope();
        var inputs = c.Inputs.Select(i =>
        {
            var t = Uniform(random, i.Shape, i.Low, i.High);
            if (i.Grad) t.RequiresGrad = true;
            Npy.Save(t, Dir.File($"{c.Name}.in.{i.Name}.npy"));
            return t;
        }).ToArray();
        var output = c.Function(inputs);
        var gy = Uniform(random, output.Shape, -1, 1).To(output.DType);
        Npy.Save(gy, Dir.File($"{c.Name}.gy.npy"));
        output.Backward(gy);
        Npy.Save(output, Dir.File($"{c.Name}.cs.out.npy"));
        for (var i = 0; i < inputs.Length; i++)
            if (c.Inputs[i].Grad) Npy.Save(inputs[i].Grad!, Dir.File($"{c.Name}.cs.gin.{c.Inputs[i].Name}.npy"));
        return new
        {
            name = c.Name,
            kind = "function",
            python = c.Python,
            inputs = c.Inputs.Select(i => new { name = i.Name, grad = i.Grad }),
            train = true,
            seed = (ulong?)null,
            state = Array.Empty<string>(),
        };
    }

    public void Dispose() => Dir.Dispose();
}

public class VisionOpTests(VisionOpOracle oracle) : IClassFixture<VisionOpOracle>
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in VisionOpOracle.Cases) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string name)
    {
        var c = VisionOpOracle.Cases.Single(c => c.Name == name);
        var parts = new List<string> { "out" };
        parts.AddRange(c.Inputs.Where(i => i.Grad).Select(i => $"gin.{i.Name}"));
        foreach (var part in parts)
            OracleCompare.CloseFiles(oracle.Dir.File($"{name}.py.{part}.npy"), oracle.Dir.File($"{name}.cs.{part}.npy"), $"{name} {part}");
    }

    [Fact]
    public void IdentityWarpReproducesTheInput()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Torch.Arange(0, 2 * 3 * 4 * 5, dtype: DType.Float32).Reshape(2, 3, 4, 5);
        var theta = Torch.FromArray(new float[] { 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0 }, [2, 2, 3]);
        var y = F.GridSample(x, F.AffineGrid(theta, [2, 3, 4, 5]));
        Assert.True(y.AllClose(x, atol: 1e-4), "the identity map moved pixels");
        // x ↦ −x is a horizontal flip.
        var flip = Torch.FromArray(new float[] { -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0 }, [2, 2, 3]);
        Assert.True(F.GridSample(x, F.AffineGrid(flip, [2, 3, 4, 5])).AllClose(x.Flip(3), atol: 1e-4), "θ = diag(−1, 1) is not a flip");
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        using var scope = Torch.NewDisposeScope();
        var theta = Torch.Zeros([2, 2, 3]);
        var e = Assert.Throws<ArgumentException>(() => F.AffineGrid(Torch.Zeros([2, 2, 3], DType.Int64), [2, 1, 4, 4]));
        Assert.Equal("theta", e.ParamName);
        Assert.Contains("floating point", e.Message);
        Assert.Contains("Nx2x3", Assert.Throws<ArgumentException>(() => F.AffineGrid(Torch.Zeros([2, 3, 4]), [2, 1, 4, 4])).Message);
        Assert.Contains("Nx3x4", Assert.Throws<ArgumentException>(() => F.AffineGrid(theta, [2, 1, 4, 4, 4])).Message);
        Assert.Contains("4D and 5D", Assert.Throws<ArgumentException>(() => F.AffineGrid(theta, [2, 4, 4])).Message);
        Assert.Contains("positive output size", Assert.Throws<ArgumentException>(() => F.AffineGrid(theta, [2, 1, 0, 4])).Message);
        Assert.Contains("batch of 3", Assert.Throws<ArgumentException>(() => F.AffineGrid(theta, [3, 1, 4, 4])).Message);

        var x = Torch.Zeros([2, 1, 4, 4]);
        var grid = Torch.Zeros([2, 3, 3, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => F.GridSample(x, grid, (GridSampleMode)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => F.GridSample(x, grid, paddingMode: (GridSamplePaddingMode)7));
        Assert.Contains("4D input", Assert.Throws<ArgumentException>(() =>
            F.GridSample(Torch.Zeros([1, 1, 2, 2, 2]), Torch.Zeros([1, 1, 1, 1, 3]), GridSampleMode.Bicubic)).Message);
        // libtorch's own checks arrive as TorchException naming the call.
        var batch = Assert.Throws<TorchException>(() => F.GridSample(x, Torch.Zeros([3, 3, 3, 2])));
        Assert.StartsWith("Functional.GridSample:", batch.Message);
        Assert.Contains("same batch size", batch.Message);
        Assert.StartsWith("Functional.GridSample:", Assert.Throws<TorchException>(() => F.GridSample(x, Torch.Zeros([2, 3, 3, 3]))).Message);
    }
}
