/// Culture-invariant number formatting shared by the statistics records, the Markdown tables and the HTML displays.
module internal Schane.Experiments.Formatting

open System
open System.Globalization

/// A finite number with a fixed count of decimals; "n/a" for NaN, "∞"/"−∞" for infinities.
let fixedDigits (digits: int) (value: float) : string =
    if Double.IsNaN value then "n/a"
    elif Double.IsPositiveInfinity value then "∞"
    elif Double.IsNegativeInfinity value then "−∞"
    else
        let text = value.ToString("F" + string (max 0 digits), CultureInfo.InvariantCulture)
        // "-0.00" reads as a sign where there is none.
        if text.StartsWith "-" && Double.Parse(text, CultureInfo.InvariantCulture) = 0.0 then text.Substring 1 else text

/// "mean ± halfWidth"; only the mean when the half-width is NaN (a single seed has no interval).
let meanCi (digits: int) (mean: float) (halfWidth: float) : string =
    if Double.IsNaN halfWidth || Double.IsNaN mean then fixedDigits digits mean
    else fixedDigits digits mean + " ± " + fixedDigits digits halfWidth
