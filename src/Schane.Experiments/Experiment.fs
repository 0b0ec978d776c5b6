/// The two-stage experiment as one resumable call: pre-training once, then every cell of the plan fine-tuned from it,
/// each finished cell committed as small JSON under results/&lt;name&gt;/runs/&lt;cell&gt;/ and skipped by later calls, and
/// the report rewritten after each cell. Checkpoints stay in the work folder (runs/&lt;name&gt;/), so an interrupted
/// cell continues from its last epoch; only the pre-trained start (~1 MB) is copied to results/&lt;name&gt;/pretrain/, so
/// that a fresh clone resumes the experiment and reruns any row from that very start, not from a second pre-training.
module Schane.Experiments.Experiment

open System
open System.IO
open System.Text.Json
open System.Text.Json.Nodes

/// The file names under results/&lt;name&gt;/.
[<RequireQualifiedAccess>]
module ExperimentFiles =
    /// A cell's or the pre-training's settings.
    [<Literal>]
    let Config = "config.json"

    /// A cell's or the pre-training's results.
    [<Literal>]
    let Result = "result.json"

    /// The experiment's latest settings and command.
    [<Literal>]
    let Settings = "experiment.json"

    /// The report.
    [<Literal>]
    let Report = "report.md"

let private readJson<'T> (path: string) : 'T =
    try
        match JsonSerializer.Deserialize<'T>(File.ReadAllText path, RunConfig.JsonOptions) with
        | null -> raise (InvalidDataException($"{path}: empty"))
        | value -> value
    with :? JsonException as e ->
        raise (InvalidDataException($"{path}: unreadable ({e.Message}); delete its folder to run it again", e))

let private writeJson (path: string) (value: obj) =
    Directory.CreateDirectory(nonNull (Path.GetDirectoryName path)) |> ignore
    AtomicFile.writeAllText path (JsonSerializer.Serialize(value, RunConfig.JsonOptions))

// What must agree for a committed result to stand for a planned run: every setting but where files are on this machine.
let private signature (config: RunConfig) =
    let node = (nonNull (JsonSerializer.SerializeToNode({ config with RunsDir = ""; Init = ""; DataRoot = "" }, RunConfig.JsonOptions))).AsObject()
    node

let private property (o: JsonObject) (key: string) : JsonNode | null = if o.ContainsKey key then o[key] else null

let private firstDifference (saved: JsonObject) (planned: JsonObject) =
    planned
    |> Seq.tryFind (fun kv -> not (JsonNode.DeepEquals(kv.Value, property saved kv.Key)))
    |> Option.map (fun kv ->
        let savedValue = match property saved kv.Key with null -> "(none)" | v -> v.ToJsonString()
        let plannedValue = match kv.Value with null -> "null" | v -> v.ToJsonString()
        $"{kv.Key} is {savedValue} there, {plannedValue} now")

/// <summary>
/// The finished result of a cell, if results/&lt;name&gt;/runs/&lt;cell&gt;/ holds one made with the planned settings; a
/// result made with other settings raises <see cref="T:System.IO.InvalidDataException"/> saying which differs.
/// </summary>
let private finished (resultsDir: string) (cell: ExperimentCell) (planned: RunConfig) : CellResult option =
    let folder = Path.Combine(resultsDir, "runs", cell.Id)
    let resultFile = Path.Combine(folder, ExperimentFiles.Result)
    if not (File.Exists resultFile) then None
    else
        let configFile = Path.Combine(folder, ExperimentFiles.Config)
        let saved = signature (RunConfig.Load configFile)
        match firstDifference saved (signature planned) with
        | Some difference ->
            raise (InvalidDataException(
                $"{configFile}: this run was made with other settings ({difference}); use another --name for new settings, or delete {folder} to run it again"))
        | None -> Some(readJson<CellResult> resultFile)

let private cellResult (cell: ExperimentCell) (sha: string) (run: RunResult) (metrics: Metrics) : CellResult =
    { Cell = cell; Objective = run.Objective; Model = run.Model; Start = run.Config.Init; StartSha256 = sha
      Steps = run.Steps; TrainSeconds = run.TrainSeconds; EvalSeconds = run.EvalSeconds; ImagesPerSecond = run.ImagesPerSecond
      Top1 = metrics.Top1; Top5 = metrics.Top5; Knn = metrics.Knn; FewShot = metrics.FewShot; FineTuned = metrics.FineTuned }

/// <summary>
/// Pre-trains (unless finished: its result in results/&lt;name&gt;/pretrain/ and its checkpoint with the same SHA-256 in
/// the work folder), then runs every cell of the plan that has no result yet, rewriting the report after each. With
/// <paramref name="pretrainOnly"/> it stops after the pre-training. Cancelling stops at the next step boundary; what
/// finished stays, and the next call continues.
/// </summary>
let run (settings: ExperimentSettings) (pretrainOnly: bool) (hooks: FineTuning.RunHooks) (cancellation: Threading.CancellationToken)
    : ExperimentResult =
    ExperimentPlan.validate settings
    let resultsDir = Path.GetFullPath(Path.Combine(settings.ResultsDir, settings.Name))
    Directory.CreateDirectory resultsDir |> ignore
    writeJson (Path.Combine(resultsDir, ExperimentFiles.Settings)) settings
    let cells = ExperimentPlan.cells settings
    let pretrainDirectory = ExperimentPlan.pretrainDirectory settings
    let pretrainConfig = Pretraining.config settings.FineTuning settings.PretrainEpochs settings.PretrainPerClass pretrainDirectory
    let pretrainResult = Path.Combine(resultsDir, "pretrain", ExperimentFiles.Result)
    let checkpoint = Path.Combine(pretrainDirectory, FineTuning.RunFiles.Checkpoint)
    let committedCheckpoint = Path.Combine(resultsDir, "pretrain", FineTuning.RunFiles.Checkpoint)
    let mutable results =
        cells |> Array.choose (fun cell -> finished resultsDir cell (ExperimentPlan.config settings "" cell))
    let ranNow = ResizeArray<string>()
    let outcome pretrain =
        { Settings = settings; Directory = resultsDir; Pretrain = pretrain; Cells = cells; Results = results; RanNow = ranNow.ToArray() }
    let pretrain =
        let earlier = if File.Exists pretrainResult then Some(readJson<Pretraining.PretrainResult> pretrainResult) else None
        match earlier with
        | Some p when File.Exists checkpoint && Pretraining.sha256 checkpoint = p.Sha256 ->
            hooks.Say $"pre-training: finished already ({checkpoint})"
            if not (File.Exists committedCheckpoint) then File.Copy(checkpoint, committedCheckpoint)
            Some p
        | Some p when File.Exists committedCheckpoint && Pretraining.sha256 committedCheckpoint = p.Sha256 ->
            Directory.CreateDirectory pretrainDirectory |> ignore
            File.Copy(committedCheckpoint, checkpoint, overwrite = true)
            hooks.Say $"pre-training: finished already; its checkpoint restored from {committedCheckpoint} to {checkpoint}"
            Some p
        | _ ->
            if earlier.IsSome then hooks.Say $"pre-training: its checkpoint is missing or changed; pre-training again in {pretrainDirectory}"
            let p = Pretraining.run pretrainConfig hooks cancellation
            p |> Option.iter (fun p ->
                writeJson (Path.Combine(resultsDir, "pretrain", ExperimentFiles.Config)) p.Config
                writeJson pretrainResult p
                File.Copy(checkpoint, committedCheckpoint, overwrite = true))
            p
    match pretrain with
    | None ->
        let result = outcome None
        ExperimentReport.write result
        result
    | Some p ->
        // Relative to where the experiment runs (the repository root), so a committed config reruns from a clone.
        let start = Path.GetRelativePath(Environment.CurrentDirectory, checkpoint)
        let mutable stopped = pretrainOnly
        for index, cell in Array.indexed cells do
            if not stopped && not (results |> Array.exists (fun r -> r.Cell.Id = cell.Id)) then
                let config = ExperimentPlan.config settings start cell
                let folder = Path.Combine(resultsDir, "runs", cell.Id)
                hooks.Say $"run {index + 1} of {cells.Length}: {cell.Id} ({results.Length} finished)"
                let cellCheckpoint = Path.Combine(FineTuning.runDirectory config, FineTuning.RunFiles.Checkpoint)
                let run = FineTuning.run config (if File.Exists cellCheckpoint then cellCheckpoint else null) hooks cancellation
                match run.Metrics with
                | Some metrics ->
                    writeJson (Path.Combine(folder, ExperimentFiles.Config)) run.Config
                    writeJson (Path.Combine(folder, ExperimentFiles.Result)) (cellResult cell p.Sha256 run metrics)
                    results <- Array.append results [| readJson<CellResult> (Path.Combine(folder, ExperimentFiles.Result)) |]
                    ranNow.Add cell.Id
                    ExperimentReport.write (outcome (Some p))
                | None -> stopped <- true
        let result = outcome (Some p)
        ExperimentReport.write result
        result
