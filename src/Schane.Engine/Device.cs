namespace Schane.Engine;

/// <summary>Where a tensor lives (torch.device): the CPU or a CUDA GPU.</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    /// <summary>The CPU.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>The current CUDA device.</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>CUDA device number <paramref name="index"/>.</summary>
    public static Device Cuda(int index = 0) => new(DeviceType.CUDA, index);

    /// <summary>Parses "cpu", "cuda" or "cuda:N", as torch.device does.</summary>
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

    /// <inheritdoc/>
    public override string ToString() =>
        (Type == DeviceType.CPU ? "cpu" : "cuda") + (Index >= 0 ? $":{Index}" : "");

    /// <summary>Converts "cuda:0"-style text to a device.</summary>
    public static implicit operator Device(string text) => Parse(text);
}

/// <summary>Kinds of device.</summary>
public enum DeviceType
{
    /// <summary>The CPU.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU through CUDA.</summary>
    CUDA = 1,
}
