using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.IO;

/// <summary>
/// NumPy's .npy format (numpy.save / numpy.load): float32, float64, float16, int64, int32, uint8 and bool arrays,
/// little-endian, C or Fortran order. Errors name the file and what was wrong with it. (TorchSharp reads and writes
/// no NumPy files; the CLI's <c>loss</c> command and the export scripts exchange .npy with Python.)
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static readonly (string Descr, ScalarType DType)[] Types =
    [
        ("<f4", ScalarType.Float32), ("<f8", ScalarType.Float64), ("<i8", ScalarType.Int64), ("<i4", ScalarType.Int32),
        ("|u1", ScalarType.Byte), ("|b1", ScalarType.Bool), ("<f2", ScalarType.Float16),
    ];

    /// <summary>Writes <paramref name="tensor"/> (any device) to <paramref name="path"/> as a C-order .npy file (numpy.save), atomically.</summary>
    public static void Save(Tensor tensor, string path)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var dtype = tensor.dtype;
        var descr = Types.FirstOrDefault(t => t.DType == dtype).Descr
            ?? throw new NotSupportedException($"{dtype.TorchName()} cannot be written to .npy");
        var shape = tensor.shape;
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // Pad with spaces so that magic + version + length + header + '\n' is a multiple of 64 bytes.
        var total = Magic.Length + 2 + 2 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";

        var data = TensorData.ToBytes(tensor);
        AtomicFile.Write(path, temp =>
        {
            using var stream = File.Create(temp);
            stream.Write(Magic);
            stream.Write([1, 0]);
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
            stream.Write(Encoding.ASCII.GetBytes(header));
            stream.Write(data);
        });
    }

    /// <summary>Reads a .npy file into a new CPU tensor (numpy.load).</summary>
    public static Tensor Load(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new IOException($"{path}: cannot read: {e.Message}", e); }
        var (dtype, fortran, shape, offset) = ReadHeader(bytes, path);
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var expected = count * dtype.ElementSize();
        if (bytes.Length - offset < expected)
            throw new InvalidDataException($"{path}: truncated: the header promises {expected} bytes of data " +
                $"(shape ({string.Join(", ", shape)}), {dtype.TorchName()}) but {bytes.Length - offset} follow it");
        var data = bytes.AsSpan(offset, (int)expected);
        if (!fortran) return TensorData.FromBytes(data, dtype, shape);
        // Fortran order: the data is the C-order array of the reversed shape, transposed.
        using var scope = NewDisposeScope();
        var reversed = TensorData.FromBytes(data, dtype, shape.Reverse().ToArray());
        var dims = Enumerable.Range(0, shape.Length).Reverse().Select(d => (long)d).ToArray();
        return reversed.permute(dims).contiguous().MoveToOuterDisposeScope();
    }

    private static (ScalarType, bool, long[], int) ReadHeader(byte[] bytes, string path)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a .npy file (it does not start with \\x93NUMPY)");
        int major = bytes[6], headerLength, start;
        if (major == 1) { headerLength = BitConverter.ToUInt16(bytes, 8); start = 10; }
        else if (major is 2 or 3 && bytes.Length >= 12) { headerLength = (int)BitConverter.ToUInt32(bytes, 8); start = 12; }
        else throw new InvalidDataException($"{path}: unsupported .npy version {major}.{bytes[7]}");
        if (start + headerLength > bytes.Length)
            throw new InvalidDataException($"{path}: truncated: the header is {headerLength} bytes but the file ends at byte {bytes.Length}");
        var header = Encoding.ASCII.GetString(bytes, start, headerLength);

        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success)
            throw new InvalidDataException($"{path}: malformed .npy header (expected 'descr', 'fortran_order' and 'shape'): {header.Trim()}");
        var descrText = descr.Groups[1].Value;
        if (descrText == "<u1" || descrText == "|i1") descrText = descrText == "<u1" ? "|u1" : descrText;
        var dtype = Types.FirstOrDefault(t => t.Descr == descrText).Descr is null
            ? throw new InvalidDataException($"{path}: unsupported dtype '{descrText}' (supported: {string.Join(", ", Types.Select(t => t.Descr))}; big-endian is not)")
            : Types.First(t => t.Descr == descrText).DType;
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.TryParse(s, out var n) && n >= 0 ? n : throw new InvalidDataException($"{path}: bad shape entry '{s}' in header"))
            .ToArray();
        return (dtype, order.Groups[1].Value == "True", shape, start + headerLength);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
