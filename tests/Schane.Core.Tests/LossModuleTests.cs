namespace Schane.Core.Tests;

/// <summary>ContrastiveLoss.AsModule(): a TorchSharp loss module that is exactly <see cref="ContrastiveLoss.Compute"/>.</summary>
public class LossModuleTests
{
    public static TheoryData<string, LossPath> Cases()
    {
        var data = new TheoryData<string, LossPath>();
        foreach (var name in new[] { "schane", "supcon", "hcl", "ntxent" })
        foreach (var path in new[] { LossPath.Dense, LossPath.Blocked })
            data.Add(name, path);
        return data;
    }

    private static ContrastiveLoss Named(string name, LossPath path) => name switch
    {
        "schane" => new SCHaNeLoss { Path = path, BlockRows = 5 },
        "supcon" => new SupConLoss { Path = path, BlockRows = 5 },
        "hcl" => new HCLLoss { Path = path, BlockRows = 5 },
        _ => new NTXentLoss { Path = path, BlockRows = 5 },
    };

    private static (Tensor Value, Tensor Grad) Backward(Func<Tensor, Tensor> loss, Tensor e)
    {
        var x = e.detach().requires_grad_();
        var value = loss(x);
        value.backward();
        return (value, x.grad!);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheModuleGivesComputesValueAndGradient(string name, LossPath path)
    {
        using var scope = NewDisposeScope();
        var random = new Random(8);
        var e = TestData.Normal(random, [12, 2, 8]);
        var labels = TestData.Labels(random, 12, 3);
        var loss = Named(name, path);
        using var module = loss.AsModule();
        var direct = Backward(x => loss.Compute(x, labels), e);
        var called = Backward(x => module.call(x, labels), e);
        Assert.Empty(called.Value.shape);
        Assert.True(direct.Value.Equals(called.Value), $"{loss}: module {called.Value.ToDouble():R}, Compute {direct.Value.ToDouble():R}");
        Assert.True(direct.Grad.Equals(called.Grad), $"{loss}: the module's gradient differs from Compute's");
        Assert.True(direct.Grad.abs().max().ToDouble() > 0, $"{loss}: no gradient");
    }

    [Fact]
    public void TheModuleHasNoStateAndNamesItsLoss()
    {
        using var module = new SCHaNeLoss().AsModule();
        Assert.Empty(module.parameters());
        Assert.Empty(module.buffers());
        Assert.Empty(module.state_dict());
        Assert.Equal(new SCHaNeLoss().Name, module.ToString());
    }

    [Fact]
    public void TheStepReachesTheWeightingAndTheLossCanBeSwappedBetweenCalls()
    {
        using var scope = NewDisposeScope();
        var random = new Random(9);
        var e = TestData.Normal(random, [10, 2, 8]);
        var labels = TestData.Labels(random, 10, 3);
        var scheduled = new SCHaNeLoss { Weighting = NegativeWeighting.ExponentialSchedule(step => step < 10 ? 0 : 2) };
        using var module = scheduled.AsModule();
        Assert.Equal(scheduled.Compute(e, labels, step: 0).ToDouble(), module.call(e, labels).ToDouble());
        module.Step = 20;
        Assert.Equal(scheduled.Compute(e, labels, step: 20).ToDouble(), module.call(e, labels).ToDouble());
        Assert.NotEqual(scheduled.Compute(e, labels, step: 0).ToDouble(), module.call(e, labels).ToDouble());

        module.Loss = module.Loss with { Temperature = 0.1 };
        Assert.Equal((scheduled with { Temperature = 0.1 }).Compute(e, labels, step: 20).ToDouble(), module.call(e, labels).ToDouble());
        Assert.Throws<ArgumentNullException>(() => module.Loss = null!);
        Assert.Throws<ArgumentNullException>(() => new ContrastiveLossModule(null!));
    }
}
