/// "Nice" axis tick values: steps of 1, 2 or 5 times a power of ten that cover a data range.
module Schane.Experiments.Ticks

open System

// Heckbert's nice number: the 1-2-5 value nearest to x (rounding) or at least x (not rounding).
let private niceNumber (x: float) (round: bool) =
    let exponent = Math.Floor(Math.Log10 x)
    // The slack keeps 0.2 / 0.1 = 2.0000000000000004 a 2 rather than a 5.
    let fraction = x / Math.Pow(10.0, exponent) - 1e-9
    let nice =
        if round then (if fraction < 1.5 then 1.0 elif fraction < 3.0 then 2.0 elif fraction < 7.0 then 5.0 else 10.0)
        else (if fraction <= 1.0 then 1.0 elif fraction <= 2.0 then 2.0 elif fraction <= 5.0 then 5.0 else 10.0)
    nice * Math.Pow(10.0, exponent)

/// Number of decimals that shows every tick of this step exactly (0 for steps of 1 or more).
let decimals (step: float) : int = Math.Clamp(int (-Math.Floor(Math.Log10 step + 1e-9)), 0, 15)

/// <summary>
/// About <paramref name="target"/> evenly spaced tick values, a 1-2-5 step apart, from a multiple of the step at or
/// below <paramref name="lo"/> to one at or above <paramref name="hi"/> (0..1 with 6 gives 0, 0.2, …, 1). Values are
/// rounded to the step's decimals, so they print exactly. An empty range (lo = hi) is widened by 10% of |lo| (or by 1
/// around 0). Throws <see cref="T:System.ArgumentException"/> for non-finite bounds, lo &gt; hi or target &lt; 2.
/// </summary>
let nice (lo: float) (hi: float) (target: int) : float[] =
    if not (Double.IsFinite lo && Double.IsFinite hi) then invalidArg (nameof lo) $"Tick range must be finite (got {lo}..{hi})."
    if lo > hi then invalidArg (nameof lo) $"Tick range is reversed ({lo} > {hi})."
    if target < 2 then invalidArg (nameof target) $"At least 2 ticks are needed (got {target})."
    let lo, hi =
        if lo < hi then lo, hi
        elif lo = 0.0 then -1.0, 1.0
        else lo - 0.1 * Math.Abs lo, hi + 0.1 * Math.Abs hi
    let step = niceNumber (niceNumber (hi - lo) false / float (target - 1)) true
    // The small slack keeps 0.6 / 0.2 = 2.9999999999999996 from adding a tick outside the data.
    let first = Math.Floor(lo / step + 1e-9)
    let last = Math.Ceiling(hi / step - 1e-9)
    let digits = decimals step
    // + 0.0 turns −0 into 0.
    Array.init (int (last - first) + 1) (fun k -> Math.Round((first + float k) * step, digits) + 0.0)
