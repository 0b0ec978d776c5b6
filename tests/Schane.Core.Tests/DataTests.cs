using System.IO.Compression;
using Schane.Core.Data;

namespace Schane.Core.Tests;

public class DataTests
{
    [Fact]
    public void LoadsDebiansFashionMnist()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = FashionMnist.Load("train");
        Assert.Equal([60000L, 28, 28], images.shape);
        Assert.Equal(ScalarType.Byte, images.dtype);
        Assert.Equal([60000L], labels.shape);
        // Fashion-MNIST's training split is balanced: 6,000 images per class.
        Assert.All(labels.bincount(null, 10).Values<long>(), count => Assert.Equal(6000L, count));
        var (testImages, testLabels) = FashionMnist.Load("test");
        Assert.Equal([10000L, 28, 28], testImages.shape);
        Assert.Equal(10000L, testLabels.size(0));
    }

    [Fact]
    public void MissingDatasetNamesThePackage()
    {
        using var dir = new TempDir();
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load("train", dir.Path));
        Assert.Contains("dataset-fashion-mnist", error.Message);
        Assert.Contains(dir.Path, error.Message);
    }

    private static byte[] Idx(int[] shape, int values, byte type = 0x08)
    {
        var header = new List<byte> { 0, 0, type, (byte)shape.Length };
        foreach (var n in shape) header.AddRange(BitConverter.GetBytes(n).Reverse());
        return [.. header, .. Enumerable.Range(0, values).Select(i => (byte)i)];
    }

    private static string Gzip(TempDir dir, string name, byte[] data)
    {
        var path = dir.File(name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(data);
        return path;
    }

    [Fact]
    public void ReadsPlainAndGzipFiles()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        File.WriteAllBytes(dir.File("a.idx"), Idx([2, 3], 6));
        var plain = IdxFile.Read(dir.File("a.idx"));
        var zipped = IdxFile.Read(Gzip(dir, "a.idx.gz", Idx([2, 3], 6)));
        Assert.Equal([2L, 3], plain.shape);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5 }, zipped.Values<byte>());
    }

    [Fact]
    public void TruncatedDataNamesPathAndOffset()
    {
        using var dir = new TempDir();
        var path = Gzip(dir, "t.gz", Idx([4, 5], 17));
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated at decompressed byte 29", error.Message);
        Assert.Contains("promises 20 values", error.Message);
    }

    [Fact]
    public void BadMagicTypeAndGzipAreRejected()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("m"), [1, 2, 8, 1, 0, 0, 0, 1, 7]);
        Assert.Contains("bad magic number at byte 0", Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.File("m"))).Message);
        File.WriteAllBytes(dir.File("f"), Idx([1], 4, type: 0x0D));
        Assert.Contains("unsupported element type 0x0d", Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.File("f"))).Message);
        var zipped = File.ReadAllBytes(Gzip(dir, "z.gz", Idx([100], 100)));
        File.WriteAllBytes(dir.File("cut.gz"), zipped[..(zipped.Length / 2)]);
        var cut = Assert.Throws<InvalidDataException>(() => IdxFile.Read(dir.File("cut.gz"))).Message;
        Assert.Contains(dir.File("cut.gz"), cut);
        Assert.Matches("gzip stream|truncated at decompressed byte", cut);
    }
}
