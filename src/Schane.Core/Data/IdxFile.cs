using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace Schane.Core.Data;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST (LeCun's layout): 2 zero bytes, a type byte, a dimension count, the
/// dimensions as big-endian int32, then the data in C order. Reads plain or gzip-compressed files (detected by content).
/// Every problem is an <see cref="InvalidDataException"/> naming the file, the byte offset and what was expected.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads an unsigned-byte IDX file into a CPU uint8 tensor of its dimensions.</summary>
    public static Tensor Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        var (bytes, compressed) = ReadAllBytes(path);
        // Offsets in messages count bytes of the decompressed data for .gz files.
        var at = compressed ? "decompressed byte" : "byte";
        if (bytes.Length < 4)
            throw new InvalidDataException($"{path}: truncated at {at} {bytes.Length}: an IDX file starts with a 4-byte magic number");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException($"{path}: bad magic number at {at} 0: expected 00 00 <type> <dims>, found " +
                $"{bytes[0]:x2} {bytes[1]:x2} {bytes[2]:x2} {bytes[3]:x2}");
        if (bytes[2] != UnsignedByte)
            throw new InvalidDataException($"{path}: unsupported element type 0x{bytes[2]:x2} at {at} 2 (only unsigned bytes, 0x08, are read)");
        int rank = bytes[3];
        if (rank == 0) throw new InvalidDataException($"{path}: zero dimensions declared at {at} 3");
        var headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
            throw new InvalidDataException($"{path}: truncated at {at} {bytes.Length}: the header declares {rank} dimensions and needs {headerLength} bytes");
        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (shape[i] < 0) throw new InvalidDataException($"{path}: negative size {shape[i]} for dimension {i} at {at} {4 + 4 * i}");
        }
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (bytes.Length - headerLength < count)
            throw new InvalidDataException($"{path}: truncated at {at} {bytes.Length}: the header promises {count} values " +
                $"([{string.Join(", ", shape)}]) from {at} {headerLength}, but only {bytes.Length - headerLength} follow");
        if (bytes.Length - headerLength > count)
            throw new InvalidDataException($"{path}: {bytes.Length - headerLength - count} unexpected bytes after the data, from {at} {headerLength + count}");
        return TensorData.FromBytes(bytes.AsSpan(headerLength, (int)count), ScalarType.Byte, shape);
    }

    private static (byte[] Bytes, bool Compressed) ReadAllBytes(string path)
    {
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return (raw, false);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var data = new MemoryStream();
            gzip.CopyTo(data);
            // A cut gzip stream may end without an error: the IDX sizes below then report the truncation.
            return (data.ToArray(), true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: the gzip stream is corrupt or truncated ({raw.Length} compressed bytes): {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: the gzip stream is truncated ({raw.Length} compressed bytes)", e);
        }
    }
}
