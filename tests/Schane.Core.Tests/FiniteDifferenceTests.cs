namespace Schane.Core.Tests;

/// <summary>Gradients of every loss, in both paths, against central finite differences in float64.</summary>
public class FiniteDifferenceTests
{
    public static TheoryData<string, LossPath> Cases()
    {
        var data = new TheoryData<string, LossPath>();
        foreach (var name in new[] { "schane", "schane-outside", "supcon", "hcl", "ntxent", "schane-topk" })
        foreach (var path in new[] { LossPath.Dense, LossPath.Blocked })
            data.Add(name, path);
        foreach (var name in new[] { "schane", "schane-outside", "supcon", "hcl", "ntxent" })
            data.Add(name + "-autograd", LossPath.Blocked);
        return data;
    }

    private static ContrastiveLoss Make(string name, LossPath path) => name.EndsWith("-autograd")
        ? Make(name[..^"-autograd".Length], path) with { UseFusedKernel = false }
        : name switch
    {
        "schane" => new SCHaNeLoss { Path = path, BlockRows = 3, Weighting = NegativeWeighting.Exponential(1.5) },
        "schane-outside" => new SCHaNeLoss { Path = path, BlockRows = 3, Positives = PositiveAveraging.OutsideLog },
        "schane-topk" => new SCHaNeLoss { Path = path, BlockRows = 3, Weighting = NegativeWeighting.TopK(2) },
        "supcon" => new SupConLoss { Path = path, BlockRows = 3, Temperature = 0.3 },
        "hcl" => new HCLLoss { Path = path, BlockRows = 3, TauPlus = 0.05 },
        _ => new NTXentLoss { Path = path, BlockRows = 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesCentralDifferences(string name, LossPath path)
    {
        using var scope = NewDisposeScope();
        var loss = Make(name, path);
        var e = TestData.Normal(new Random(11), [5, 2, 4]);
        var labels = tensor([0L, 1, 0, 2, 1]);
        var x = e.detach().requires_grad_();
        loss.Compute(x, labels).backward();
        var analytic = x.grad!.Values<double>();

        var values = e.Values<double>();
        const double h = 1e-6;
        for (var i = 0; i < values.Length; i++)
        {
            double At(double delta)
            {
                using var inner = NewDisposeScope();
                var shifted = (double[])values.Clone();
                shifted[i] += delta;
                return loss.Compute(tensor(shifted, [5, 2, 4]), labels).ToDouble();
            }
            var numeric = (At(h) - At(-h)) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)),
                $"{loss} element {i}: finite difference {numeric:R}, autograd {analytic[i]:R}");
        }
    }
}
