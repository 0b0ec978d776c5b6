namespace Schane.Engine;

/// <summary>
/// A height × width pair for 2-D ops (PyTorch's <c>_size_2_t</c>: an int or a tuple of two ints). Converts implicitly
/// from one number (the same for both) or from a tuple: <c>stride: 2</c>, <c>padding: (1, 0)</c>.
/// </summary>
public readonly record struct Size2(long Height, long Width)
{
    /// <summary>The same value for height and width.</summary>
    public static implicit operator Size2(long value) => new(value, value);

    /// <summary>(height, width).</summary>
    public static implicit operator Size2((long Height, long Width) value) => new(value.Height, value.Width);

    /// <summary>"(h, w)", as PyTorch prints a size tuple.</summary>
    public override string ToString() => $"({Height}, {Width})";

    /// <summary>"h" when both are equal, else "(h, w)": how PyTorch prints a pooling size given as one int.</summary>
    internal string ToCompactString() => Height == Width ? Height.ToString(System.Globalization.CultureInfo.InvariantCulture) : ToString();
}
