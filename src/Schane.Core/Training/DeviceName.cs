using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Training;

/// <summary>
/// "cpu", "cuda" or "cuda:N", checked as torch.device checks them. TorchSharp's Device constructor also takes any
/// DeviceType name or number, and torch.device() starts CUDA: options are validated without either.
/// </summary>
internal static class DeviceName
{
    /// <summary>The device <paramref name="text"/> names; <see cref="FormatException"/> when it names none.</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        var type = parts[0] switch
        {
            "cpu" => DeviceType.CPU,
            "cuda" => DeviceType.CUDA,
            _ => throw new FormatException($"unknown device '{text}': expected cpu, cuda or cuda:N"),
        };
        if (parts.Length == 1) return new Device(type);
        if (parts.Length == 2 && int.TryParse(parts[1], out var index) && index >= 0) return new Device(type, index);
        throw new FormatException($"bad device '{text}': expected cpu, cuda or cuda:N");
    }
}
