/// A fine-tuning run end to end: data, training with checkpoints, evaluation (full-dataset and few-shot), and the run
/// folder with its config, metrics, checkpoint and report.
module Schane.Experiments.FineTuning

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open Schane.Core.Data
open Schane.Core.Distributed
open Schane.Core.Evaluation
open Schane.Core.Losses
open Schane.Core.Models
open Schane.Core.Training
open TorchSharp

/// <summary>Hooks into a run: <c>Objective</c> may change the config's objective before training (e.g. put in a
/// scripted weighting); <c>Training</c> gets the trainer before it starts (subscribe to its events, or keep it to swap
/// the objective); <c>Stage</c> gets a line whenever a stage begins. Any may be null.</summary>
type RunHooks =
    { /// Changes the objective built from the config before training.
      Objective: Func<Objective, Objective> | null
      /// Called with the trainer before training.
      Training: Action<Trainer> | null
      /// Called with a description of each stage.
      Stage: Action<string> | null }

    /// No hooks.
    static member None = { Objective = null; Training = null; Stage = null }

    member internal this.Say(text: string) =
        match this.Stage with
        | null -> ()
        | stage -> stage.Invoke text

/// The augmentation of a run, normalising by the per-channel mean and std of its base training images (the same for
/// every method); its Normalize is the evaluation's preprocessing.
let preprocessing (train: ImageDataset) : Augmentation =
    use scope = torch.NewDisposeScope()
    let pixels = train.Images.to_type(torch.ScalarType.Float64) / 255.0
    let dims = [| 0L; 2L; 3L |]
    let mean = Schane.Core.TensorData.ToArray<float> (pixels.mean(dims))
    let std = Schane.Core.TensorData.ToArray<float> (pixels.std(dims)) // unbiased, as torch.std
    Augmentation(Mean = mean, Std = std)

/// Evaluates with a preprocessing computed already (see evaluate).
let internal evaluateWith (prep: Augmentation) (model: ContrastiveModel) (data: RunData) (config: RunConfig) (hooks: RunHooks) : Evaluation =
    hooks.Say $"encoding {data.BaseTest.Count} base test images"
    use test = EncodedSet.Encode(model, data.BaseTest, prep)
    let accuracy = TopKAccuracy.Of(test.Logits, test.Labels)
    let quality = EmbeddingQuality.Measure(test.Projections, test.Labels, maxSamples = Nullable 4000, seed = config.Seed)
    hooks.Say $"kNN (k = {config.Knn}) over {data.BaseTrain.Count} training images"
    let knn =
        use bank = EncodedSet.Encode(model, data.BaseTrain, prep)
        NearestNeighbors(K = config.Knn).Accuracy(bank.Features, bank.Labels, test.Features, test.Labels)
    use novel = EncodedSet.Encode(model, data.NovelTest, prep)
    let fewShot =
        config.Shots
        |> Array.map (fun shots ->
            hooks.Say $"few-shot: {config.Episodes} episodes of {config.Ways}-way {shots}-shot on {data.NovelTest.ClassCount} novel classes"
            FewShotProtocol.run novel.Features novel.Labels config.Ways shots config.Queries config.Episodes config.Seed)
    let scatter =
        use scope = torch.NewDisposeScope()
        let count = min 2000L (test.Labels.size 0)
        let z = torch.nn.functional.normalize(test.Projections.narrow(0L, 0L, count), dim = 1L)
        let rows = Schane.Core.TensorData.ToArray<float> z |> Array.chunkBySize (int (z.size 1))
        let labels = Schane.Core.TensorData.ToArray<int64> (test.Labels.narrow(0L, 0L, count))
        Array.map2 (fun (x, y) (label: int64) -> x, y, int label) (Pca.project2d rows) labels
    { Metrics = { Top1 = accuracy.Top1; Top5 = accuracy.Top5; Knn = knn; Embedding = quality; FewShot = fewShot; FineTuned = [||] }
      Scatter = scatter
      ClassNames = Seq.toArray data.BaseTest.ClassNames }

/// <summary>
/// Evaluates <paramref name="model"/> on <paramref name="data"/>: top-1/top-5 of the classifier and embedding quality
/// on the base test images, kNN of backbone features (training images as the bank), and few-shot accuracy on the
/// novel test images for every K in the config.
/// </summary>
let evaluate (model: ContrastiveModel) (data: RunData) (config: RunConfig) (hooks: RunHooks) : Evaluation =
    evaluateWith (preprocessing data.BaseTrain) model data config hooks

/// The run folder of a config: RunsDir/Name, with a name made from the loss and the time when none is given.
let runDirectory (config: RunConfig) =
    let name = if String.IsNullOrWhiteSpace config.Name then $"{config.Loss}-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") else config.Name
    Path.GetFullPath(Path.Combine(config.RunsDir, name))

/// The file names inside a run folder.
[<RequireQualifiedAccess>]
module RunFiles =
    /// The settings.
    [<Literal>]
    let Config = "config.json"

    /// The checkpoint (written every epoch).
    [<Literal>]
    let Checkpoint = "checkpoint.pt"

    /// The results.
    [<Literal>]
    let Metrics = "metrics.json"

/// <summary>
/// Runs <paramref name="config"/>: trains (or, with <paramref name="resume"/>, continues the run in that checkpoint's
/// folder), evaluates, and writes config.json, checkpoint.pt, metrics.json, report.md and the charts into the run
/// folder. Cancelling stops at a step boundary with a checkpoint and a report of the training so far. A run whose
/// loss becomes NaN/Inf throws <see cref="T:Schane.Core.Training.TrainingDivergedException"/> and keeps its last
/// good checkpoint.
/// </summary>
let rec run (config: RunConfig) (resume: string | null) (hooks: RunHooks) (cancellation: Threading.CancellationToken) : RunResult =
    runOn SingleProcess.Instance config resume hooks cancellation

/// <summary>
/// <see cref="run"/> data-parallel over the ranks of <paramref name="collective"/> (every rank calls it with the same
/// arguments): each trains on its shard of every global batch; rank 0 alone writes config.json, the checkpoints, the
/// evaluation, metrics.json and the report, and only its result has metrics.
/// </summary>
and runOn (collective: ICollective) (config: RunConfig) (resume: string | null) (hooks: RunHooks) (cancellation: Threading.CancellationToken) : RunResult =
    let leader = collective.Rank = 0
    let directory =
        match resume with
        | null | "" -> runDirectory config
        | resume -> nonNull (Path.GetDirectoryName(Path.GetFullPath resume))
    // A run named by the clock gets rank 0's name on every rank.
    let directory = CollectiveValues.Broadcast(collective, directory)
    let config = { config with Name = nonNull (Path.GetFileName directory) }
    if leader then
        Directory.CreateDirectory directory |> ignore
        config.Save(Path.Combine(directory, RunFiles.Config))
    hooks.Say "loading data"
    use data = RunData.Load config
    let objective =
        match hooks.Objective with
        | null -> config.Objective()
        | change -> change.Invoke(config.Objective())
    let augmentation = preprocessing data.BaseTrain
    let checkpoint = Path.Combine(directory, RunFiles.Checkpoint)
    use trainer =
        match resume with
        | null | "" ->
            let spec = config.ModelSpec(ImageShape(data.BaseTrain.Channels, data.BaseTrain.Height, data.BaseTrain.Width), data.BaseTrain.ClassCount)
            let trainer = new Trainer(spec, data.BaseTrain, config.TrainingOptions(), objective, augmentation, CheckpointPath = checkpoint, Collective = collective)
            // The heads stay as the seed made them; only the backbone takes the start's weights (in place, so the
            // optimizer built on these parameters trains them). A resumed run has them in its checkpoint already.
            if not (String.IsNullOrEmpty config.Init) then
                try
                    use start = BackboneWeights.Read config.Init
                    hooks.Say $"starting from the backbone of {start.Description}"
                    start.LoadInto trainer.Model
                with _ ->
                    trainer.Dispose()
                    reraise ()
            trainer
        | resume ->
            if Path.GetFullPath resume <> checkpoint then
                invalidArg "resume" $"{resume}: resume from the checkpoint inside a run folder ({RunFiles.Checkpoint} next to {RunFiles.Config})"
            // Keeps writing the run's checkpoint: a resumed run that is stopped again continues from where it got to.
            Trainer.Resume(resume, data.BaseTrain, objective, augmentation, config.TrainingOptions(), checkpointPath = checkpoint, collective = collective)
    let history = ResizeArray<StepPoint>()
    trainer.add_StepCompleted(fun s ->
        history.Add { Step = s.Step; Epoch = s.Epoch; Loss = s.Loss; Contrastive = s.Contrastive; CrossEntropy = s.CrossEntropy
                      Accuracy = s.Accuracy; LearningRate = s.LearningRate })
    match hooks.Training with
    | null -> ()
    | training -> training.Invoke trainer
    let ranks = if collective.WorldSize > 1 then $" on {collective.WorldSize} ranks" else ""
    hooks.Say $"training {trainer.Spec} with {Trainer.Describe objective}: {trainer.TotalSteps - trainer.Step} steps{ranks}"
    let clock = Stopwatch.StartNew()
    let firstStep = trainer.Step
    let outcome = trainer.Run(cancellation)
    let trainSeconds = clock.Elapsed.TotalSeconds
    let imagesPerSecond = float ((trainer.Step - firstStep) * trainer.Options.BatchSize) / max trainSeconds 1e-9
    clock.Restart()
    let evaluation =
        if outcome = TrainingOutcome.Completed && leader then Some(evaluateWith augmentation trainer.Model data config hooks) else None
    let evaluation =
        match evaluation with
        | Some e when config.FineTuneShots.Length > 0 ->
            use start = if String.IsNullOrEmpty config.Init then null else BackboneWeights.Read config.Init
            let fineTuned =
                config.FineTuneShots
                |> Array.map (fun shots ->
                    hooks.Say $"few-shot fine-tuning: {shots} images per novel class, {config.FineTuneSteps} steps"
                    FewShotFineTuning.run config start data.NovelTrain data.NovelTest augmentation shots cancellation)
            // Stopped during few-shot fine-tuning: the trained checkpoint stands, and a resume evaluates it again.
            if fineTuned |> Array.forall Option.isSome then
                Some { e with Metrics = { e.Metrics with FineTuned = Array.choose id fineTuned } }
            else None
        | other -> other
    let result =
        { Config = config; Directory = directory; Checkpoint = checkpoint; Model = string trainer.Spec
          Objective = Trainer.Describe objective
          // Completed: trained to the end and, on rank 0 (the only one that evaluates), evaluated to the end.
          Outcome = (if outcome = TrainingOutcome.Completed && (evaluation.IsSome || not leader) then "completed" else "cancelled")
          Steps = trainer.Step; TrainSeconds = trainSeconds; EvalSeconds = clock.Elapsed.TotalSeconds
          ImagesPerSecond = imagesPerSecond; History = history.ToArray()
          Metrics = evaluation |> Option.map (fun e -> e.Metrics) }
    if leader then RunReport.writeFor collective.WorldSize result evaluation
    result

/// <summary>
/// Evaluates the checkpoint of a run folder with that run's settings (its config.json), overridden by
/// <paramref name="overrides"/>-style settings already merged into <paramref name="config"/>; writes nothing.
/// </summary>
let evaluateCheckpoint (checkpointPath: string) (config: RunConfig) (hooks: RunHooks) : Evaluation =
    use checkpoint = Checkpoint.Load checkpointPath
    hooks.Say "loading data"
    use data = RunData.Load config
    let spec = checkpoint.Metadata.Model
    let image = ImageShape(data.BaseTest.Channels, data.BaseTest.Height, data.BaseTest.Width)
    if spec.Image <> image || spec.Classes <> data.BaseTest.ClassCount then
        raise (InvalidDataException($"{checkpointPath}: the model takes [{spec.Image}] images in {spec.Classes} classes; the data has [{image}] in {data.BaseTest.ClassCount}"))
    use model = checkpoint.BuildModel()
    evaluate model data config hooks

/// <summary>
/// The settings of the run that <paramref name="checkpointPath"/> belongs to: its config.json when one is beside it,
/// else the defaults; overlaid with <paramref name="overrides"/> (config.json's keys; null for none).
/// </summary>
let checkpointConfig (checkpointPath: string) (overrides: Nodes.JsonObject | null) : RunConfig =
    let beside = Path.Combine(nonNull (Path.GetDirectoryName(Path.GetFullPath checkpointPath)), RunFiles.Config)
    let file: string | null = if File.Exists beside then beside else null
    RunConfig.Resolve(file, overrides)

/// One array that exportEmbeddings wrote.
type ExportedArray =
    { /// "features", "projections", "logits" or "labels".
      Name: string
      /// Its shape.
      Shape: int64[]
      /// Its dtype (Float32, Int64).
      DType: string
      /// The .npy file.
      Path: string }

    /// The arrays as a Markdown table: name, shape, dtype and file.
    static member Table(arrays: ExportedArray[]) : string =
        Markdown.table [| "array"; "shape"; "dtype"; "file" |]
            (arrays |> Array.map (fun a -> [| a.Name; "[" + String.Join(", ", a.Shape) + "]"; a.DType; a.Path |]))

/// <summary>
/// Encodes the base-class test images of <paramref name="config"/>'s data with the model saved in
/// <paramref name="checkpointPath"/> and writes them as NumPy files into <paramref name="folder"/> (created when
/// missing): features.npy (backbone, float32 [N, d]), projections.npy ([N, p]), logits.npy ([N, classes]) and
/// labels.npy (int64 [N]), for other tools.
/// </summary>
let exportEmbeddings (checkpointPath: string) (config: RunConfig) (folder: string) : ExportedArray[] =
    let folder = (Directory.CreateDirectory folder).FullName
    use checkpoint = Checkpoint.Load checkpointPath
    use model = checkpoint.BuildModel()
    use data = RunData.Load config
    use encoded = EncodedSet.Encode(model, data.BaseTest, preprocessing data.BaseTrain)
    [| for name, tensor in [ "features", encoded.Features; "projections", encoded.Projections; "logits", encoded.Logits; "labels", encoded.Labels ] ->
        let path = Path.Combine(folder, name + ".npy")
        Schane.Core.IO.Npy.Save(tensor, path)
        { Name = name; Shape = tensor.shape; DType = string tensor.dtype; Path = path } |]
