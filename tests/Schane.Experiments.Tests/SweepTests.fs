module Schane.Experiments.Tests.SweepTests

open System
open System.Text.Json.Nodes
open Xunit
open Schane.Experiments
open Schane.Experiments.Tests.Assertions

[<Fact>]
let ``flags set settings over the defaults, bare numbers are the values`` () =
    let sweep =
        SweepArguments.Parse([| "0"; "--train-per-class"; "200"; "0.5"; "--lr"; "1e-3"; "--loss"; "hcl"; "--temperature"; "0.2"; "2" |],
                             SweepArguments.SmallDefaults)
    Assert.Equal<float[]>([| 0.0; 0.5; 2.0 |], sweep.Values)
    Assert.Equal("""{"epochs":2,"trainPerClass":200,"testPerClass":300,"width":8,"episodes":200,"runsDir":"runs","lr":0.001,"loss":"hcl","temperature":0.2}""",
                 sweep.Settings.ToJsonString())
    // A whole number is an integer (an int setting takes it), "1e-3" and "0.2" are numbers, the rest is text.
    Assert.Equal(Text.Json.JsonValueKind.Number, (nonNull sweep.Settings["trainPerClass"]).GetValueKind())
    Assert.Equal(200L, (nonNull sweep.Settings["trainPerClass"]).GetValue<int64>())

[<Fact>]
let ``the defaults are copied, not changed`` () =
    let defaults = JsonObject()
    defaults["epochs"] <- JsonValue.Create 2
    let sweep = SweepArguments.Parse([| "--epochs"; "5" |], defaults)
    Assert.Equal(2, (nonNull defaults["epochs"]).GetValue<int>())
    Assert.Equal(5L, (nonNull sweep.Settings["epochs"]).GetValue<int64>())
    Assert.Empty sweep.Values
    Assert.NotSame(SweepArguments.SmallDefaults, SweepArguments.SmallDefaults)

[<Fact>]
let ``a flag without a value and a word that is not a number are refused`` () =
    throwsWith<ArgumentException> [ "--epochs needs a value" ] (fun () -> SweepArguments.Parse([| "1"; "--epochs" |], JsonObject()) |> ignore)
    throwsWith<ArgumentException> [ "unexpected 'fast'" ] (fun () -> SweepArguments.Parse([| "fast" |], JsonObject()) |> ignore)

[<Fact>]
let ``a run's settings are checked before anything trains`` () =
    let sweep = SweepArguments.Parse([| "0"; "1"; "--epoks"; "1" |], SweepArguments.SmallDefaults)
    throwsWith<IO.InvalidDataException> [ "unknown setting 'epoks'" ] (fun () -> sweep.Run("beta", "β", [], null) |> ignore)
    throwsWith<ArgumentException> [ "at least one value" ] (fun () ->
        SweepArguments.Parse([||], SweepArguments.SmallDefaults).Run("beta", "β", [], null) |> ignore)
