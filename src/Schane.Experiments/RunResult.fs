namespace Schane.Experiments

open Schane.Core.Evaluation
open Schane.Experiments.Display

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

/// Few-shot fine-tuning with K images per novel class (see FewShotFineTuning).
type FineTuneResult =
    { /// K.
      Shots: int
      /// Support images (K · novel classes).
      Images: int
      /// Steps trained.
      Steps: int
      /// Top-1 of the fine-tuned classifier on the novel classes' test images.
      Top1: float
      /// Test images measured.
      TestImages: int
      /// Seconds it took (training and measuring).
      Seconds: float }

/// What evaluating a trained model measured.
[<TypeFormatterSource(typeof<FormatterSource<MetricsDisplay>>, PreferredMimeTypes = [| "text/html"; "text/plain" |])>]
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
      FewShot: FewShotResult[]
      /// Few-shot fine-tuning on the novel classes, one entry per K (empty unless the run asked for it).
      FineTuned: FineTuneResult[] }

/// Metrics' display (see Display.fs): an HTML table of the metrics.
and internal MetricsDisplay() =
    interface IDisplaySource with
        member _.CreateTypeFormatters() = Html.formatters "text/html" MetricsDisplay.Render

    /// The metrics as (metric, value) rows, shared by the notebook display and the Markdown report.
    static member Rows(metrics: Metrics) : string[][] =
        let number (x: float) = Formatting.fixedDigits 4 x
        [| yield [| "top-1 (base classes, full test set)"; Markdown.percent 2 metrics.Top1 |]
           yield [| "top-5"; Markdown.percent 2 metrics.Top5 |]
           yield [| "kNN accuracy (backbone features)"; Markdown.percent 2 metrics.Knn |]
           for f in metrics.FewShot ->
               [| $"{f.Ways}-way {f.Shots}-shot (novel classes, {f.Accuracy.N} episodes, {f.Queries} queries)"
                  Markdown.percentCi 2 f.Accuracy |]
           for t in metrics.FineTuned ->
               [| $"{t.Shots}-shot fine-tuning (novel classes, top-1 on {t.TestImages} test images)"; Markdown.percent 2 t.Top1 |]
           yield [| "alignment (lower is better)"; number metrics.Embedding.Alignment |]
           yield [| "uniformity (lower is better)"; number metrics.Embedding.Uniformity |]
           yield [| "intra-class cosine"; number metrics.Embedding.IntraClassCosine |]
           yield [| "inter-class cosine"; number metrics.Embedding.InterClassCosine |] |]

    /// The metrics as an HTML table; few-shot accuracies are mean ± 95% interval over episodes, in %.
    static member Render(metrics: Metrics) : string =
        Html.table None [| "metric"; "value" |] (MetricsDisplay.Rows metrics)

/// The evaluation of a model and what the report draws from it.
[<TypeFormatterSource(typeof<FormatterSource<EvaluationDisplay>>, PreferredMimeTypes = [| "text/html"; "text/plain" |])>]
type Evaluation =
    { /// The numbers.
      Metrics: Metrics
      /// 2-D PCA of (up to 2,000) base-class test projections, with their labels.
      Scatter: (float * float * int)[]
      /// Base class names, by label.
      ClassNames: string[] }

/// Evaluation's display (see Display.fs): the metrics table and the PCA scatter plot.
and internal EvaluationDisplay() =
    interface IDisplaySource with
        member _.CreateTypeFormatters() = Html.formatters "text/html" EvaluationDisplay.Render

    /// The metrics as an HTML table, then the test projections' PCA as inline SVG.
    static member Render(evaluation: Evaluation) : string =
        MetricsDisplay.Render evaluation.Metrics
        + "<div>"
        + Html.inlineSvg (Chart.scatter "Test projections, PCA" "PC 1" "PC 2" evaluation.Scatter evaluation.ClassNames).Svg
        + "</div>"

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
[<TypeFormatterSource(typeof<FormatterSource<RunResultDisplay>>, PreferredMimeTypes = [| "text/html"; "text/plain" |])>]
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

    /// One line: what ran, how it ended, and its top-1 (the record holds every step's history, too long to print).
    override this.ToString() =
        let top1 = match this.Metrics with Some m -> ", top-1 " + Markdown.percent 2 m.Top1 | None -> ""
        $"{this.Objective} on {this.Model}: {this.Outcome} after {this.Steps} steps ({this.TrainSeconds:F0} s){top1}; {this.Directory}"

/// RunResult's display (see Display.fs): what ran, how long, and its metrics.
and internal RunResultDisplay() =
    interface IDisplaySource with
        member _.CreateTypeFormatters() = Html.formatters "text/html" RunResultDisplay.Render

    /// The run as HTML: a summary line, a table of settings and timings, and the metrics table (if evaluated).
    static member Render(run: RunResult) : string =
        let c = run.Config
        let invariant (x: float) (format: string) = x.ToString(format, System.Globalization.CultureInfo.InvariantCulture)
        let settings =
            [| [| "loss"; c.Loss |]
               [| "seed"; string c.Seed |]
               [| "epochs × batch"; $"{c.Epochs} × {c.BatchSize}" |]
               [| "AdamW lr, weight decay"; invariant c.LearningRate "R" + ", " + invariant c.WeightDecay "R" |]
               [| "steps"; string run.Steps |]
               [| "training time"; invariant run.TrainSeconds "F0" + " s (" + invariant run.ImagesPerSecond "F0" + " images/s)" |]
               [| "evaluation time"; invariant run.EvalSeconds "F0" + " s" |]
               [| "folder"; run.Directory |] |]
        let results =
            match run.Metrics with
            | Some metrics -> MetricsDisplay.Render metrics
            | None -> Html.paragraph "No evaluation: the run was stopped before it."
        Html.paragraph $"Run {c.Name}: {run.Objective} on {run.Model}; {run.Outcome} after {run.Steps} steps."
        + Html.table None [| "setting"; "value" |] settings
        + results
