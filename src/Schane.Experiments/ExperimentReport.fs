/// The experiment's report, results/&lt;name&gt;/report.md with its charts: every finished run is in it (nothing is
/// chosen), each method as mean ± 95% interval over seeds, paired differences against CE and SupCon, the β and λ
/// curves, the time per run, what the data do and do not show, and how each row is rerun.
module Schane.Experiments.ExperimentReport

open System
open System.Globalization
open System.IO
open System.Reflection
open System.Runtime.InteropServices
open System.Text
open TorchSharp

let private invariant (format: string) (x: float) = x.ToString(format, CultureInfo.InvariantCulture)
let private f0 = invariant "F0"
let private f1 = invariant "F1"
let private f2 = invariant "F2"
let private exact = invariant "R"
let private joined (separator: string) (values: float[]) = String.Join(separator, values |> Array.map exact)

/// Steps a run trained in the process that finished it (its timings cover only those): a run resumed from its
/// checkpoint trained the rest earlier, in a process whose time is not recorded.
let private stepsTimed (batchSize: int) (r: CellResult) =
    int (Math.Round(r.ImagesPerSecond * r.TrainSeconds / float batchSize))

/// Versions and machine, as (what, value) rows.
let provenance () : string[][] =
    let informational (assembly: Assembly) =
        match assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>() with
        | null -> string (assembly.GetName().Version)
        | a -> a.InformationalVersion.Split('+')[0]
    let cpu =
        try
            File.ReadLines "/proc/cpuinfo"
            |> Seq.tryFind (fun l -> l.StartsWith("model name", StringComparison.Ordinal))
            |> Option.map (fun l -> l.Substring(l.IndexOf(':') + 1).Trim())
            |> Option.defaultValue "unknown"
        with :? IOException | :? UnauthorizedAccessException -> "unknown"
    [| [| "schane"; informational typeof<ExperimentSettings>.Assembly |]
       [| "TorchSharp (libtorch)"; $"{informational typeof<torch>.Assembly} ({torch.__version__})" |]
       [| ".NET"; RuntimeInformation.FrameworkDescription |]
       [| "OS"; RuntimeInformation.OSDescription |]
       [| "CPU"; $"{cpu}, {Environment.ProcessorCount} cores visible, {torch.get_num_threads()} torch threads" |] |]

/// The settings of the fine-tuning that differ from the default job's, as "key value (default job: value)".
let budgetCuts (config: RunConfig) : string[] =
    let d = RunConfig.Default
    let ints (a: int[]) = String.Join(" ", a)
    let perClass (n: int) = if n = 0 then "all" else string n
    [| for name, ours, theirs in
           [ "epochs", string config.Epochs, string d.Epochs
             "trainPerClass", perClass config.TrainPerClass, perClass d.TrainPerClass
             "testPerClass", perClass config.TestPerClass, perClass d.TestPerClass
             "batchSize", string config.BatchSize, string d.BatchSize
             "width", string config.Width, string d.Width
             "depth", string config.Depth, string d.Depth
             "episodes", string config.Episodes, string d.Episodes
             "shots", ints config.Shots, ints d.Shots
             "queries", string config.Queries, string d.Queries
             "learningRate", exact config.LearningRate, exact d.LearningRate ] do
           if ours <> theirs then yield $"{name} {ours} (default job: {theirs})" |]

let private methodName (loss: string) =
    match loss with
    | "ce" -> "CE"
    | "supcon" -> "SupCon+CE"
    | "hcl" -> "HCL+CE"
    | "schane" -> "SCHaNe+CE"
    | other -> other

let private pValue (d: Statistics.PairedDifference) = Formatting.fixedDigits 3 d.PValue

let private points (x: float) = (if x >= 0.0 then "+" else "−") + invariant "F2" (100.0 * abs x)

/// The metric names of the results (from the first: every cell of one experiment measures the same).
let private metricNames (results: CellResult[]) =
    results |> Array.tryHead |> Option.map (fun r -> r.Values |> Array.map fst) |> Option.defaultValue [||]

let private valueOf (metric: string) (r: CellResult) = r.Values |> Array.find (fun (n, _) -> n = metric) |> snd

/// The results of one cell id pattern per seed: the main methods at the base β and λ.
let private mainCell (settings: ExperimentSettings) (loss: string) (seed: int) =
    (ExperimentPlan.cell loss settings.FineTuning.Beta settings.FineTuning.Lambda seed).Id

/// Mean ± 95% interval of a metric over the finished seeds of cells chosen by id.
let private summary (results: CellResult[]) (ids: string[]) (metric: string) =
    let values = results |> Array.filter (fun r -> Array.contains r.Cell.Id ids) |> Array.map (valueOf metric)
    if values.Length = 0 then None else Some(Statistics.summarize values)

/// Paired differences (same seed) of a method against a baseline, over the seeds where both finished.
let paired (settings: ExperimentSettings) (results: CellResult[]) (loss: string) (baseline: string) (metric: string) =
    let byId = results |> Array.map (fun r -> r.Cell.Id, r) |> dict
    let pairs =
        settings.Seeds
        |> Array.choose (fun seed ->
            match byId.TryGetValue(mainCell settings loss seed), byId.TryGetValue(mainCell settings baseline seed) with
            | (true, a), (true, b) -> Some(valueOf metric a, valueOf metric b)
            | _ -> None)
    if pairs.Length < 2 then None else Some(Statistics.paired (Array.map fst pairs) (Array.map snd pairs))

let private ablationRows (settings: ExperimentSettings) (results: CellResult[]) (metrics: string[]) (values: float[]) (cellOf: float -> int -> ExperimentCell) =
    values
    |> Array.map (fun v ->
        let ids = settings.Seeds |> Array.map (fun seed -> (cellOf v seed).Id)
        v, metrics |> Array.map (fun m -> summary results ids m))

/// <summary>Writes report.md and its charts into <paramref name="result"/>'s folder.</summary>
let write (result: ExperimentResult) : unit =
    let settings = result.Settings
    let file name = Path.Combine(result.Directory, name)
    let results = result.Results
    let metrics = metricNames results
    let report = StringBuilder()
    let line (text: string) = report.AppendLine text |> ignore
    let c = settings.FineTuning
    let resumed (r: CellResult) = stepsTimed c.BatchSize r < r.Steps
    let trainTime (r: CellResult) =
        if resumed r then $"{f0 r.TrainSeconds} (resumed: last {stepsTimed c.BatchSize r} of {r.Steps} steps)" else f0 r.TrainSeconds
    let medianTrainSeconds (runs: CellResult[]) =
        match runs |> Array.filter (resumed >> not) |> Array.map (fun r -> r.TrainSeconds) with
        | [||] -> ""
        | seconds -> f0 (Statistics.median seconds)
    line $"# The two-stage experiment: {settings.Name}"
    line ""
    if result.Complete then line $"**Complete**: all {result.Cells.Length} runs finished."
    else line $"**Incomplete**: {results.Length} of {result.Cells.Length} runs finished; the tables hold exactly those. Rerun the command to continue (finished runs are skipped)."
    line ""
    line "```bash"
    line settings.Command
    line "```"
    line ""
    line (Markdown.table [| "what"; "value" |]
              (Array.append (provenance ())
                   [| [| "device"; c.Device |]; [| "report written"; DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) |] |]))
    line ""
    line "## What ran"
    line ""
    line "1. **Pre-training** (once, shared by every run): SimCLR-style NT-Xent alone (λ = 1: the labels never reach the gradient) on the training images of all classes. Self-supervised rather than CE on a disjoint source task because Fashion-MNIST has no disjoint source task: CE on any of its classes would train on labels of classes the evaluation holds out, and the paper's start (BEiT-3) is itself self-supervised. The novel classes' *training* images are seen here without labels, as ImageNet's are in the paper's pre-training; their *test* images, which every evaluation uses, are never seen."
    line "2. **Fine-tuning** from that backbone (projection head and classifier new) with each method on the base classes, seed by seed: CE, SupCon+CE, HCL+CE and SCHaNe+CE, and SCHaNe's β and λ ablations; the runs that coincide are one run (SCHaNe at the base β and λ is the main SCHaNe run and a point of both curves)."
    line $"3. **Evaluation**: top-1 on the base classes' full test set; {c.Ways}-way K-shot episodes ({c.Episodes} per K, {c.Queries} queries per class) on the novel classes with a logistic-regression probe on frozen features; and **few-shot fine-tuning**: from the pre-trained start, the method's own objective on K labelled images per novel class ({c.FineTuneSteps} steps, the whole support set as one batch; every method of a seed gets the same images), then top-1 on the novel classes' whole test set."
    line ""
    let cuts = budgetCuts c
    line (if cuts.Length = 0 then "Budget: the default job's (`./schane train` with no arguments), for every run."
          else "Budget: the default job's except " + String.Join("; ", cuts) + ".")
    let seeds = String.Join(" ", settings.Seeds)
    let betas, lambdas = joined ", " settings.Betas, joined ", " settings.Lambdas
    line ($"Seeds: {seeds}; β ablation {{{betas}}} at λ = {exact c.Lambda}; λ ablation {{{lambdas}}} at β = {exact c.Beta}; pre-training {settings.PretrainEpochs} epochs" + (if settings.PretrainPerClass > 0 then $" over {settings.PretrainPerClass} images per class." else " over every training image."))
    line ""
    match result.Pretrain with
    | Some p ->
        line "## Pre-training"
        line ""
        let episodes = p.FewShot |> Array.map (fun f -> $"{f.Ways}-way {f.Shots}-shot {Markdown.percentCi 2 f.Accuracy}")
        let episodesText = String.Join(", ", episodes)
        line $"{p.Objective} on {p.Model}: {p.Images} images, {p.Steps} steps, {f0 p.TrainSeconds} s of training. The pre-trained backbone alone (no fine-tuning) gives {episodesText} on the novel classes' episodes: where every method starts. Its checkpoint's SHA-256: `{p.Sha256}`."
        let differing = results |> Array.filter (fun r -> r.StartSha256 <> p.Sha256)
        let differingIds = String.Join(", ", differing |> Array.map (fun r -> r.Cell.Id))
        if differing.Length > 0 then
            line ""
            line $"**Note**: {differing.Length} run(s) started from a pre-trained checkpoint with another hash (the start was rebuilt since): {differingIds}."
        line ""
    | None -> ()
    if results.Length > 0 then
        line "## Methods"
        line ""
        line "Mean ± 95% interval over seeds (Student t), accuracy in %; time: median training seconds of the runs trained in one process (wall time, so other work on the machine lengthens it; `./schane bench` compares the losses' cost per step)."
        line ""
        let rows =
            settings.Methods
            |> Array.choose (fun loss ->
                let ids = settings.Seeds |> Array.map (mainCell settings loss)
                let done' = results |> Array.filter (fun r -> Array.contains r.Cell.Id ids)
                if done'.Length = 0 then None
                else
                    Some(Array.concat [ [| methodName loss; string done'.Length |]
                                        metrics |> Array.map (fun m -> summary results ids m |> Option.map (Markdown.percentCi 2) |> Option.defaultValue "")
                                        [| medianTrainSeconds done' |] ]))
        line (Markdown.table (Array.concat [ [| "method"; "seeds" |]; metrics; [| "time (s)" |] ]) rows)
        line ""
        for baseline in [| "ce"; "supcon" |] do
            let rows =
                settings.Methods
                |> Array.filter (fun m -> m <> baseline && Array.contains baseline settings.Methods)
                |> Array.choose (fun loss ->
                    let cells = metrics |> Array.map (paired settings results loss baseline)
                    if cells |> Array.forall Option.isNone then None
                    else
                        Some(Array.append [| methodName loss |]
                                 (cells |> Array.map (function
                                     | Some d -> $"{points d.MeanDifference} ± {f2 (100.0 * d.HalfWidth95)} (p = {pValue d})"
                                     | None -> ""))))
            if rows.Length > 0 then
                line $"Paired differences against {methodName baseline} (same seed; points of accuracy; p: two-sided paired t-test):"
                line ""
                line (Markdown.table (Array.append [| "method" |] metrics) rows)
                line ""
        metrics
        |> Array.iteri (fun i metric ->
            let bars =
                settings.Methods
                |> Array.choose (fun loss ->
                    summary results (settings.Seeds |> Array.map (mainCell settings loss)) metric
                    |> Option.map (fun s -> methodName loss, 100.0 * s.Mean, (if Double.IsNaN s.HalfWidth95 then 0.0 else 100.0 * s.HalfWidth95)))
            let name = $"methods-{i}"
            (Chart.errorBars $"{metric} (mean ± 95%% CI over seeds)" "accuracy (%)" bars).SaveSvgAndPng(result.Directory, name)
            line $"![{metric}]({name}.svg)")
        line ""
        for title, key, values, cellOf in
            [ "β (SCHaNe's hardness, λ fixed)", "beta", settings.Betas, (fun v seed -> ExperimentPlan.cell "schane" v c.Lambda seed)
              "λ (contrastive share, β fixed)", "lambda", settings.Lambdas, (fun v seed -> ExperimentPlan.cell "schane" c.Beta v seed) ] do
            let rows = ablationRows settings results metrics values cellOf |> Array.filter (fun (_, s) -> s |> Array.exists Option.isSome)
            if rows.Length > 0 then
                line $"## Ablation: {title}"
                line ""
                line (Markdown.table (Array.append [| key; "seeds" |] metrics)
                          (rows |> Array.map (fun (v, s) ->
                              let n = s |> Array.choose id |> Array.map (fun x -> x.N) |> Array.fold max 0
                              Array.append [| invariant "R" v; string n |] (s |> Array.map (Option.map (Markdown.percentCi 2) >> Option.defaultValue "")))))
                line ""
                let series =
                    metrics
                    |> Array.mapi (fun m metric -> metric, rows |> Array.choose (fun (v, s) -> s[m] |> Option.map (fun x -> v, 100.0 * x.Mean)))
                (Chart.line $"SCHaNe+CE against {key} (mean over seeds)" key "accuracy (%)" series).SaveSvgAndPng(result.Directory, $"ablation-{key}")
                line $"![{key} ablation](ablation-{key}.svg)"
                line ""
                if key = "lambda" && rows |> Array.exists (fun (v, _) -> v = 1.0) then
                    line "At λ = 1 the objective has no CE term, so the classifier is never trained: its top-1, and the few-shot fine-tuning columns (which fine-tune with the same objective and read the classifier), are near chance by construction. The episodes, a probe fitted on frozen features, are what compares λ = 1 with the others."
                    line ""
        line "## Reading"
        line ""
        let comparisons =
            [| for baseline in [| "ce"; "supcon" |] do
                   for loss in settings.Methods do
                       if loss <> baseline && Array.contains baseline settings.Methods then
                           for metric in metrics do
                               match paired settings results loss baseline metric with
                               | Some d -> yield loss, baseline, metric, d
                               | None -> () |]
        if comparisons.Length = 0 then
            line "Too few seeds have finished for paired comparisons (they need two seeds of both methods)."
        else
            let shown = comparisons |> Array.filter (fun (_, _, _, d) -> d.Lower > 0.0 || d.Upper < 0.0)
            line $"Of {comparisons.Length} paired comparisons (each method against CE and SupCon, on each metric), {shown.Length} have a 95%% interval that excludes 0; at the 5%% level about {f1 (0.05 * float comparisons.Length)} would by chance alone, so single ones are weak evidence."
            for loss, baseline, metric, d in shown do
                line $"- {methodName loss} − {methodName baseline}, {metric}: {points d.MeanDifference} points (95%% interval {points d.Lower} to {points d.Upper}, p = {pValue d}, {d.N} seeds)."
            let schane = comparisons |> Array.filter (fun (loss, baseline, _, _) -> loss = "schane" && baseline = "ce")
            if schane.Length > 0 then
                let best = schane |> Array.maxBy (fun (_, _, _, d) -> d.MeanDifference)
                let _, _, metric, d = best
                line ""
                let verdict = if d.Lower > 0.0 then "that interval lies above 0." else "that interval includes 0: these seeds do not show a gain there."
                line $"The paper reports SCHaNe+CE above CE by up to +3.32 points few-shot and +3.41 points in full fine-tuning. Here the largest mean difference of SCHaNe+CE over CE is {points d.MeanDifference} points ({metric}, 95%% interval {points d.Lower} to {points d.Upper}); {verdict}"
        line ""
        let size =
            match result.Pretrain with
            | Some p -> $"a backbone of {p.BackboneParameters} parameters"
            | None -> "a small backbone"
        line $"How far this is from the paper: 28×28 grey-scale Fashion-MNIST images, 5 base and 5 novel classes, and {size} pre-trained here for minutes on 60,000 images, against BEiT-3 (hundreds of millions of parameters, pre-trained on web-scale images and text) fine-tuned on colour images of 100 or more classes. Hard negatives are the point of SCHaNe, and they are rare when every anchor has only 4 other classes to be confused with, so a null result here says little about the paper's setting, and a gain here would not confirm it. What the miniature can show is that the method runs as specified from a shared pre-trained start, and how large the seed-to-seed noise is next to the differences the paper claims."
        line ""
        line "## Every run"
        line ""
        line ("Each row's config is the exact `./schane train` settings of that run (its `init` is the pre-trained checkpoint, relative to the repository root). Rerun a row with `./schane train --config results/" + settings.Name + "/runs/<run>/config.json --name <run>-again`; if the pre-trained checkpoint is gone (a fresh clone), `./schane experiment` with the same flags and `--pretrain-only` rebuilds it first.")
        line ""
        line (Markdown.table (Array.concat [ [| "run"; "seed" |]; metrics; [| "train (s)"; "eval (s)" |] ])
                  (result.Cells
                   |> Array.choose (fun cell -> results |> Array.tryFind (fun r -> r.Cell.Id = cell.Id))
                   |> Array.map (fun r ->
                       Array.concat [ [| $"[{r.Cell.Id}](runs/{r.Cell.Id}/config.json)"; string r.Cell.Seed |]
                                      r.Values |> Array.map (snd >> Markdown.percent 2)
                                      [| trainTime r; invariant "F0" r.EvalSeconds |] ])))
        line ""
        let total = results |> Array.sumBy (fun r -> r.TrainSeconds + r.EvalSeconds)
        line $"Compute of the finished runs: {f2 (total / 3600.0)} h (training and evaluation, as timed in the processes that finished them), plus the pre-training."
    AtomicFile.writeAllText (file "report.md") (report.ToString())
