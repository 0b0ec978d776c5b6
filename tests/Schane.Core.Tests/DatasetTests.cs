using Schane.Core.Data;

namespace Schane.Core.Tests;

public class DatasetTests
{
    // Images whose pixels encode their index n (first pixel n / 256, second n % 256) and a label per image.
    private static ImageDataset Numbered(long[] labels, IReadOnlyList<string>? classNames = null)
    {
        using var scope = NewDisposeScope();
        var pixels = new byte[labels.Length * 2];
        for (var n = 0; n < labels.Length; n++) (pixels[2 * n], pixels[2 * n + 1]) = ((byte)(n / 256), (byte)(n % 256));
        return new ImageDataset(tensor(pixels, [labels.Length, 1, 1, 2]), tensor(labels), classNames, "numbered");
    }

    private static long[] Numbers(ImageDataset dataset)
    {
        var pixels = dataset.Images.Values<byte>();
        return Enumerable.Range(0, pixels.Length / 2).Select(n => pixels[2 * n] * 256L + pixels[2 * n + 1]).ToArray();
    }

    [Fact]
    public void FashionMnistIsOneChannelWithNamedClasses()
    {
        using var scope = NewDisposeScope();
        using var data = ImageDataset.FashionMnist("test");
        Assert.Equal([10000L, 1, 28, 28], data.Images.shape);
        Assert.Equal((10000L, 1, 28, 28), (data.Count, data.Channels, data.Height, data.Width));
        Assert.Equal(ScalarType.Int64, data.Labels.dtype);
        Assert.Equal(FashionMnist.Classes, data.ClassNames);
        Assert.Equal(10, data.ClassCount);
        Assert.All(data.ClassCounts(), n => Assert.Equal(1000L, n));
        Assert.Contains("Fashion-MNIST test", data.Source);
        var (images, labels) = FashionMnist.Load("test");
        Assert.True(images.unsqueeze(1).Equals(data.Images));
        Assert.True(labels.Equals(data.Labels));
    }

    [Fact]
    public void MissingFashionMnistNamesThePackageAndFolder()
    {
        using var dir = new TempDir();
        var error = Assert.Throws<FileNotFoundException>(() => ImageDataset.FashionMnist("train", dir.Path));
        Assert.Contains("dataset-fashion-mnist", error.Message);
        Assert.Contains(dir.Path, error.Message);
        Assert.Throws<ArgumentException>(() => ImageDataset.FashionMnist("validation"));
    }

    [Fact]
    public void FromNpyReadsGreyAndChannelsLastImages()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        // [N, H, W, C] = [2, 3, 4, 3] with value 100·c + 10·h + w + n.
        var hwc = new byte[2 * 3 * 4 * 3];
        for (var n = 0; n < 2; n++)
        for (var h = 0; h < 3; h++)
        for (var w = 0; w < 4; w++)
        for (var c = 0; c < 3; c++)
            hwc[((n * 3 + h) * 4 + w) * 3 + c] = (byte)(100 * c + 10 * h + w + n);
        Npy.Save(tensor(hwc, [2, 3, 4, 3]), dir.File("rgb.npy"));
        Npy.Save(tensor(new int[] { 4, 1 }), dir.File("labels32.npy"));
        using (var rgb = ImageDataset.FromNpy(dir.File("rgb.npy"), dir.File("labels32.npy")))
        {
            Assert.Equal([2L, 3, 3, 4], rgb.Images.shape);
            // images[n, c, h, w] is the file's [n, h, w, c].
            Assert.Equal(100 * 2 + 10 * 0 + 3 + 1, rgb.Images[1][2][0][3].ToByte());
            Assert.Equal(100 * 0 + 10 * 2 + 1 + 0, rgb.Images[0][0][2][1].ToByte());
            Assert.Equal([4L, 1], rgb.Labels.Values<long>());
            Assert.Equal(ScalarType.Int64, rgb.Labels.dtype);
            Assert.Equal(["0", "1", "2", "3", "4"], rgb.ClassNames);
            Assert.Contains("rgb.npy", rgb.Source);
        }

        Npy.Save(zeros([5, 6, 7], ScalarType.Byte), dir.File("grey.npy"));
        Npy.Save(tensor(new byte[] { 0, 1, 2, 1, 0 }), dir.File("labels8.npy"));
        using (var grey = ImageDataset.FromNpy(dir.File("grey.npy"), dir.File("labels8.npy"), ["a", "b", "c", "d"]))
        {
            Assert.Equal([5L, 1, 6, 7], grey.Images.shape);
            Assert.Equal(["a", "b", "c", "d"], grey.ClassNames);
        }

        Npy.Save(zeros([2, 6, 7, 1], ScalarType.Byte), dir.File("one.npy"));
        Npy.Save(tensor(new long[] { 0, 1 }), dir.File("labels64.npy"));
        using var one = ImageDataset.FromNpy(dir.File("one.npy"), dir.File("labels64.npy"));
        Assert.Equal([2L, 1, 6, 7], one.Images.shape);
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "missing images", "images file not found" },
        { "missing labels", "labels file not found" },
        { "corrupt images", "not a .npy file" },
        { "truncated labels", "truncated" },
        { "float images", "images must be uint8" },
        { "rank 2 images", "expected images [N, H, W] or [N, H, W, C], found 2 dimensions" },
        { "rank 5 images", "found 5 dimensions" },
        { "two channels", "2 channels" },
        { "no images", "no images" },
        { "zero-size images", "zero size" },
        { "float labels", "labels must be integers" },
        { "rank 2 labels", "expected labels [N]" },
        { "count mismatch", "3 labels for 4 images" },
        { "negative label", "negative label -1 at index 2" },
        { "label beyond names", "label 3 at index 1 is out of range for the 3 class names given" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadNpyFilesAreNamedWithWhatWasExpected(string problem, string fragment)
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        string images = dir.File("images.npy"), labels = dir.File("labels.npy");
        Npy.Save(zeros([4, 5, 5], ScalarType.Byte), images);
        Npy.Save(tensor(new long[] { 0, 1, 2, 0 }), labels);
        IReadOnlyList<string>? names = null;
        var blamed = images;
        switch (problem)
        {
            case "missing images": File.Delete(images); break;
            case "missing labels": File.Delete(labels); blamed = labels; break;
            case "corrupt images": File.WriteAllBytes(images, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); break;
            case "truncated labels": File.WriteAllBytes(labels, File.ReadAllBytes(labels)[..^5]); blamed = labels; break;
            case "float images": Npy.Save(zeros([4, 5, 5]), images); break;
            case "rank 2 images": Npy.Save(zeros([4, 25], ScalarType.Byte), images); break;
            case "rank 5 images": Npy.Save(zeros([4, 5, 5, 1, 1], ScalarType.Byte), images); break;
            case "two channels": Npy.Save(zeros([4, 5, 5, 2], ScalarType.Byte), images); break;
            case "no images": Npy.Save(zeros([0, 5, 5], ScalarType.Byte), images); break;
            case "zero-size images": Npy.Save(zeros([4, 0, 5], ScalarType.Byte), images); break;
            case "float labels": Npy.Save(zeros([4]), labels); blamed = labels; break;
            case "rank 2 labels": Npy.Save(zeros([4, 1], ScalarType.Int64), labels); blamed = labels; break;
            case "count mismatch": Npy.Save(zeros([3], ScalarType.Int64), labels); blamed = labels; break;
            case "negative label": Npy.Save(tensor(new long[] { 0, 1, -1, 0 }), labels); blamed = labels; break;
            case "label beyond names":
                Npy.Save(tensor(new int[] { 0, 3, 1, 0 }), labels);
                names = ["a", "b", "c"];
                blamed = labels;
                break;
            default: throw new ArgumentException(problem);
        }
        var error = Assert.ThrowsAny<Exception>(() => ImageDataset.FromNpy(images, labels, names));
        Assert.Contains(blamed, error.Message);
        Assert.Contains(fragment, error.Message);
        if (problem.StartsWith("missing")) Assert.IsType<FileNotFoundException>(error);
        else Assert.IsType<InvalidDataException>(error);
    }

    [Fact]
    public void ConstructorChecksItsTensors()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 0, 1 });
        Assert.Contains("uint8 [N, C, H, W]", Assert.Throws<ArgumentException>(() => new ImageDataset(zeros([2, 1, 3, 3]), labels)).Message);
        Assert.Contains("uint8 [N, C, H, W]", Assert.Throws<ArgumentException>(() => new ImageDataset(zeros([2, 3, 3], ScalarType.Byte), labels)).Message);
        Assert.Contains("2 channels", Assert.Throws<ArgumentException>(() => new ImageDataset(zeros([2, 2, 3, 3], ScalarType.Byte), labels)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() =>
            new ImageDataset(zeros([0, 1, 3, 3], ScalarType.Byte), zeros([0], ScalarType.Int64))).Message);
        var images = zeros([2, 1, 3, 3], ScalarType.Byte);
        Assert.Contains("int64 [2]", Assert.Throws<ArgumentException>(() => new ImageDataset(images, tensor(new int[] { 0, 1 }))).Message);
        Assert.Contains("int64 [2]", Assert.Throws<ArgumentException>(() => new ImageDataset(images, tensor(new long[] { 0, 1, 1 }))).Message);
        Assert.Contains("negative label", Assert.Throws<ArgumentException>(() => new ImageDataset(images, tensor(new long[] { 0, -2 }))).Message);
        Assert.Contains("out of range", Assert.Throws<ArgumentException>(() => new ImageDataset(images, labels, ["only"])).Message);
        // The dataset keeps its own handles: the caller's tensors can be disposed.
        var data = new ImageDataset(images, labels, ["x", "y"], "test tensors");
        scope.Dispose();
        Assert.Equal(2L, data.Count);
        Assert.Equal([0L, 1], data.Labels.Values<long>());
        data.Dispose();
        Assert.Contains("test tensors", Assert.Throws<ObjectDisposedException>(() => data.Images).Message);
        data.Dispose();
    }

    [Fact]
    public void SelectKeepsOrderRepeatsAndClasses()
    {
        using var data = Numbered([0, 1, 2, 0, 1, 2], ["a", "b", "c"]);
        using var selected = data.Select([5, 0, 0, 3]);
        Assert.Equal([5L, 0, 0, 3], Numbers(selected));
        Assert.Equal([2L, 0, 0, 0], selected.Labels.Values<long>());
        Assert.Equal(data.ClassNames, selected.ClassNames);
        Assert.Equal(3, selected.ClassCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Select([0, 6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Select([-1]));
        Assert.Throws<ArgumentException>(() => data.Select([]));
        using var scope = NewDisposeScope();
        var (images, labels) = data.Batch([4, 1]);
        Assert.Equal([2L, 1, 1, 2], images.shape);
        using var batch = new ImageDataset(images, labels);
        Assert.Equal([4L, 1], Numbers(batch));
        Assert.Equal([1L, 1], labels.Values<long>());
    }

    [Fact]
    public void WhereClassesRelabelsInTheGivenOrder()
    {
        using var data = Numbered([0, 1, 2, 3, 2, 1, 0, 3], ["a", "b", "c", "d"]);
        using var kept = data.WhereClasses([3, 1]);
        Assert.Equal([1L, 3, 5, 7], Numbers(kept));
        Assert.Equal([1L, 0, 1, 0], kept.Labels.Values<long>());
        Assert.Equal(["d", "b"], kept.ClassNames);
        Assert.Contains("unknown class 4", Assert.Throws<ArgumentException>(() => data.WhereClasses([1, 4])).Message);
        Assert.Contains("unknown class -1", Assert.Throws<ArgumentException>(() => data.WhereClasses([-1])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => data.WhereClasses([1, 1])).Message);
        Assert.Throws<ArgumentException>(() => data.WhereClasses([]));
        // A class without images (labels 0 and 2 only, so class 1 exists but is empty).
        using var sparse = Numbered([0, 2, 2]);
        Assert.Contains("no images of classes [1]", Assert.Throws<InvalidOperationException>(() => sparse.WhereClasses([1])).Message);
    }

    [Fact]
    public void SubsampleIsSeededBalancedAndOrdered()
    {
        var labels = Enumerable.Range(0, 300).Select(i => (long)(i % 3 == 0 ? 0 : i % 21 == 7 ? 2 : 1)).ToArray();
        using var data = Numbered(labels);
        var counts = data.ClassCounts();
        Assert.True(counts[2] < 20, "class 2 should be small");
        using var a = data.Subsample(20, seed: 5);
        using var b = data.Subsample(20, seed: 5);
        using var c = data.Subsample(20, seed: 6);
        Assert.Equal([20L, 20, counts[2]], a.ClassCounts());
        var numbers = Numbers(a);
        Assert.Equal(numbers, Numbers(b));
        Assert.NotEqual(numbers, Numbers(c));
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Length, numbers.Distinct().Count());
        Assert.All(numbers.Zip(a.Labels.Values<long>()), p => Assert.Equal(labels[p.First], p.Second));
        using var all = data.Subsample(1000, seed: 1);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), Numbers(all));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subsample(0, 1));
    }
}

[Collection(nameof(LiveTensorCounting))]
public class DatasetLeakTests
{
    [Fact]
    public void DatasetsFreeTheirTensors()
    {
        using var dir = new TempDir();
        using (var scope = NewDisposeScope())
        {
            Npy.Save(zeros([6, 4, 4, 3], ScalarType.Byte), dir.File("i.npy"));
            Npy.Save(tensor(new long[] { 0, 1, 2, 0, 1, 2 }), dir.File("l.npy"));
            Npy.Save(tensor(new long[] { 0, 1, 2, 0, 1, -2 }), dir.File("bad.npy"));
        }
        var before = TestData.SettledLiveCount();
        using (var data = ImageDataset.FromNpy(dir.File("i.npy"), dir.File("l.npy")))
        using (var narrowed = data.WhereClasses([2, 0]))
        using (var selected = narrowed.Select([1, 0]))
        using (var sub = data.Subsample(1, 3))
        using (var fashion = ImageDataset.FashionMnist("test"))
            Assert.Equal(2L, selected.Count);
        Assert.Throws<InvalidDataException>(() => ImageDataset.FromNpy(dir.File("i.npy"), dir.File("bad.npy")));
        Assert.Equal(before, Tensor.TotalCount);
    }
}
