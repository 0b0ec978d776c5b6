using Schane.Engine.Serialization;
using Schane.Engine.Tests.Support;

namespace Schane.Engine.Tests;

public class NpyTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int64)]
    [InlineData(DType.UInt8)]
    public void RoundTripsThroughNumPy(DType dtype)
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        var original = (Torch.Randn([3, 4, 5]) * 50).To(dtype);
        Npy.Save(original, dir.File("a.npy"));
        // NumPy reads it, doubles it, and writes it back (C order and, as a second file, Fortran order).
        Python.Run("npy_roundtrip.py", dir.File("a.npy"), dir.File("b.npy"), dir.File("f.npy"));
        var doubled = Npy.Load(dir.File("b.npy"));
        var fortran = Npy.Load(dir.File("f.npy"));
        Assert.Equal(dtype, doubled.DType);
        Assert.Equal([3L, 4, 5], doubled.Shape);
        Assert.True(doubled.Equal((original * 2).To(dtype)));
        Assert.True(fortran.Equal(original));
    }

    [Fact]
    public void TruncatedFileNamesPathAndSizes()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        var path = dir.File("t.npy");
        Npy.Save(Torch.Ones([10, 10]), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);
        var e = Assert.Throws<InvalidDataException>(() => Npy.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void NotAnNpyFileIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("x.npy");
        File.WriteAllText(path, "hello world, not numpy");
        var e = Assert.Throws<InvalidDataException>(() => Npy.Load(path));
        Assert.Contains("not a .npy file", e.Message);
    }
}
