/// The first stage of the two-stage experiment: self-supervised pre-training (SimCLR-style NT-Xent, λ = 1, so the
/// labels are never used by the gradient) on the training images of every class. Every method's fine-tuning then
/// starts from the backbone it leaves (through RunConfig.Init), as in the paper, where each objective fine-tunes the
/// same pre-trained BEiT-3.
module Schane.Experiments.Pretraining

open System
open System.Diagnostics
open System.IO
open System.Security.Cryptography
open Schane.Core.Data
open Schane.Core.Evaluation
open Schane.Core.Models
open Schane.Core.Training
open TorchSharp

/// What pre-training left.
type PretrainResult =
    { /// The settings (loss ntxent, λ = 1; Epochs and TrainPerClass are the pre-training's).
      Config: RunConfig
      /// The checkpoint every fine-tuning starts from.
      Checkpoint: string
      /// Its SHA-256 (hex): a fine-tuning run records the start it had, so a rebuilt start that differs shows.
      Sha256: string
      /// The architecture, described.
      Model: string
      /// The objective, described.
      Objective: string
      /// Parameters of the backbone (what fine-tuning starts from).
      BackboneParameters: int64
      /// Training images (all classes; labels unused).
      Images: int64
      /// Steps trained in all.
      Steps: int
      /// Seconds spent training in the process that finished it.
      TrainSeconds: float
      /// Few-shot episodes on the novel test images with the pre-trained backbone itself: where fine-tuning starts.
      FewShot: FewShotResult[] }

/// The pre-training settings derived from a fine-tuning config: NT-Xent alone (λ = 1, τ of the config or 0.5) for
/// <paramref name="epochs"/> passes over at most <paramref name="perClass"/> images of every class (0: all).
let config (fineTuning: RunConfig) (epochs: int) (perClass: int) (directory: string) : RunConfig =
    { fineTuning with
        Name = nonNull (Path.GetFileName directory); RunsDir = nonNull (Path.GetDirectoryName directory)
        Loss = "ntxent"; Lambda = 1.0; Weighting = ""; Init = ""; Epochs = epochs; TrainPerClass = perClass
        FineTuneShots = [||] }

/// The training images of every class of the config's dataset, at most TrainPerClass per class.
let private allTrainingImages (config: RunConfig) : ImageDataset =
    let whole =
        if config.Dataset = "npy" then ImageDataset.FromNpy(config.TrainImages, config.TrainLabels)
        else ImageDataset.FashionMnist("train", config.DataRoot)
    if config.TrainPerClass > 0 then
        use all = whole
        all.Subsample(config.TrainPerClass, config.Seed)
    else whole

/// The SHA-256 of a file, as lowercase hex.
let sha256 (path: string) : string =
    use stream = File.OpenRead path
    Convert.ToHexString(SHA256.HashData stream).ToLowerInvariant()

/// <summary>
/// Pre-trains with <paramref name="config"/> (see <see cref="config"/>) in its run folder, continuing from the
/// checkpoint there if a previous process was stopped, and evaluates the few-shot episodes of the result. None when
/// cancelled (the checkpoint keeps what was trained).
/// </summary>
let run (config: RunConfig) (hooks: FineTuning.RunHooks) (cancellation: Threading.CancellationToken) : PretrainResult option =
    let directory = Path.GetFullPath(Path.Combine(config.RunsDir, config.Name))
    Directory.CreateDirectory directory |> ignore
    config.Save(Path.Combine(directory, FineTuning.RunFiles.Config))
    let checkpoint = Path.Combine(directory, FineTuning.RunFiles.Checkpoint)
    hooks.Say "pre-training: loading the training images of every class (labels unused)"
    use train = allTrainingImages config
    let augmentation = FineTuning.preprocessing train
    use trainer =
        if File.Exists checkpoint then
            Trainer.Resume(checkpoint, train, config.Objective(), augmentation, config.TrainingOptions(), checkpointPath = checkpoint)
        else
            let spec = config.ModelSpec(ImageShape(train.Channels, train.Height, train.Width), train.ClassCount)
            new Trainer(spec, train, config.TrainingOptions(), config.Objective(), augmentation, CheckpointPath = checkpoint)
    match hooks.Training with
    | null -> ()
    | training -> training.Invoke trainer
    hooks.Say $"pre-training {trainer.Spec} with {Trainer.Describe trainer.Objective} on {train.Count} images: {trainer.TotalSteps - trainer.Step} steps"
    let clock = Stopwatch.StartNew()
    match trainer.Run(cancellation) with
    | TrainingOutcome.Completed ->
        let seconds = clock.Elapsed.TotalSeconds
        // A run whose last epoch ended exactly at the last step has its checkpoint already; one resumed at the end has too.
        use data = RunData.Load { config with TrainPerClass = 0 }
        use novel = EncodedSet.Encode(trainer.Model, data.NovelTest, augmentation)
        let fewShot =
            config.Shots
            |> Array.map (fun shots ->
                hooks.Say $"pre-trained start: {config.Episodes} episodes of {config.Ways}-way {shots}-shot"
                FewShotProtocol.run novel.Features novel.Labels config.Ways shots config.Queries config.Episodes config.Seed)
        Some { Config = config; Checkpoint = checkpoint; Sha256 = sha256 checkpoint; Model = string trainer.Spec
               Objective = Trainer.Describe trainer.Objective
               BackboneParameters = trainer.Model.Backbone.parameters() |> Seq.sumBy (fun p -> p.numel())
               Images = train.Count; Steps = trainer.Step
               TrainSeconds = seconds; FewShot = fewShot }
    | _ -> None
