using TorchSharp;

namespace Schane.Core;

/// <summary>Facts about dtypes that TorchSharp does not name the way PyTorch users read them.</summary>
internal static class DTypes
{
    /// <summary>PyTorch's spelling, e.g. "torch.float32" (TorchSharp's ScalarType prints "Float32"); for messages.</summary>
    public static string TorchName(this torch.ScalarType dtype) => dtype switch
    {
        torch.ScalarType.Byte => "torch.uint8",
        torch.ScalarType.Int8 => "torch.int8",
        torch.ScalarType.Int16 => "torch.int16",
        torch.ScalarType.Int32 => "torch.int32",
        torch.ScalarType.Int64 => "torch.int64",
        torch.ScalarType.Float16 => "torch.float16",
        torch.ScalarType.BFloat16 => "torch.bfloat16",
        torch.ScalarType.Float32 => "torch.float32",
        torch.ScalarType.Float64 => "torch.float64",
        torch.ScalarType.Bool => "torch.bool",
        var other => "torch." + other.ToString().ToLowerInvariant(),
    };
}
