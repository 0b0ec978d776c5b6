using System.Globalization;

namespace Schane.Core.Display;

/// <summary>
/// PyTorch's element formatting for printing (torch/_tensor_str.py, class _Formatter, precision 4): integers as
/// they are; floats whose finite non-zero values are all integral as "3."; otherwise 4 decimals, or scientific
/// notation ("1.2346e+05") when the values span more than 1000× or reach 1e8 or go below 1e-4. Every cell is
/// right-aligned to the widest, as torch does, so that columns line up.
/// </summary>
internal static class TorchNumberFormat
{
    private const int Precision = 4;

    /// <summary>The padded cells of floating-point <paramref name="values"/> (the summarised ones, as torch formats them).</summary>
    public static FormattedCells Floats(double[] values)
    {
        var intMode = true;
        var sciMode = false;
        var width = 1;
        var kept = values.Where(v => double.IsFinite(v) && v != 0).ToArray();
        if (kept.Length > 0)
        {
            var min = kept.Min(Math.Abs);
            var max = kept.Max(Math.Abs);
            intMode = kept.All(v => v == Math.Ceiling(v));
            sciMode = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
            foreach (var v in kept)
            {
                var length = sciMode ? Scientific(v).Length : intMode ? Fixed(v, 0).Length + 1 : Fixed(v, Precision).Length;
                width = Math.Max(width, length);
            }
        }
        var cells = values.Select(v =>
        {
            var text = !double.IsFinite(v) ? NonFinite(v)
                : sciMode ? Scientific(v)
                : intMode ? Fixed(v, 0) + "."
                : Fixed(v, Precision);
            return text.PadLeft(width);
        }).ToArray();
        return new FormattedCells(cells, width);
    }

    /// <summary>The padded cells of integer <paramref name="values"/>.</summary>
    public static FormattedCells Integers(long[] values)
    {
        var texts = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        var width = texts.Length == 0 ? 1 : texts.Max(t => t.Length);
        return new FormattedCells(texts.Select(t => t.PadLeft(width)).ToArray(), width);
    }

    /// <summary>The padded cells of boolean <paramref name="values"/> (Python's True/False).</summary>
    public static FormattedCells Booleans(bool[] values)
    {
        var width = values.Any(v => !v) ? 5 : 4;
        return new FormattedCells(values.Select(v => (v ? "True" : "False").PadLeft(width)).ToArray(), width);
    }

    private static string NonFinite(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";

    private static string Fixed(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);

    // Python's "{:.4e}": a two-digit exponent at least ("1.0000e-05"), where .NET writes "1.0000E-005".
    private static string Scientific(double v)
    {
        var text = v.ToString("E" + Precision, CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }
}

/// <summary>Formatted values and the width torch pads them to (non-finite values may be wider, as in torch).</summary>
/// <param name="Cells">The values as text, each padded on the left to <paramref name="Width"/>.</param>
/// <param name="Width">torch's max_width (for floats, that of the widest finite non-zero value).</param>
internal readonly record struct FormattedCells(string[] Cells, int Width);
