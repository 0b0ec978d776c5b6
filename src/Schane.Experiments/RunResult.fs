namespace Schane.Experiments

open Schane.Core.Evaluation

/// Few-shot accuracy of one N-way K-shot setting over many episodes.
type FewShotResult =
    { /// N.
      Ways: int
      /// K.
      Shots: int
      /// Query images per class and episode.
      Queries: int
      /// Accuracy over the episodes (fractions), with its 95% interval.
      Accuracy: Statistics.Summary }

/// What evaluating a trained model measured.
type Metrics =
    { /// Top-1 accuracy of the classifier on the base classes' test images.
      Top1: float
      /// Top-5 accuracy (top-min(5, C)).
      Top5: float
      /// Weighted kNN accuracy of backbone features (training images as the bank, test images as queries).
      Knn: float
      /// Alignment, uniformity and intra/inter-class cosine of the test projections.
      Embedding: EmbeddingQuality
      /// Few-shot accuracy on the novel classes, one entry per K.
      FewShot: FewShotResult[] }

/// The evaluation of a model and what the report draws from it.
type Evaluation =
    { /// The numbers.
      Metrics: Metrics
      /// 2-D PCA of (up to 2,000) base-class test projections, with their labels.
      Scatter: (float * float * int)[]
      /// Base class names, by label.
      ClassNames: string[] }

/// One training step's figures, kept for the curves.
type StepPoint =
    { /// 1-based step.
      Step: int
      /// 0-based epoch.
      Epoch: int
      /// Objective.
      Loss: float
      /// Contrastive term.
      Contrastive: float
      /// Cross-entropy term.
      CrossEntropy: float
      /// Batch accuracy.
      Accuracy: float
      /// Learning rate used.
      LearningRate: float }

/// A finished (or stopped) run: its settings, curves and metrics, and where its files are.
type RunResult =
    { /// The settings.
      Config: RunConfig
      /// The run folder.
      Directory: string
      /// The checkpoint file.
      Checkpoint: string
      /// The architecture, described.
      Model: string
      /// The objective, described.
      Objective: string
      /// "completed" or "cancelled".
      Outcome: string
      /// Steps completed.
      Steps: int
      /// Seconds spent training in this process.
      TrainSeconds: float
      /// Seconds spent evaluating.
      EvalSeconds: float
      /// Mean training throughput (images per second, views not counted).
      ImagesPerSecond: float
      /// Every step of this process's training.
      History: StepPoint[]
      /// The evaluation (None when the run was cancelled before it).
      Metrics: Metrics option }

    /// The accuracy of K-shot episodes, if measured.
    member this.FewShot(shots: int) =
        this.Metrics |> Option.bind (fun m -> m.FewShot |> Array.tryFind (fun f -> f.Shots = shots))
