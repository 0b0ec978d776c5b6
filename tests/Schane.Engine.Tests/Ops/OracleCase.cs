using System.Runtime.CompilerServices;
using Schane.Engine.Serialization;

namespace Schane.Engine.Tests.Ops;

/// <summary>One op of the catalog: a name (the xunit case) and the code that declares its checks.</summary>
public sealed record OpDefinition(string Op, Action<CaseBuilder> Define);

/// <summary>
/// Declares the checks of one op for the PyTorch oracle (tests/reference/ops_oracle.py). Inputs are random (seeded
/// per op) and named a, b, c, … in creation order; each check pairs a .NET computation with the Python expression,
/// over those names, that torch must agree with. A gradient check also compares the gradients of
/// Σ_k sum(output_k · w_k), for random weights w_k, with respect to every differentiable input.
/// </summary>
public sealed class CaseBuilder
{
    private readonly Random random;
    private readonly string folder;
    private readonly string prefix;
    private readonly List<(string Name, Tensor Tensor, bool Grad)> inputs = new();

    internal CaseBuilder(string op, int index, string folder)
    {
        Op = op;
        this.folder = folder;
        prefix = $"c{index}";
        random = new Random(StableSeed(op));
    }

    /// <summary>The op these checks belong to.</summary>
    public string Op { get; }

    internal List<Dictionary<string, object?>> Checks { get; } = new();
    internal List<Dictionary<string, object?>> InputEntries { get; } = new();

    /// <summary>Checks whose .NET side threw, with the exception.</summary>
    internal List<string> Failures { get; } = new();

    // ---- inputs ----------------------------------------------------------------------------------------

    /// <summary>Normal samples · scale + shift.</summary>
    public Tensor Normal(long[] shape, DType dtype = DType.Float32, double scale = 1, double shift = 0, bool grad = true) =>
        Input(FromDoubles(shape, () => shift + scale * Gaussian(), dtype), grad);

    /// <summary>Uniform samples in [low, high).</summary>
    public Tensor Uniform(long[] shape, double low, double high, DType dtype = DType.Float32, bool grad = true) =>
        Input(FromDoubles(shape, () => low + (high - low) * random.NextDouble(), dtype), grad);

    /// <summary>Uniform integers in [low, high).</summary>
    public Tensor Ints(long[] shape, long low, long high, DType dtype = DType.Int64)
    {
        var data = new long[Count(shape)];
        for (var i = 0; i < data.Length; i++) data[i] = random.NextInt64(low, high);
        using var t = Shaped(Torch.FromArray(data), shape);
        return Input(t.To(dtype), grad: false);
    }

    /// <summary>Random booleans, true with probability <paramref name="p"/>.</summary>
    public Tensor Bools(long[] shape, double p = 0.5)
    {
        var data = new bool[Count(shape)];
        for (var i = 0; i < data.Length; i++) data[i] = random.NextDouble() < p;
        return Input(Shaped(Torch.FromArray(data), shape), grad: false);
    }

    /// <summary>[rows, cols] int64 indices, each row <paramref name="cols"/> distinct values from [0, range).</summary>
    public Tensor DistinctIndices(long rows, long cols, long range)
    {
        var data = new long[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            var pool = Enumerable.Range(0, (int)range).Select(i => (long)i).ToArray();
            random.Shuffle(pool);
            Array.Copy(pool, 0, data, r * cols, cols);
        }
        return Input(Torch.FromArray(data, [rows, cols]), grad: false);
    }

    /// <summary>Registers a tensor as the next named input (it is written to disk as it is now).</summary>
    public Tensor Input(Tensor tensor, bool grad = true)
    {
        var name = ((char)('a' + inputs.Count)).ToString();
        var file = $"{prefix}_{name}.npy";
        Save(tensor, file);
        InputEntries.Add(new() { ["name"] = name, ["file"] = file, ["dtype"] = tensor.DType.ToTorchName() });
        inputs.Add((name, tensor, grad));
        return tensor;
    }

    // ---- checks ----------------------------------------------------------------------------------------

    /// <summary>The outputs of <paramref name="compute"/> must equal torch's <paramref name="expr"/> (dtype, shape, values).</summary>
    public void Value(string expr, Func<object> compute, double? rtol = null, double? atol = null, string? pre = null) =>
        Check(expr, compute, false, rtol, atol, null, null, pre);

    /// <summary>As <see cref="Value"/>, and the gradients with respect to every float input must agree too.</summary>
    public void Grad(string expr, Func<object> compute, double? rtol = null, double? atol = null, double? gradRtol = null,
        double? gradAtol = null) =>
        Check(expr, compute, true, rtol, atol, gradRtol, gradAtol, null);

    private void Check(string expr, Func<object> compute, bool withGrad, double? rtol, double? atol, double? gradRtol,
        double? gradAtol, string? pre)
    {
        var id = $"{Op}[{Checks.Count + Failures.Count}] {expr}";
        var key = $"{prefix}_k{Checks.Count + Failures.Count}";
        var differentiable = withGrad
            ? inputs.Where(i => i.Grad && i.Tensor.DType is DType.Float32 or DType.Float64).ToList()
            : [];
        using var scope = Torch.NewDisposeScope();
        try
        {
            foreach (var i in differentiable) i.Tensor.RequiresGrad = true;
            var outputs = Outputs(compute());
            var entry = new Dictionary<string, object?>
            {
                ["id"] = id, ["expr"] = expr, ["pre"] = pre, ["rtol"] = rtol, ["atol"] = atol,
                ["grad_rtol"] = gradRtol, ["grad_atol"] = gradAtol,
                ["outputs"] = outputs.Select((o, k) => Saved(o, $"{key}_o{k}.npy")).ToList(),
            };
            if (withGrad)
            {
                if (differentiable.Count == 0) throw new InvalidOperationException("a gradient check needs a float input");
                var weights = new List<Dictionary<string, object?>>();
                Tensor? loss = null;
                for (var k = 0; k < outputs.Count; k++)
                {
                    if (!outputs[k].RequiresGrad) continue;
                    var w = FromDoubles(outputs[k].Shape, Gaussian, outputs[k].DType);
                    var saved = Saved(w, $"{key}_w{k}.npy");
                    saved["index"] = k;
                    weights.Add(saved);
                    var term = (outputs[k] * w).Sum();
                    loss = loss is null ? term : loss + term;
                }
                if (loss is null) throw new InvalidOperationException("no output of a gradient check requires grad");
                loss.Backward();
                var grads = new Dictionary<string, object?>();
                foreach (var (name, tensor, _) in differentiable)
                    grads[name] = tensor.Grad is { } g ? Saved(g, $"{key}_g_{name}.npy") : null;
                entry["grad_inputs"] = differentiable.Select(i => i.Name).ToList();
                entry["weights"] = weights;
                entry["grads"] = grads;
            }
            Checks.Add(entry);
        }
        catch (Exception e)
        {
            Failures.Add($"{id}: .NET threw {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            foreach (var i in differentiable)
            {
                i.Tensor.Grad = null;
                i.Tensor.RequiresGrad = false;
            }
        }
    }

    private Dictionary<string, object?> Saved(Tensor t, string file)
    {
        Save(t, file);
        return new() { ["file"] = file, ["dtype"] = t.DType.ToTorchName() };
    }

    // .npy holds neither int8, int16 nor bfloat16: they travel as int64 / float32 and the oracle casts them back.
    private void Save(Tensor t, string file)
    {
        using var scope = Torch.NewDisposeScope();
        var carrier = t.DType switch
        {
            DType.Int8 or DType.Int16 => t.To(DType.Int64),
            DType.BFloat16 => t.To(DType.Float32),
            _ => t,
        };
        Npy.Save(carrier, Path.Combine(folder, file));
    }

    /// <summary>Flattens a computation's result (a tensor, tensors, a tuple, a number, a shape) into tensors.</summary>
    private static List<Tensor> Outputs(object result) => result switch
    {
        Tensor t => [t],
        IEnumerable<Tensor> ts => ts.ToList(),
        ITuple tuple => Enumerable.Range(0, tuple.Length).SelectMany(i => Outputs(tuple[i]!)).ToList(),
        bool b => [Torch.FromScalar(b)],
        int n => [Torch.FromScalar((long)n)],
        long n => [Torch.FromScalar(n)],
        double d => [Torch.FromScalar(d)],
        long[] shape => [Torch.FromArray(shape)],
        _ => throw new ArgumentException($"cannot compare a result of type {result.GetType().Name}"),
    };

    private double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Tensor FromDoubles(long[] shape, Func<double> next, DType dtype)
    {
        var data = new double[Count(shape)];
        for (var i = 0; i < data.Length; i++) data[i] = next();
        var t = Shaped(Torch.FromArray(data), shape);
        if (t.DType == dtype) return t;
        using (t) return t.To(dtype);
    }

    // FromArray makes a 1-D tensor; reshaping also gives zero-dimensional shapes. The clone is a fresh leaf, not a view.
    private static Tensor Shaped(Tensor flat, long[] shape)
    {
        using (flat)
        using (var view = flat.Reshape(shape))
            return view.Clone();
    }

    private static long Count(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    // string.GetHashCode differs between runs; the data of an op must not.
    private static int StableSeed(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text) hash = (hash ^ ch) * 16777619u;
        return (int)(hash & 0x7fffffff);
    }
}
