module Schane.Experiments.Tests.ComparisonTests

open Xunit
open Schane.Core.Evaluation
open Schane.Experiments

/// A completed run of <paramref name="loss"/> on <paramref name="seed"/> with the given top-1 and 1-shot accuracy.
let private run loss seed top1 oneShot =
    let fewShot = { Ways = 5; Shots = 1; Queries = 15; Accuracy = Statistics.summarize [| oneShot; oneShot |] }
    { Config = { RunConfig.Default with Loss = loss; Seed = seed }
      Directory = ""; Checkpoint = ""; Model = "m"; Objective = loss; Outcome = "completed"; Steps = 1
      TrainSeconds = 0.0; EvalSeconds = 0.0; ImagesPerSecond = 0.0; History = [||]
      Metrics = Some { Top1 = top1; Top5 = 1.0; Knn = 0.5; Embedding = EmbeddingQuality(0.0, 0.0, 0.0, 0.0); FewShot = [| fewShot |]; FineTuned = [||] } }

[<Fact>]
let ``methods are summarised over seeds and paired against CE and SupCon`` () =
    let runs =
        [| run "ce" 0 0.80 0.50; run "supcon" 0 0.82 0.55; run "schane" 0 0.85 0.60
           run "ce" 1 0.70 0.40; run "supcon" 1 0.71 0.42; run "schane" 1 0.74 0.47
           run "ce" 2 0.75 0.45; run "supcon" 2 0.78 0.47; run "schane" 2 0.79 0.52 |]
    let names, methods, paired = Comparison.summarize [| "ce"; "supcon"; "schane" |] [| 0; 1; 2 |] runs
    Assert.Equal<string[]>([| "top-1"; "5-way 1-shot" |], names)
    Assert.Equal<string[]>([| "ce"; "supcon"; "schane" |], methods |> Array.map (fun m -> m.Loss))
    Assert.Equal(0.75, methods[0].Values[0].Mean, 12)
    Assert.Equal(3, methods[2].Values[1].N)
    // schane − ce on top-1: differences 0.05, 0.04, 0.04 → mean 0.04333…, sd 0.005774, t = 13.0, df = 2.
    let d = (paired |> Array.find (fun p -> p.Loss = "schane" && p.Baseline = "ce" && p.Metric = "top-1")).Difference
    Assert.Equal(0.043333333333, d.MeanDifference, 9)
    Assert.Equal(13.0, d.TStatistic, 6)
    Assert.Equal(0.00587, d.PValue, 4)
    // Against CE: supcon, schane; against SupCon: ce, schane — two metrics each.
    Assert.Equal(8, paired.Length)

[<Fact>]
let ``cancelled runs are left out and unpaired seeds are not paired`` () =
    let cancelled = { run "schane" 1 0.0 0.0 with Metrics = None; Outcome = "cancelled" }
    let runs = [| run "ce" 0 0.80 0.50; run "schane" 0 0.85 0.60; run "ce" 1 0.70 0.40; cancelled |]
    let _, methods, paired = Comparison.summarize [| "ce"; "schane" |] [| 0; 1 |] runs
    Assert.Equal(1, methods[1].Values[0].N)
    Assert.Empty(paired)
