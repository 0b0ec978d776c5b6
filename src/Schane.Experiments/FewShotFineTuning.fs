/// Few-shot fine-tuning, what the paper calls few-shot: from the run's start (its pre-trained backbone, or its seed's
/// random initialisation), fine-tune the whole model with the run's own objective on K labelled images per novel class,
/// then measure top-1 of the new classifier on the novel classes' whole test set. Unlike the episodes, which probe
/// frozen features, this measures how well each objective fine-tunes from very few labels.
module Schane.Experiments.FewShotFineTuning

open System
open System.Diagnostics
open Schane.Core.Data
open Schane.Core.Evaluation
open Schane.Core.Models
open Schane.Core.Training
open TorchSharp

/// <summary>
/// The training options of a K-shot fine-tuning: the run's optimiser settings, one batch holding the whole support
/// set (K · classes images, two views each), <paramref name="steps"/> steps (one per epoch).
/// </summary>
let options (config: RunConfig) (supportImages: int) : TrainingOptions =
    TrainingOptions(
        Epochs = config.FineTuneSteps, BatchSize = supportImages, LearningRate = config.LearningRate,
        MinLearningRate = config.MinLearningRate, WarmupFraction = config.WarmupFraction, WeightDecay = config.WeightDecay,
        ClipGradNorm = (if config.ClipGradNorm > 0.0 then Nullable config.ClipGradNorm else Nullable()),
        Seed = config.Seed, Device = config.Device)

/// <summary>
/// Fine-tunes on <paramref name="shots"/> images per class of <paramref name="novelTrain"/> (chosen by the run's
/// seed: every method of a seed sees the same images, and the K = 1 images are among the K = 5 ones), starting from
/// <paramref name="start"/> (null: the seed's random initialisation), with the run's objective and
/// <paramref name="augmentation"/>; then top-1 on <paramref name="novelTest"/>. None when cancelled.
/// </summary>
let run (config: RunConfig) (start: BackboneWeights | null) (novelTrain: ImageDataset) (novelTest: ImageDataset)
        (augmentation: Augmentation) (shots: int) (cancellation: Threading.CancellationToken) : FineTuneResult option =
    if shots < 1 then invalidArg (nameof shots) $"{shots}: expected K ≥ 1 images per class"
    let clock = Stopwatch.StartNew()
    use support = novelTrain.Subsample(shots, config.Seed)
    let spec = config.ModelSpec(ImageShape(support.Channels, support.Height, support.Width), support.ClassCount)
    use trainer = new Trainer(spec, support, options config (int support.Count), config.Objective(), augmentation)
    match start with
    | null -> ()
    | weights -> weights.LoadInto trainer.Model
    match trainer.Run(cancellation) with
    | TrainingOutcome.Completed ->
        use test = EncodedSet.Encode(trainer.Model, novelTest, augmentation)
        let accuracy = TopKAccuracy.Of(test.Logits, test.Labels)
        Some { Shots = shots; Images = int support.Count; Steps = trainer.Step; Top1 = accuracy.Top1
               TestImages = int accuracy.Count; Seconds = clock.Elapsed.TotalSeconds }
    | _ -> None
