module Schane.Experiments.Tests.ExperimentReportTests

open System
open System.IO
open Xunit
open Schane.Experiments

let private settings =
    { Name = "report"; ResultsDir = "results"; WorkDir = "runs/report"; Seeds = [| 0; 1; 2 |]; Methods = [| "ce"; "schane" |]
      Betas = [||]; Lambdas = [| 0.9; 1.0 |]; PretrainEpochs = 1; PretrainPerClass = 0
      FineTuning = { ExperimentPlan.fineTuningOf RunConfig.Default with BatchSize = 10 }; Command = "./schane experiment --name report" }

/// A finished cell that trained 100 steps of 10 images, the last <paramref name="timedSteps"/> of them in the process
/// that finished it, in <paramref name="seconds"/>.
let private result (cell: ExperimentCell) (seconds: float) (timedSteps: int) (top1: float) : CellResult =
    { Cell = cell; Objective = cell.Loss; Model = "resnet"; Start = "start.pt"; StartSha256 = "0"; Steps = 100
      TrainSeconds = seconds; EvalSeconds = 1.0; ImagesPerSecond = float (timedSteps * 10) / seconds
      Top1 = top1; Top5 = 1.0; Knn = 0.5
      FewShot = [| { Ways = 5; Shots = 1; Queries = 15; Accuracy = Statistics.summarize [| 0.5; 0.6; 0.7 |] } |]
      FineTuned = [||] }

let private write (results: CellResult[]) =
    let directory = Directory.CreateTempSubdirectory("schane-report-").FullName
    try
        ExperimentReport.write
            { Settings = settings; Directory = directory; Pretrain = None; Cells = ExperimentPlan.cells settings
              Results = results; RanNow = [||] }
        File.ReadAllText(Path.Combine(directory, "report.md"))
    finally
        Directory.Delete(directory, true)

[<Fact>]
let ``A resumed run's time says what it covers and stays out of the method's median`` () =
    let ce seed = ExperimentPlan.cell "ce" 1.0 0.9 seed
    let schane lambda seed = ExperimentPlan.cell "schane" 1.0 lambda seed
    let report =
        write [| result (ce 0) 300.0 100 0.9; result (ce 1) 900.0 100 0.9; result (ce 2) 50.0 10 0.9
                 result (schane 0.9 0) 200.0 100 0.9; result (schane 0.9 1) 250.0 100 0.9; result (schane 0.9 2) 400.0 100 0.9
                 result (schane 1.0 0) 200.0 100 0.2; result (schane 1.0 1) 200.0 100 0.2; result (schane 1.0 2) 200.0 100 0.2 |]
    Assert.Contains("| [ce-seed2](runs/ce-seed2/config.json) ", report)
    Assert.Contains("50 (resumed: last 10 of 100 steps)", report)
    Assert.DoesNotContain("300 (resumed", report)
    let timeOf (method: string) =
        report.Split('\n') |> Array.find (fun l -> l.StartsWith($"| {method} ", StringComparison.Ordinal))
        |> fun l -> l.Split('|', StringSplitOptions.TrimEntries) |> Array.filter ((<>) "") |> Array.last
    // CE: the median of 300 and 900 (the resumed 50 s left out); SCHaNe+CE: the median of 200, 250 and 400.
    Assert.Equal("600", timeOf "CE")
    Assert.Equal("250", timeOf "SCHaNe+CE")

[<Fact>]
let ``The λ ablation says why λ = 1 has no classifier to measure`` () =
    let cells = ExperimentPlan.cells settings
    let report = write (cells |> Array.map (fun c -> result c 100.0 100 (if c.Lambda = 1.0 && c.Loss = "schane" then 0.2 else 0.9)))
    Assert.Contains("At λ = 1 the objective has no CE term, so the classifier is never trained", report)
    let without = write (cells |> Array.filter (fun c -> c.Lambda <> 1.0) |> Array.map (fun c -> result c 100.0 100 0.9))
    Assert.DoesNotContain("At λ = 1", without)
