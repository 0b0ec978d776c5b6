/// The files a run leaves: metrics.json, report.md and its charts (SVG and PNG).
module Schane.Experiments.RunReport

open System
open System.IO
open System.Text
open System.Text.Json

/// Loss terms per step, as (step, value) series.
let private lossSeries (history: StepPoint[]) =
    [| "objective", history |> Array.map (fun p -> float p.Step, p.Loss)
       "contrastive", history |> Array.map (fun p -> float p.Step, p.Contrastive)
       "cross-entropy", history |> Array.map (fun p -> float p.Step, p.CrossEntropy) |]

/// What a run started from: the backbone of its Init, or its seed's random initialisation.
let startOf (config: RunConfig) =
    if String.IsNullOrEmpty config.Init then $"random initialisation (seed {config.Seed})"
    else $"the backbone of {config.Init} (projection head and classifier new)"

/// The rows of the results table, as (metric, value) pairs.
let metricRows (metrics: Metrics) : string[][] = MetricsDisplay.Rows metrics

/// <summary>
/// Writes metrics.json, report.md and the charts (loss, accuracy, fewshot and embeddings, each as .svg and .png) of
/// <paramref name="result"/> into its folder.
/// </summary>
let rec write (result: RunResult) (evaluation: Evaluation option) : unit = writeFor 1 result evaluation

/// <summary><see cref="write"/> for a run trained data-parallel by <paramref name="ranks"/> processes (the report says so).</summary>
and writeFor (ranks: int) (result: RunResult) (evaluation: Evaluation option) : unit =
    let file name = Path.Combine(result.Directory, name)
    let chart name (image: SvgImage) = image.SaveSvgAndPng(result.Directory, name)
    AtomicFile.writeAllText (file "metrics.json") (JsonSerializer.Serialize(result, RunConfig.JsonOptions))
    let c = result.Config
    let report = StringBuilder()
    let line (text: string) = report.AppendLine text |> ignore
    line $"# Run {c.Name}"
    line ""
    line $"{result.Objective} on {result.Model}; {result.Outcome} after {result.Steps} steps."
    line ""
    line (Markdown.table [| "setting"; "value" |]
              [| [| "data"; (if c.Dataset = "npy" then c.TrainImages else $"Fashion-MNIST ({c.DataRoot})") |]
                 [| "split (base/novel)"; (if String.IsNullOrWhiteSpace c.Split then "default" else c.Split) |]
                 [| "started from"; startOf c |]
                 [| "epochs × batch"; $"{c.Epochs} × {c.BatchSize}" |]
                 [| "AdamW lr, weight decay"; $"{c.LearningRate}, {c.WeightDecay}" |]
                 [| "seed"; string c.Seed |]
                 [| "training time"; $"{result.TrainSeconds:F0} s ({result.ImagesPerSecond:F0} images/s)" |]
                 [| "processes (data-parallel ranks)"; string ranks |]
                 [| "evaluation time"; $"{result.EvalSeconds:F0} s" |] |])
    line ""
    match result.Metrics with
    | Some metrics ->
        line "## Results"
        line ""
        line (Markdown.tableWith [| Markdown.Left; Markdown.Right |] [| "metric"; "value" |] (metricRows metrics))
        line ""
        line "Few-shot: a logistic-regression probe on frozen, L2-normalised backbone features per episode; ± is the 95% interval over episodes."
        line ""
    | None ->
        line "Training was stopped before the end: no evaluation. Resume with `./schane train --resume` and the checkpoint."
        line ""
    if result.History.Length > 0 then
        chart "loss" (Chart.line "Training loss" "step" "loss" (lossSeries result.History))
        chart "accuracy"
            (Chart.line "Training accuracy (batch, both views)" "step" "accuracy"
                 [| "accuracy", result.History |> Array.map (fun p -> float p.Step, p.Accuracy) |])
        line "![training loss](loss.svg) ![training accuracy](accuracy.svg)"
        line ""
    match evaluation with
    | Some e ->
        let bars =
            e.Metrics.FewShot
            |> Array.map (fun f -> $"{f.Ways}-way {f.Shots}-shot", 100.0 * f.Accuracy.Mean, 100.0 * f.Accuracy.HalfWidth95)
        chart "fewshot" (Chart.errorBars "Few-shot accuracy on novel classes (95% CI)" "accuracy (%)" bars)
        chart "embeddings" (Chart.scatter "Test projections, PCA" "PC 1" "PC 2" e.Scatter e.ClassNames)
        line "![few-shot accuracy](fewshot.svg) ![embeddings](embeddings.svg)"
        line ""
    | None -> ()
    AtomicFile.writeAllText (file "report.md") (report.ToString())

/// <summary>
/// A saved run's evaluation for a terminal: the objective, model and step of the checkpoint at
/// <paramref name="checkpointPath"/>, then the metrics table of <paramref name="evaluation"/>.
/// </summary>
let checkpointSummary (checkpointPath: string) (evaluation: Evaluation) : string =
    use saved = Schane.Core.Training.Checkpoint.Load checkpointPath
    $"{saved.Metadata.Objective} on {saved.Metadata.Model}, step {saved.Metadata.Step}" + "\n" +
    Markdown.tableWith [| Markdown.Left; Markdown.Right |] [| "metric"; "value" |] (metricRows evaluation.Metrics)
