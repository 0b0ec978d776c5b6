/// Statistics across seeds: mean with a Student-t 95% confidence interval, and the paired t-test between two
/// methods run on the same seeds.
module Schane.Experiments.Statistics

open System

/// <summary>
/// Mean of a sample with its 95% confidence interval. For N = 1 the spread cannot be estimated: StdDev and
/// HalfWidth95 are NaN (formatting then shows the mean alone), never a misleading 0.
/// </summary>
type Summary =
    { /// Number of values.
      N: int
      /// Arithmetic mean.
      Mean: float
      /// Sample standard deviation (divisor N − 1); NaN when N = 1.
      StdDev: float
      /// Half-width of the 95% interval: t(0.975, N − 1) · StdDev / √N; NaN when N = 1.
      HalfWidth95: float }

    /// Lower end of the 95% interval (Mean − HalfWidth95).
    member this.Lower = this.Mean - this.HalfWidth95

    /// Upper end of the 95% interval (Mean + HalfWidth95).
    member this.Upper = this.Mean + this.HalfWidth95

    /// "mean ± halfWidth" with the given number of decimals (the mean alone when N = 1).
    member this.Format(digits: int) = Formatting.meanCi digits this.Mean this.HalfWidth95

/// <summary>
/// Paired comparison a − b across the same seeds: mean difference, its 95% interval and the two-sided paired t-test.
/// When every difference is equal the t statistic is ±∞ (p = 0) or, if they are all 0, NaN with p = 1.
/// For N = 1 StdDev, HalfWidth95, TStatistic and PValue are NaN.
/// </summary>
type PairedDifference =
    { /// Number of pairs.
      N: int
      /// Mean of a[i] − b[i].
      MeanDifference: float
      /// Sample standard deviation of the differences (divisor N − 1).
      StdDev: float
      /// Half-width of the 95% interval of the mean difference.
      HalfWidth95: float
      /// MeanDifference / (StdDev / √N), with N − 1 degrees of freedom.
      TStatistic: float
      /// Two-sided p-value of the t statistic under the null of no difference.
      PValue: float }

    /// Lower end of the 95% interval of the mean difference.
    member this.Lower = this.MeanDifference - this.HalfWidth95

    /// Upper end of the 95% interval of the mean difference.
    member this.Upper = this.MeanDifference + this.HalfWidth95

    /// "meanDifference ± halfWidth" with the given number of decimals.
    member this.Format(digits: int) = Formatting.meanCi digits this.MeanDifference this.HalfWidth95

let private checkDof (dof: float) =
    if not (dof > 0.0) then
        raise (ArgumentOutOfRangeException(nameof dof, dof, "The degrees of freedom must be positive."))

// P(|T| > t) for t ≥ 0; dof = +∞ is the standard normal (erfc(t/√2) = Q(1/2, t²/2)).
let private twoSidedTail (t: float) (dof: float) : float =
    if Double.IsPositiveInfinity t then 0.0
    elif Double.IsPositiveInfinity dof then SpecialFunctions.upperIncompleteGamma 0.5 (0.5 * t * t)
    else
        let t2 = t * t
        SpecialFunctions.incompleteBeta (0.5 * dof) 0.5 (dof / (dof + t2)) (t2 / (dof + t2))

/// <summary>
/// P(T ≤ t) for Student's t with <paramref name="dof"/> degrees of freedom (any positive real; +∞ gives the
/// standard normal). Computed from the regularized incomplete beta function.
/// </summary>
let studentTCdf (t: float) (dof: float) : float =
    checkDof dof
    if Double.IsNaN t then nan
    elif t >= 0.0 then 1.0 - 0.5 * twoSidedTail t dof
    else 0.5 * twoSidedTail (-t) dof

/// <summary>
/// The p-quantile of Student's t with <paramref name="dof"/> degrees of freedom (any positive real; +∞ gives the
/// standard normal), found by bisection on the CDF to full double precision. p must lie strictly in (0, 1).
/// </summary>
let studentTQuantile (p: float) (dof: float) : float =
    checkDof dof
    if not (p > 0.0 && p < 1.0) then
        raise (ArgumentOutOfRangeException(nameof p, p, "The probability must lie strictly between 0 and 1."))
    if p = 0.5 then 0.0
    else
        // Solve P(|T| > t) = q on t ≥ 0, then apply the sign; q is taken from the nearer tail for precision.
        let q = if p > 0.5 then 2.0 * (1.0 - p) else 2.0 * p
        let mutable hi = 1.0
        while twoSidedTail hi dof > q do
            hi <- hi * 2.0
        let mutable lo = 0.0
        let mutable mid = 0.5 * (lo + hi)
        // Stop once the midpoint no longer moves: the interval has shrunk to adjacent doubles.
        while mid > lo && mid < hi do
            if twoSidedTail mid dof > q then lo <- mid else hi <- mid
            mid <- 0.5 * (lo + hi)
        let t = 0.5 * (lo + hi)
        if p > 0.5 then t else -t

// Mean and sample standard deviation (two passes: no cancellation for values with a large common offset).
let private meanAndStdDev (values: float[]) =
    let n = values.Length
    let mean = Array.sum values / float n
    if n < 2 then mean, nan
    else
        let mutable ss = 0.0
        for v in values do
            ss <- ss + (v - mean) * (v - mean)
        mean, Math.Sqrt(ss / float (n - 1))

let private halfWidth95 (n: int) (sd: float) =
    if n < 2 then nan else studentTQuantile 0.975 (float (n - 1)) * sd / Math.Sqrt(float n)

/// <summary>
/// Mean, sample standard deviation and 95% Student-t half-width of the values (e.g. one accuracy per seed).
/// Throws <see cref="T:System.ArgumentException"/> for an empty array; N = 1 gives NaN spread (see <see cref="T:Schane.Experiments.Statistics.Summary"/>).
/// </summary>
let summarize (values: float[]) : Summary =
    if isNull (box values) then nullArg (nameof values)
    if values.Length = 0 then invalidArg (nameof values) "Cannot summarize an empty sample."
    let mean, sd = meanAndStdDev values
    { N = values.Length; Mean = mean; StdDev = sd; HalfWidth95 = halfWidth95 values.Length sd }

/// <summary>
/// The median: the middle value, or the mean of the two middle ones for an even count. Throws
/// <see cref="T:System.ArgumentException"/> for an empty array.
/// </summary>
let median (values: float[]) : float =
    if isNull (box values) then nullArg (nameof values)
    if values.Length = 0 then invalidArg (nameof values) "Cannot take the median of an empty sample."
    let sorted = Array.sort values
    let middle = sorted.Length / 2
    if sorted.Length % 2 = 1 then sorted[middle] else (sorted[middle - 1] + sorted[middle]) / 2.0

/// <summary>
/// Paired difference a − b (a[i] and b[i] come from the same seed) with its 95% interval and two-sided paired
/// t-test. Throws <see cref="T:System.ArgumentException"/> when the lengths differ or the arrays are empty.
/// </summary>
let paired (a: float[]) (b: float[]) : PairedDifference =
    if isNull (box a) then nullArg (nameof a)
    if isNull (box b) then nullArg (nameof b)
    if a.Length <> b.Length then
        invalidArg (nameof b) $"Paired samples must have the same length: a has {a.Length} values, b has {b.Length}."
    if a.Length = 0 then invalidArg (nameof a) "Cannot compare empty samples."
    let n = a.Length
    let diffs = Array.map2 (-) a b
    let mean, sd = meanAndStdDev diffs
    let t, p =
        if n < 2 then nan, nan
        elif sd = 0.0 then (if mean = 0.0 then nan, 1.0 else (if mean > 0.0 then infinity else -infinity), 0.0)
        else
            let t = mean / (sd / Math.Sqrt(float n))
            t, twoSidedTail (Math.Abs t) (float (n - 1))
    { N = n; MeanDifference = mean; StdDev = sd; HalfWidth95 = halfWidth95 n sd; TStatistic = t; PValue = p }
