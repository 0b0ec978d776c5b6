module Schane.Experiments.Tests.StatisticsTests

open System
open Xunit
open Schane.Experiments
open Schane.Experiments.Tests.Assertions

[<Theory>]
// Two-sided 95% critical values of Student's t from the standard tables.
[<InlineData(1.0, 12.7062)>]
[<InlineData(2.0, 4.3027)>]
[<InlineData(4.0, 2.7764)>]
[<InlineData(9.0, 2.2622)>]
[<InlineData(29.0, 2.0452)>]
[<InlineData(599.0, 1.96393)>]
[<InlineData(1e9, 1.95996)>]
let ``t quantile at 0.975 matches the tables`` (dof: float, expected: float) =
    near 5e-5 expected (Statistics.studentTQuantile 0.975 dof)

[<Fact>]
let ``t quantile with infinite dof is the normal quantile`` () =
    near 1e-9 1.959963984540054 (Statistics.studentTQuantile 0.975 infinity)
    near 1e-9 -2.3263478740408408 (Statistics.studentTQuantile 0.01 infinity)

[<Fact>]
let ``t quantile is antisymmetric and inverts the cdf`` () =
    near 0.0 0.0 (Statistics.studentTQuantile 0.5 3.0)
    near 1e-12 (-(Statistics.studentTQuantile 0.9 7.5)) (Statistics.studentTQuantile 0.1 7.5)
    for p in [ 0.001; 0.2; 0.75; 0.999 ] do
        near 1e-12 p (Statistics.studentTCdf (Statistics.studentTQuantile p 3.0) 3.0)
    // t(0.995, 1) = tan(π (0.995 − 1/2)), the Cauchy quantile.
    near 1e-9 (Math.Tan(Math.PI * 0.495)) (Statistics.studentTQuantile 0.995 1.0)

[<Fact>]
let ``t cdf matches closed forms`` () =
    // dof 1 is Cauchy: F(t) = 1/2 + atan(t)/π; dof 2: F(t) = 1/2 + t / (2 √(2 + t²));
    // dof 3: F(t) = 1/2 + (t / (√3 (1 + t²/3)) + atan(t / √3)) / π.
    for t in [ -3.0; -0.4; 0.0; 1.0; 25.0 ] do
        near 1e-13 (0.5 + Math.Atan t / Math.PI) (Statistics.studentTCdf t 1.0)
        near 1e-13 (0.5 + t / (2.0 * Math.Sqrt(2.0 + t * t))) (Statistics.studentTCdf t 2.0)
        let s3 = Math.Sqrt 3.0
        near 1e-13 (0.5 + (t / (s3 * (1.0 + t * t / 3.0)) + Math.Atan(t / s3)) / Math.PI) (Statistics.studentTCdf t 3.0)

[<Fact>]
let ``bad quantile arguments are rejected`` () =
    throwsWith<ArgumentOutOfRangeException> [ "probability" ] (fun () -> Statistics.studentTQuantile 1.0 3.0 |> ignore)
    throwsWith<ArgumentOutOfRangeException> [ "probability" ] (fun () -> Statistics.studentTQuantile 0.0 3.0 |> ignore)
    throwsWith<ArgumentOutOfRangeException> [ "degrees of freedom" ] (fun () -> Statistics.studentTQuantile 0.9 0.0 |> ignore)

[<Fact>]
let ``summarize gives mean, sample sd and the t half-width`` () =
    let s = Statistics.summarize [| 80.0; 82.0; 84.0; 86.0; 88.0 |]
    Assert.Equal(5, s.N)
    near 1e-12 84.0 s.Mean
    near 1e-12 (Math.Sqrt 10.0) s.StdDev
    // t(0.975, 4) · √10 / √5 = 2.776445 · √2
    near 1e-5 (2.776445 * Math.Sqrt 2.0) s.HalfWidth95
    near 1e-12 (s.Mean - s.HalfWidth95) s.Lower
    near 1e-12 (s.Mean + s.HalfWidth95) s.Upper
    Assert.Equal("84.00 ± 3.93", s.Format 2)

[<Fact>]
let ``summarize keeps precision for values with a large common offset`` () =
    let s = Statistics.summarize [| 1e9 + 1.0; 1e9 + 2.0; 1e9 + 3.0 |]
    near 1e-12 1.0 s.StdDev

[<Fact>]
let ``a single value has a mean and no interval`` () =
    let s = Statistics.summarize [| 0.8341 |]
    Assert.Equal(1, s.N)
    Assert.Equal(0.8341, s.Mean)
    Assert.True(Double.IsNaN s.StdDev)
    Assert.True(Double.IsNaN s.HalfWidth95)
    Assert.Equal("0.83", s.Format 2)

[<Fact>]
let ``an empty sample is rejected`` () =
    throwsWith<ArgumentException> [ "empty" ] (fun () -> Statistics.summarize [||] |> ignore)

[<Theory>]
// Two-sided p-values P(|T| > t) from the tables.
[<InlineData(2.0, 10.0, 0.07339)>]
[<InlineData(3.0, 5.0, 0.03010)>]
[<InlineData(1.0, 1.0, 0.5)>]
let ``paired p-value matches known values`` (t: float, dof: float, expected: float) =
    // d = [c + 1, c − 1, c, …, c] has mean c and sd √(2 / (n − 1)), so t = c √n / sd: choose c to hit t.
    let n = int dof + 1
    let sd = Math.Sqrt(2.0 / float (n - 1))
    let c = t * sd / Math.Sqrt(float n)
    let diffs = Array.init n (fun i -> if i = 0 then c + 1.0 elif i = 1 then c - 1.0 else c)
    let r = Statistics.paired diffs (Array.zeroCreate n)
    near 1e-9 t r.TStatistic
    near 6e-5 expected r.PValue

[<Fact>]
let ``paired works on differences a minus b`` () =
    let r = Statistics.paired [| 1.0; 2.0; 3.5 |] [| 0.0; 0.5; 1.0 |]
    Assert.Equal(3, r.N)
    near 1e-12 (5.0 / 3.0) r.MeanDifference
    near 1e-9 (Statistics.summarize [| 1.0; 1.5; 2.5 |]).HalfWidth95 r.HalfWidth95
    let reversed = Statistics.paired [| 0.0; 0.5; 1.0 |] [| 1.0; 2.0; 3.5 |]
    near 1e-12 (-r.TStatistic) reversed.TStatistic
    near 1e-15 r.PValue reversed.PValue

[<Fact>]
let ``paired degenerate spreads`` () =
    let same = Statistics.paired [| 1.0; 2.0 |] [| 1.0; 2.0 |]
    Assert.True(Double.IsNaN same.TStatistic)
    Assert.Equal(1.0, same.PValue)
    let shifted = Statistics.paired [| 2.0; 3.0 |] [| 1.0; 2.0 |]
    Assert.Equal(infinity, shifted.TStatistic)
    Assert.Equal(0.0, shifted.PValue)
    let single = Statistics.paired [| 2.0 |] [| 1.0 |]
    Assert.Equal(1.0, single.MeanDifference)
    Assert.True(Double.IsNaN single.PValue)

[<Fact>]
let ``paired rejects mismatched lengths naming both`` () =
    throwsWith<ArgumentException> [ "3"; "2" ] (fun () -> Statistics.paired [| 1.0; 2.0; 3.0 |] [| 1.0; 2.0 |] |> ignore)
    throwsWith<ArgumentException> [ "empty" ] (fun () -> Statistics.paired [||] [||] |> ignore)

[<Fact>]
let ``median takes the middle value, or the mean of the two middle ones`` () =
    Assert.Equal(3.0, Statistics.median [| 5.0; 1.0; 3.0 |])
    Assert.Equal(2.5, Statistics.median [| 4.0; 1.0; 3.0; 2.0 |])
    Assert.Throws<ArgumentException>(fun () -> Statistics.median [||] |> ignore) |> ignore
