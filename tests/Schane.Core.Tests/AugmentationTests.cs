using System.Text.Json;
using Schane.Core.Data;

namespace Schane.Core.Tests;

public class AugmentationTests
{
    private const float Mean = 0.2860f, Std = 0.3530f;

    // The first images of Fashion-MNIST's test split, uint8 [count, 1, 28, 28].
    private static Tensor FashionImages(int count)
    {
        var (images, labels) = FashionMnist.Load("test");
        using (images)
        using (labels)
        using (var first = images.narrow(0, 0, count))
            return first.unsqueeze(1).contiguous();
    }

    private static Tensor RandomImages(int seed, params long[] shape)
    {
        var random = new Random(seed);
        var pixels = new byte[shape.Aggregate(1L, (a, b) => a * b)];
        random.NextBytes(pixels);
        return tensor(pixels, shape);
    }

    private static double MaxDifference(Tensor a, Tensor b)
    {
        using var difference = (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs();
        using var max = difference.max();
        return max.ToDouble();
    }

    [Fact]
    public void SameSeedSameTensorOtherSeedOtherTensor()
    {
        using var scope = NewDisposeScope();
        var images = FashionImages(32);
        var augmentation = Augmentation.Default;
        var a = augmentation.Apply(images, 42);
        Assert.Equal([32L, 1, 28, 28], a.shape);
        Assert.Equal(ScalarType.Float32, a.dtype);
        Assert.True(a.Equals(augmentation.Apply(images, 42)), "the same seed gave a different tensor");
        Assert.True(a.Equals(new Augmentation().Apply(images, 42)), "an equal Augmentation gave a different tensor");
        Assert.False(a.Equals(augmentation.Apply(images, 43)), "another seed gave the same tensor");
        // Image b's transforms depend only on (seed, b): a prefix of the batch gets the same result.
        Assert.True(a.narrow(0, 0, 8).Equals(augmentation.Apply(images.narrow(0, 0, 8), 42)));
        // Libtorch's global generator plays no part.
        manual_seed(1);
        var afterSeed = augmentation.Apply(images, 42);
        Assert.True(a.Equals(afterSeed));
    }

    [Fact]
    public void ThreadsGetTheSameResults()
    {
        using var scope = NewDisposeScope();
        var images = FashionImages(16);
        var expected = Enumerable.Range(0, 6).Select(s => Augmentation.Default.Apply(images, s).Values<float>()).ToArray();
        Parallel.For(0, 12, i =>
        {
            using var inner = NewDisposeScope();
            Assert.Equal(expected[i % 6], Augmentation.Default.Apply(images, i % 6).Values<float>());
        });
    }

    [Fact]
    public void NoneIsPlainNormalisation()
    {
        using var scope = NewDisposeScope();
        var images = FashionImages(8);
        var expected = (images.to(ScalarType.Float32) / 255.0 - Mean) / Std;
        Assert.True(Augmentation.None.Apply(images, 3).Equals(expected));
        Assert.True(Augmentation.Default.Normalize(images).Equals(expected));
        Assert.True(Augmentation.None.Normalize(images).Equals(expected));
        // Per-channel statistics for RGB.
        var rgb = RandomImages(1, 2, 3, 5, 4);
        var perChannel = new Augmentation { Mean = [0.1, 0.2, 0.3], Std = [0.5, 0.25, 2] };
        var unit = rgb.to(ScalarType.Float32) / 255.0;
        var manual = (unit - tensor(new float[] { 0.1f, 0.2f, 0.3f }, [1, 3, 1, 1])) / tensor(new float[] { 0.5f, 0.25f, 2f }, [1, 3, 1, 1]);
        Assert.True(perChannel.Normalize(rgb).Equals(manual));
    }

    [Fact]
    public void WholeImageCropIsTheIdentity()
    {
        using var scope = NewDisposeScope();
        var images = FashionImages(16);
        var identity = Augmentation.None with { CropScale = (1, 1), CropRatio = (1, 1) };
        Assert.All(identity.Sample(16, 28, 28, 5), d => Assert.Equal((0, 0, 28, 28), (d.CropTop, d.CropLeft, d.CropHeight, d.CropWidth)));
        Assert.True(MaxDifference(identity.Apply(images, 5), Augmentation.None.Normalize(images)) < 1e-5);
    }

    [Fact]
    public void FlipOnlyMirrorsTheChosenImages()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(2, 64, 1, 6, 7);
        var normalized = Augmentation.None.Normalize(images);
        Assert.True((Augmentation.None with { FlipP = 1 }).Apply(images, 9).Equals(normalized.flip(3)));
        var half = Augmentation.None with { FlipP = 0.5 };
        var draws = half.Sample(64, 6, 7, 9);
        Assert.Contains(draws, d => d.Flip);
        Assert.Contains(draws, d => !d.Flip);
        var output = half.Apply(images, 9);
        for (var b = 0; b < 64; b++)
            Assert.True(output[b].Equals(draws[b].Flip ? normalized[b].flip(2) : normalized[b]), $"image {b}");
        // With a whole-image crop, the flip goes through the warp and agrees with Tensor.Flip.
        var warpedFlip = Augmentation.None with { CropScale = (1, 1), CropRatio = (7.0 / 6, 7.0 / 6), FlipP = 1 };
        Assert.True(MaxDifference(warpedFlip.Apply(images, 9), normalized.flip(3)) < 1e-5);
    }

    [Fact]
    public void ValuesStayInTheNormalisedRange()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(3, 128, 1, 28, 28);
        var strong = Augmentation.Default with { Brightness = 0.9, Contrast = 0.9, JitterP = 1, ErasingP = 0.5 };
        var output = strong.Apply(images, 1);
        Assert.InRange(output.min().ToSingle(), (0 - Mean) / Std - 1e-5, 0);
        Assert.InRange(output.max().ToSingle(), 0, (1 - Mean) / Std + 1e-5);
        Assert.False(output.isnan().any().ToBoolean());
    }

    [Fact]
    public void DrawsFollowTheirDistributions()
    {
        var augmentation = Augmentation.Default with { FlipP = 0.3, JitterP = 0.6, ErasingP = 0.4 };
        const int n = 4000;
        var draws = augmentation.Sample(n, 28, 28, 123);
        // Rates within 4.5 standard deviations of p.
        void Rate(Func<Augmentation.Draw, bool> happened, double p, string what) =>
            Assert.InRange(draws.Count(happened) / (double)n, p - 4.5 * Math.Sqrt(p * (1 - p) / n), p + 4.5 * Math.Sqrt(p * (1 - p) / n));
        Rate(d => d.Flip, 0.3, "flip");
        Rate(d => d.Brightness != 1 || d.Contrast != 1, 0.6, "jitter");
        Rate(d => d.EraseHeight > 0, 0.4, "erasing");
        Rate(d => d.ContrastFirst, 0.6 * 0.5, "order");
        Assert.All(draws, d =>
        {
            // The crop lies in the image, its area is in the scale range and its ratio in the ratio range, up to rounding.
            Assert.InRange(d.CropTop, 0, 28 - d.CropHeight);
            Assert.InRange(d.CropLeft, 0, 28 - d.CropWidth);
            Assert.InRange(d.CropHeight * d.CropWidth, 0.6 * 784 - 2 * 28, 784);
            Assert.InRange((double)d.CropWidth / d.CropHeight, 0.75 * 26 / 28.0, 4 / 3.0 * 28 / 26.0);
            Assert.InRange(d.Brightness, 0.6, 1.4);
            Assert.InRange(d.Contrast, 0.6, 1.4);
            if (d.EraseHeight > 0)
            {
                Assert.InRange(d.EraseTop + d.EraseHeight, 1, 28);
                Assert.InRange(d.EraseLeft + d.EraseWidth, 1, 28);
            }
        });
        // Mean brightness factor of the jittered images ≈ 1 (uniform on [0.6, 1.4]: σ of the mean ≈ 0.0047).
        var factors = draws.Where(d => d.Brightness != 1).Select(d => d.Brightness).ToArray();
        Assert.InRange(factors.Average(), 0.98, 1.02);
        // The crops cover the scale range: some near 0.6 of the image, some whole.
        Assert.InRange(draws.Min(d => d.CropHeight * d.CropWidth / 784.0), 0.55, 0.62);
        Assert.Contains(draws, d => d.CropHeight == 28 && d.CropWidth == 28);
    }

    [Fact]
    public void FlipRateMatchesPInTheOutput()
    {
        using var scope = NewDisposeScope();
        // 3,000 images lit only in their left column: a flipped one is lit on the right.
        var pixels = new byte[3000 * 4];
        for (var b = 0; b < 3000; b++) (pixels[4 * b], pixels[4 * b + 2]) = (255, 255);
        var images = tensor(pixels, [3000, 1, 2, 2]);
        var output = (Augmentation.None with { FlipP = 0.25 }).Apply(images, 77);
        var flipped = output.select(3, 1).select(2, 0).select(1, 0).gt(0).to(ScalarType.Float64).mean().ToDouble();
        var sigma = Math.Sqrt(0.25 * 0.75 / 3000);
        Assert.InRange(flipped, 0.25 - 4.5 * sigma, 0.25 + 4.5 * sigma);
    }

    [Fact]
    public void ViewsAugmentEachImageIndependently()
    {
        using var scope = NewDisposeScope();
        var images = FashionImages(6);
        var views = Augmentation.Default.Views(images, 5, count: 3);
        Assert.Equal([6L, 3, 1, 28, 28], views.shape);
        var repeated = images.unsqueeze(1).expand(6, 3, 1, 28, 28).reshape(18, 1, 28, 28);
        Assert.True(views.reshape(18, 1, 28, 28).Equals(Augmentation.Default.Apply(repeated, 5)));
        Assert.False(views.select(1, 0).Equals(views.select(1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.Default.Views(images, 5, count: 0));
    }

    public static TheoryData<string> OracleCases() => new() { "fashion_default", "rgb_nonsquare", "brightness_only", "contrast_only" };

    [Theory]
    [MemberData(nameof(OracleCases))]
    public void MatchesTorchvisionGivenTheSameDraws(string name)
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var (images, augmentation) = name switch
        {
            "fashion_default" => (FashionImages(48), Augmentation.Default with { ErasingP = 0.5 }),
            "rgb_nonsquare" => (RandomImages(4, 24, 3, 20, 26),
                Augmentation.Default with { CropScale = (0.3, 0.9), JitterP = 1, Mean = [0.4, 0.5, 0.6], Std = [0.2, 0.3, 0.25] }),
            "brightness_only" => (FashionImages(16), Augmentation.None with { Brightness = 0.8, JitterP = 1, CropScale = (0.5, 1) }),
            "contrast_only" => (FashionImages(16), Augmentation.None with { Contrast = 0.8, JitterP = 1, FlipP = 0.5 , CropScale = (0.5, 1) }),
            _ => throw new ArgumentException(name),
        };
        const long seed = 2024;
        var shape = images.shape;
        var draws = augmentation.Sample(shape[0], (int)shape[2], (int)shape[3], seed);
        Assert.Contains(draws, d => d.CropHeight < shape[2]);
        Npy.Save(images, dir.File($"{name}.images.npy"));
        File.WriteAllText(dir.File("manifest.json"), JsonSerializer.Serialize(new[] { new { name, mean = augmentation.Mean, std = augmentation.Std, draws } }));
        Python.Run("augmentation.py", dir.Path);
        using var expected = Npy.Load(dir.File($"{name}.py.npy"));
        var actual = augmentation.Apply(images, seed);
        Assert.Equal(expected.shape, actual.shape);
        var difference = MaxDifference(expected, actual);
        Assert.True(difference < 2e-5, $"{name}: max |difference| from torchvision's transforms {difference:g3}");
    }

    [Fact]
    public void BadImagesAndSettingsAreNamed()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(5, 2, 1, 8, 8);
        void Bad(Action act, string parameter, string fragment)
        {
            var error = Assert.ThrowsAny<ArgumentException>(act);
            Assert.Equal(parameter, error.ParamName);
            Assert.Contains(fragment, error.Message);
        }
        var a = Augmentation.Default;
        Bad(() => a.Apply(zeros([2, 1, 8, 8]), 0), "images", "expected uint8 images [B, C, H, W], got torch.float32");
        Bad(() => a.Apply(zeros([2, 8, 8], ScalarType.Byte), 0), "images", "[2, 8, 8]");
        Bad(() => a.Apply(zeros([2, 2, 8, 8], ScalarType.Byte), 0), "images", "2 channels");
        Bad(() => a.Apply(zeros([0, 1, 8, 8], ScalarType.Byte), 0), "images", "empty");
        Bad(() => a.Normalize(zeros([2, 1, 8, 8], ScalarType.Int64)), "images", "uint8");
        Bad(() => (a with { CropScale = (0, 1) }).Apply(images, 0), "CropScale", "0 < min ≤ max ≤ 1");
        Bad(() => (a with { CropScale = (0.9, 0.5) }).Apply(images, 0), "CropScale", "0 < min ≤ max ≤ 1");
        Bad(() => (a with { CropRatio = (-1, 1) }).Apply(images, 0), "CropRatio", "0 < min ≤ max");
        Bad(() => (a with { FlipP = 1.5 }).Apply(images, 0), "FlipP", "probability");
        Bad(() => (a with { JitterP = double.NaN }).Apply(images, 0), "JitterP", "probability");
        Bad(() => (a with { Brightness = -0.1 }).Apply(images, 0), "Brightness", "≥ 0");
        Bad(() => (a with { ErasingScale = (0.5, 2) }).Apply(images, 0), "ErasingScale", "≤ 1");
        Bad(() => (a with { Std = [0] }).Normalize(images), "Std", "> 0");
        Bad(() => (a with { Mean = [0.1, 0.2] }).Apply(images, 0), "Mean", "2 values for 1-channel images");
        Bad(() => (a with { Std = [] }).Apply(images, 0), "Std", "0 values");
    }
}

[Collection(nameof(LiveTensorCounting))]
public class AugmentationLeakTests
{
    [Fact]
    public void ApplyLeavesNoTensors()
    {
        using var images = zeros([8, 3, 12, 10], ScalarType.Byte);
        using var twoChannels = zeros([1, 2, 3, 3], ScalarType.Byte);
        var augmentation = Augmentation.Default with { JitterP = 1, ErasingP = 1, Mean = [0.5], Std = [0.25] };
        foreach (var a in new[] { augmentation, Augmentation.None, augmentation with { CropScale = null }, augmentation with { Contrast = 0 } })
        {
            var before = TestData.SettledLiveCount();
            using (var output = a.Apply(images, 1))
            using (var views = a.Views(images, 2))
            using (var normalized = a.Normalize(images))
                Assert.Equal(before + 3, Tensor.TotalCount);
            Assert.Throws<ArgumentException>(() => a.Apply(twoChannels, 0));
            Assert.Equal(before, Tensor.TotalCount);
        }
    }
}
