/// The comparison the paper's reviewers asked for: CE, SupCon+CE, HCL+CE and SCHaNe+CE on the same backbone, data and
/// seeds, each metric as mean ± 95% interval over seeds, and paired differences (same seed) against CE and SupCon.
module Schane.Experiments.Comparison

open System
open System.IO
open System.Text
open System.Text.Json
open Schane.Experiments.Display

/// The losses compared by default.
let defaultLosses = [| "ce"; "supcon"; "hcl"; "schane" |]

/// One method's metrics over the seeds.
type MethodSummary =
    { /// The loss ("ce", "supcon", …).
      Loss: string
      /// The objective, described.
      Objective: string
      /// Per metric (in <see cref="ComparisonResult.Metrics"/> order): the mean ± 95% interval over seeds.
      Values: Statistics.Summary[] }

/// A paired difference, method − baseline, of one metric across seeds.
type PairedRow =
    { /// The method.
      Loss: string
      /// The baseline it is compared with ("ce" or "supcon").
      Baseline: string
      /// The metric's name.
      Metric: string
      /// Mean difference (in accuracy fractions), its 95% interval and the paired t-test.
      Difference: Statistics.PairedDifference }

/// A whole comparison.
[<TypeFormatterSource(typeof<FormatterSource<ComparisonDisplay>>, PreferredMimeTypes = [| "text/html"; "text/plain" |])>]
type ComparisonResult =
    { /// The comparison's folder (one run folder per loss and seed inside).
      Directory: string
      /// The seeds.
      Seeds: int[]
      /// The metric names: "top-1" and one per few-shot setting.
      Metrics: string[]
      /// Every run, seed by seed.
      Runs: RunResult[]
      /// Per method.
      Methods: MethodSummary[]
      /// Method − CE and method − SupCon.
      Paired: PairedRow[]
      /// Whether every run completed.
      Complete: bool }

    /// The methods' table (mean ± 95% interval over seeds) as Markdown: what a text-only display shows (the record
    /// holds every run's step history, too long to print).
    override this.ToString() =
        let headers = Array.append [| "method" |] this.Metrics
        let rows = this.Methods |> Array.map (fun m -> Array.append [| m.Objective |] (m.Values |> Array.map (Markdown.percentCi 2)))
        let seeds = String.Join(", ", this.Seeds)
        $"comparison over seeds {seeds} ({this.Runs.Length} runs) in {this.Directory}" + Environment.NewLine + Markdown.table headers rows

/// ComparisonResult's display (see Display.fs): the methods' table (mean ± 95% interval over seeds) and the paired
/// differences against CE and SupCon, as HTML.
and internal ComparisonDisplay() =
    interface IDisplaySource with
        member _.CreateTypeFormatters() = Html.formatters "text/html" ComparisonDisplay.Render

    /// The comparison as HTML tables, in percentage points.
    static member Render(result: ComparisonResult) : string =
        let seeds = String.Join(", ", result.Seeds)
        let sb = StringBuilder()
        sb.Append(Html.paragraph $"Comparison over seeds {seeds}: same backbone, data and schedule for every method; each cell is the mean ± 95%% interval over seeds (Student t), accuracy in %%.")
        |> ignore
        if not result.Complete then
            sb.Append(Html.paragraph "Incomplete: the comparison was stopped; only completed runs are counted.") |> ignore
        let methods = result.Methods |> Array.map (fun m -> Array.append [| m.Loss; m.Objective |] (m.Values |> Array.map (Markdown.percentCi 2)))
        sb.Append(Html.table None (Array.append [| "method"; "objective" |] result.Metrics) methods) |> ignore
        for baseline in [| "ce"; "supcon" |] do
            let paired = result.Paired |> Array.filter (fun p -> p.Baseline = baseline)
            if paired.Length > 0 then
                let rows =
                    paired
                    |> Array.map (fun p -> p.Loss)
                    |> Array.distinct
                    |> Array.map (fun loss ->
                        Array.append [| loss |]
                            (result.Metrics |> Array.map (fun metric ->
                                match paired |> Array.tryFind (fun p -> p.Loss = loss && p.Metric = metric) with
                                | Some p ->
                                    let d = p.Difference
                                    let pValue = Formatting.fixedDigits 3 d.PValue
                                    Markdown.meanCi 2 (100.0 * d.MeanDifference) (100.0 * d.HalfWidth95) + $" (p = {pValue})"
                                | None -> "")))
                let caption = $"Paired differences against {baseline} (points of accuracy, same seed; p: two-sided paired t-test)"
                sb.Append(Html.table (Some caption) (Array.append [| "method" |] result.Metrics) rows) |> ignore
        sb.ToString()

/// The compared metrics of a completed run, as (name, accuracy).
let metricsOf (run: RunResult) : (string * float)[] =
    match run.Metrics with
    | Some m ->
        [| yield "top-1", m.Top1
           for f in m.FewShot -> $"{f.Ways}-way {f.Shots}-shot", f.Accuracy.Mean |]
    | None -> [||]

/// <summary>Summaries and paired differences of completed <paramref name="runs"/> (losses × seeds).</summary>
let summarize (losses: string[]) (seeds: int[]) (runs: RunResult[]) =
    let completed = runs |> Array.filter (fun r -> r.Metrics.IsSome)
    let names = completed |> Array.tryHead |> Option.map (metricsOf >> Array.map fst) |> Option.defaultValue [||]
    let valuesOf loss metric =
        seeds
        |> Array.choose (fun seed ->
            completed |> Array.tryFind (fun r -> r.Config.Loss = loss && r.Config.Seed = seed))
        |> Array.map (fun r -> snd (metricsOf r).[metric])
    let present = losses |> Array.filter (fun loss -> completed |> Array.exists (fun r -> r.Config.Loss = loss))
    let methods =
        if names.Length = 0 then [||]
        else
        present
        |> Array.map (fun loss ->
            { Loss = loss
              Objective = (completed |> Array.find (fun r -> r.Config.Loss = loss)).Objective
              Values = Array.init names.Length (fun m -> Statistics.summarize (valuesOf loss m)) })
    let paired =
        [| for baseline in [| "ce"; "supcon" |] do
               for loss in present do
                   if loss <> baseline && Array.contains baseline present then
                       for m in 0 .. names.Length - 1 do
                           let a, b = valuesOf loss m, valuesOf baseline m
                           if a.Length = b.Length && a.Length = seeds.Length then
                               yield { Loss = loss; Baseline = baseline; Metric = names[m]; Difference = Statistics.paired a b } |]
    names, methods, paired

/// Writes comparison.json, comparison.md and one error-bar chart per metric (compare-<metric>.svg and .png).
let write (result: ComparisonResult) : unit =
    let file name = Path.Combine(result.Directory, name)
    AtomicFile.writeAllText (file "comparison.json") (JsonSerializer.Serialize(result, RunConfig.JsonOptions))
    let report = StringBuilder()
    let line (text: string) = report.AppendLine text |> ignore
    let seeds = String.Join(", ", result.Seeds)
    line "# Comparison"
    line ""
    line $"Same backbone, data, schedule and seeds ({seeds}) for every method. Each cell: mean ± 95%% interval over seeds (Student t), accuracy in %%."
    line "top-1: the classifier on the base classes' full test set after fine-tuning; few-shot: episodes on the novel classes (the mean over episodes of each seed, then over seeds)."
    if not result.Complete then
        line ""
        line "**Incomplete**: the comparison was stopped; only completed runs are counted."
    line ""
    let headers = Array.append [| "method" |] result.Metrics
    let rows = result.Methods |> Array.map (fun m -> Array.append [| m.Objective |] (m.Values |> Array.map (Markdown.percentCi 2)))
    line (Markdown.table headers rows)
    for baseline in [| "ce"; "supcon" |] do
        let rows =
            result.Paired
            |> Array.filter (fun p -> p.Baseline = baseline)
            |> Array.groupBy (fun p -> p.Loss)
            |> Array.map (fun (loss, ps) ->
                Array.append [| loss |]
                    (ps |> Array.map (fun p ->
                        let d = p.Difference
                        let difference = Markdown.meanCi 2 (100.0 * d.MeanDifference) (100.0 * d.HalfWidth95)
                        let pValue = d.PValue.ToString("F3")
                        $"{difference} (p = {pValue})")))
        if rows.Length > 0 then
            line ""
            line $"Paired differences against {baseline} (points of accuracy, same seed; p: two-sided paired t-test):"
            line ""
            line (Markdown.table (Array.append [| "method" |] result.Metrics) rows)
    line ""
    result.Metrics
    |> Array.iteri (fun m metric ->
        let slug = metric.Replace(" ", "-")
        let bars = result.Methods |> Array.map (fun s -> s.Loss, 100.0 * s.Values[m].Mean, 100.0 * s.Values[m].HalfWidth95)
        let chart = Chart.errorBars $"{metric} (mean ± 95%% CI over seeds)" "accuracy (%)" bars
        chart.SaveSvgAndPng(result.Directory, $"compare-{slug}")
        line $"![{metric}](compare-{slug}.svg)")
    AtomicFile.writeAllText (file "comparison.md") (report.ToString())

/// <summary>
/// Runs every loss of <paramref name="losses"/> on every seed of <paramref name="seeds"/> with the settings of
/// <paramref name="config"/> (seed by seed, so a stopped comparison holds whole seeds), each in its own run folder
/// under the comparison's folder, then writes the comparison report there.
/// </summary>
let run (config: RunConfig) (losses: string[]) (seeds: int[]) (hooks: FineTuning.RunHooks) (cancellation: Threading.CancellationToken)
    : ComparisonResult =
    if losses.Length = 0 then invalidArg "losses" "no losses to compare"
    if seeds.Length = 0 then invalidArg "seeds" "no seeds"
    let name = if String.IsNullOrWhiteSpace config.Name then $"compare-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") else config.Name
    let directory = Path.GetFullPath(Path.Combine(config.RunsDir, name))
    Directory.CreateDirectory directory |> ignore
    let runs = ResizeArray<RunResult>()
    let mutable stopped = false
    for seed in seeds do
        for loss in losses do
            if not stopped then
                let runConfig = { config with Loss = loss; Seed = seed; Name = $"{loss}-seed{seed}"; RunsDir = directory }
                hooks.Say $"run {runs.Count + 1} of {losses.Length * seeds.Length}: {loss}, seed {seed}"
                let result = FineTuning.run runConfig null hooks cancellation
                runs.Add result
                stopped <- result.Metrics.IsNone
    let all = runs.ToArray()
    let names, methods, paired = summarize losses seeds all
    let result =
        { Directory = directory; Seeds = seeds; Metrics = names; Runs = all; Methods = methods; Paired = paired
          Complete = not stopped && all.Length = losses.Length * seeds.Length }
    write result
    result
