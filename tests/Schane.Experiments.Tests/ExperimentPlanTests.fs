module Schane.Experiments.Tests.ExperimentPlanTests

open Xunit
open Schane.Experiments

let private settings seeds methods betas lambdas =
    { Name = "t"; ResultsDir = "results"; WorkDir = "runs/t"; Seeds = seeds; Methods = methods; Betas = betas; Lambdas = lambdas
      PretrainEpochs = 1; PretrainPerClass = 0; FineTuning = ExperimentPlan.fineTuningOf RunConfig.Default; Command = "" }

[<Fact>]
let ``The full plan shares the runs where the methods and both ablations coincide`` () =
    let cells = ExperimentPlan.cells (settings [| 0 .. 4 |] Comparison.defaultLosses [| 0.0; 0.5; 1.0; 2.0 |] [| 0.5; 0.9; 1.0 |])
    // Per seed: 4 methods + β ∈ {0, 0.5, 2} + λ ∈ {0.5, 1}; SCHaNe at β = 1, λ = 0.9 is the main run and a point of both curves.
    Assert.Equal(5 * (4 + 3 + 2), cells.Length)
    Assert.Equal(cells.Length, (cells |> Array.distinctBy (fun c -> c.Id)).Length)
    Assert.Equal<string[]>([| "ce-seed0"; "supcon-lambda0.9-seed0"; "hcl-beta1-lambda0.9-seed0"; "schane-beta1-lambda0.9-seed0" |],
                           cells[0..3] |> Array.map (fun c -> c.Id))
    // Every seed of the main table runs before any ablation: a stopped experiment holds whole seeds of it.
    Assert.All(cells[0..19], fun c -> Assert.True(c.Beta = 1.0 && c.Lambda = 0.9))
    Assert.Equal(5, cells |> Array.filter (fun c -> c.Id.StartsWith "schane-beta1-lambda0.9-") |> Array.length)

[<Fact>]
let ``A cell's config starts from the pre-trained checkpoint with the cell's method and seed`` () =
    let s = settings [| 3 |] [| "hcl" |] [||] [||]
    let cell = (ExperimentPlan.cells s)[0]
    let config = ExperimentPlan.config s "runs/t/pretrain/checkpoint.pt" cell
    Assert.Equal("runs/t/pretrain/checkpoint.pt", config.Init)
    Assert.Equal(("hcl", 3, cell.Id), (config.Loss, config.Seed, config.Name))
    Assert.Equal<int[]>([| 1; 5; 10 |], config.FineTuneShots)
    config.Validate()

[<Fact>]
let ``Settings that cannot work are refused by name`` () =
    let bad = settings [| 0; 0 |] [| "ce" |] [||] [||]
    let e = Assert.Throws<System.ArgumentException>(fun () -> ExperimentPlan.validate bad)
    Assert.Contains("seeds", e.Message)
    let e = Assert.Throws<System.ArgumentException>(fun () -> ExperimentPlan.validate (settings [| 0 |] [| "ce" |] [||] [| 1.5 |]))
    Assert.Contains("lambdas", e.Message)
