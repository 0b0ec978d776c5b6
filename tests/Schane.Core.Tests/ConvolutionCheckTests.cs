using Schane.Core.Runtime;

namespace Schane.Core.Tests;

/// <summary>
/// Runtime.ConvolutionCheck: once it has checked a narrow convolution, libtorch's float32 convolution gives right input
/// gradients for every small channel count, on CPUs where oneDNN gets them wrong (the check turned it off) and where it
/// does not (it left oneDNN on).
/// </summary>
public class ConvolutionCheckTests
{
    [Fact]
    public void AfterTheCheckInputGradientsOfSmallConvolutionsAreRight()
    {
        var result = ConvolutionCheck.Ensure(4);
        Assert.NotEqual(ConvolutionCheckOutcome.Wrong, result.Outcome);
        Assert.Same(result, ConvolutionCheck.Ensure(4)); // checked once while oneDNN's switch stays put
        // oneDNN stays on where it is right, and is off once a 4-channel model was checked where it is not.
        Assert.Equal(ConvolutionCheck.OneDnnRightFor(4) != false, result.Message.Contains("oneDNN on", StringComparison.Ordinal));

        var random = new Random(7);
        foreach (var (channels, stride) in new[] { (1, 1), (2, 1), (4, 1), (4, 2), (8, 1), (8, 2), (12, 1), (16, 1) })
            for (var trial = 0; trial < 3; trial++)
            {
                using var scope = NewDisposeScope();
                var x = TestData.Normal(random, [8, channels, 14, 14]).to(ScalarType.Float32).requires_grad_();
                var w = TestData.Normal(random, [2 * channels, channels, 3, 3]).to(ScalarType.Float32);
                var y = nn.functional.conv2d(x, w, strides: [stride, stride], padding: [1, 1]);
                var g = TestData.Normal(random, y.shape).to(ScalarType.Float32);
                var dx = autograd.grad([y], [x], [g])[0];
                // The same gradient in float64, where libtorch never uses oneDNN.
                var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
                var y64 = nn.functional.conv2d(x64, w.to(ScalarType.Float64), strides: [stride, stride], padding: [1, 1]);
                var expected = autograd.grad([y64], [x64], [g.to(ScalarType.Float64)])[0];
                var error = (dx.to(ScalarType.Float64) - expected).abs().max().ToDouble();
                var scale = expected.abs().max().ToDouble();
                Assert.True(error <= 1e-4 * Math.Max(1, scale),
                    $"{channels} channels, stride {stride}, trial {trial}: max |Δ| = {error:G3} ({result.Message})");
            }
    }
}
