namespace Schane.Core.Tests;

/// <summary>Schane.Core.IO.Npy against NumPy itself (tests/reference/npy_roundtrip.py).</summary>
public class NpyTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Byte)]
    [InlineData(ScalarType.Bool)]
    public void RoundTripsThroughNumPy(ScalarType dtype)
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var random = new Random((int)dtype);
        var normal = TestData.Normal(random, [3, 4, 5]);
        var original = dtype == ScalarType.Bool ? normal.gt(0) : (normal * 50).to(dtype);
        Npy.Save(original, dir.File("a.npy"));
        // NumPy reads it, doubles it, and writes it back (C order and, as a second file, Fortran order).
        Python.Run("npy_roundtrip.py", dir.File("a.npy"), dir.File("b.npy"), dir.File("f.npy"));
        var doubled = Npy.Load(dir.File("b.npy"));
        var fortran = Npy.Load(dir.File("f.npy"));
        Assert.Equal(dtype, doubled.dtype);
        Assert.Equal([3L, 4, 5], doubled.shape);
        Assert.Equal(DeviceType.CPU, doubled.device_type);
        Assert.True(doubled.Equals((original * 2).to(dtype)), $"{dtype}: NumPy's doubled values differ");
        Assert.True(fortran.Equals(original), $"{dtype}: the Fortran-order file reads back different values");
    }

    [Fact]
    public void WritesAViewInItsLogicalOrder()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        // A transposed, strided view: the file holds what the view shows, in C order.
        var view = arange(0, 24, 1, ScalarType.Float32).reshape(4, 6).T.slice(0, 1, 5, 2);
        Npy.Save(view, dir.File("v.npy"));
        Python.Run("npy_roundtrip.py", dir.File("v.npy"), dir.File("b.npy"), dir.File("f.npy"));
        Assert.True(Npy.Load(dir.File("f.npy")).Equals(view));
        Assert.True(Npy.Load(dir.File("b.npy")).Equals(view * 2));
    }

    [Fact]
    public void TruncatedFileNamesPathAndSizes()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var path = dir.File("t.npy");
        Npy.Save(ones(10, 10), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);
        var e = Assert.Throws<InvalidDataException>(() => Npy.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("400 bytes", e.Message);
    }

    [Fact]
    public void NotAnNpyFileIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("x.npy");
        File.WriteAllText(path, "hello world, not numpy");
        var e = Assert.Throws<InvalidDataException>(() => Npy.Load(path));
        Assert.Contains("not a .npy file", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ADTypeNumPyCannotHoldIsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        using var t = zeros([2], ScalarType.Int16);
        Assert.Contains("torch.int16", Assert.Throws<NotSupportedException>(() => Npy.Save(t, dir.File("s.npy"))).Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
