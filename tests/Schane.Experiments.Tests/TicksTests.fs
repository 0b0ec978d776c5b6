module Schane.Experiments.Tests.TicksTests

open System
open Xunit
open Schane.Experiments
open Schane.Experiments.Tests.Assertions

[<Fact>]
let ``unit range gives fifths`` () =
    Assert.Equal<float[]>([| 0.0; 0.2; 0.4; 0.6; 0.8; 1.0 |], Ticks.nice 0.0 1.0 6)
    Assert.Equal<float[]>([| 0.0; 0.2; 0.4; 0.6; 0.8; 1.0 |], Ticks.nice 0.0 1.0 5)

[<Fact>]
let ``ticks cover the data on 1-2-5 steps`` () =
    Assert.Equal<float[]>([| 0.0; 10.0; 20.0; 30.0 |], Ticks.nice 0.0 29.0 6)
    Assert.Equal<float[]>([| -20.0; 0.0; 20.0; 40.0; 60.0; 80.0; 100.0 |], Ticks.nice -13.0 87.0 6)
    Assert.Equal<float[]>([| 0.81; 0.82; 0.83; 0.84; 0.85 |], Ticks.nice 0.812 0.847 6)
    Assert.Equal<float[]>([| 0.6; 0.7; 0.8 |], Ticks.nice 0.6 0.8 3)
    Assert.Equal<float[]>([| 1000.0; 1500.0; 2000.0; 2500.0; 3000.0 |], Ticks.nice 1000.0 3000.0 5)

[<Fact>]
let ``exact multiples do not gain an outer tick`` () =
    let ticks = Ticks.nice 0.6 1.4 5
    Assert.Equal(0.6, ticks[0])
    Assert.Equal(1.4, ticks[ticks.Length - 1])

[<Fact>]
let ``an empty range is widened`` () =
    Assert.Equal<float[]>([| -1.0; -0.5; 0.0; 0.5; 1.0 |], Ticks.nice 0.0 0.0 5)
    let ticks = Ticks.nice 5.0 5.0 5
    Assert.True(ticks[0] <= 4.5 && ticks[ticks.Length - 1] >= 5.5)
    Assert.True(ticks.Length >= 2)

[<Fact>]
let ``decimals follow the step`` () =
    Assert.Equal(0, Ticks.decimals 10.0)
    Assert.Equal(0, Ticks.decimals 1.0)
    Assert.Equal(1, Ticks.decimals 0.2)
    Assert.Equal(2, Ticks.decimals 0.05)

[<Fact>]
let ``bad ranges are rejected`` () =
    throwsWith<ArgumentException> [ "finite" ] (fun () -> Ticks.nice 0.0 nan 5 |> ignore)
    throwsWith<ArgumentException> [ "reversed" ] (fun () -> Ticks.nice 2.0 1.0 5 |> ignore)
    throwsWith<ArgumentException> [ "At least 2" ] (fun () -> Ticks.nice 0.0 1.0 1 |> ignore)
