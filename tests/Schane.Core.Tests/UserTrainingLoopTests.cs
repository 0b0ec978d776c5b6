namespace Schane.Core.Tests;

/// <summary>
/// Our losses drop into a TorchSharp user's own code: the loop below is written the way a TorchSharp user writes one —
/// their own module, torch.optim.AdamW, a dispose scope per step — and the only thing of ours in it is the criterion.
/// </summary>
[Collection(nameof(LiveTensorCounting))] // seeds torch's global generator, as a user's script does
public class UserTrainingLoopTests
{
    public static TheoryData<string> Criteria() => new() { "schane", "supcon", "hcl", "ntxent" };

    private static ContrastiveLoss Named(string name) => name switch
    {
        "schane" => new SCHaNeLoss(),
        "supcon" => new SupConLoss { Temperature = 0.1, BaseTemperature = 0.1 },
        "hcl" => new HCLLoss(),
        _ => new NTXentLoss(),
    };

    [Theory]
    [MemberData(nameof(Criteria))]
    public void OurLossesDropIntoATorchSharpUsersOwnTrainingLoop(string name)
    {
        torch.manual_seed(42);
        // A separable toy problem: 4 classes around 4 centres in 8 dimensions, two noisy views of each of 64 points.
        var centres = torch.randn(4, 8) * 3;
        var y = torch.randint(0, 4, [64]);
        var points = centres.index_select(0, y);
        var x = torch.stack([points + torch.randn(64, 8) * 0.3, points + torch.randn(64, 8) * 0.3], dim: 1); // [64, 2, 8]

        using var model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 16));
        using var optimizer = torch.optim.AdamW(model.parameters(), lr: 1e-2);
        using var criterion = Named(name).AsModule();

        var losses = new List<float>();
        for (var step = 0; step < 50; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.All(losses, l => Assert.True(float.IsFinite(l), $"{criterion}: loss {l}"));
        // Each loss has its own floor on a problem this easy (SupCon's and HCL's are high), which it reaches in a few
        // steps: the loss must fall clearly below where the untrained model started, and stay there.
        Assert.True(losses.TakeLast(10).All(l => l < losses[0] - 0.05),
            $"{criterion}: the loss went from {losses[0]} to [{string.Join(", ", losses.TakeLast(10))}]");
    }
}
