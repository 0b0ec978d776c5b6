namespace Schane.Experiments

/// <summary>
/// What one cell of the experiment measured, as it is committed under results/&lt;name&gt;/runs/&lt;cell&gt;/result.json:
/// small (no step history, no weights) and enough for every table of the report.
/// </summary>
type CellResult =
    { /// The cell.
      Cell: ExperimentCell
      /// The objective, described.
      Objective: string
      /// The architecture, described.
      Model: string
      /// The checkpoint the run started from (its Init).
      Start: string
      /// That checkpoint's SHA-256 when the run started.
      StartSha256: string
      /// Steps trained.
      Steps: int
      /// Seconds spent training (in the process that finished the run).
      TrainSeconds: float
      /// Seconds spent evaluating (episodes, kNN, few-shot fine-tuning included).
      EvalSeconds: float
      /// Training throughput (images per second).
      ImagesPerSecond: float
      /// Top-1 on the base classes' full test set.
      Top1: float
      /// Top-5 there.
      Top5: float
      /// kNN accuracy of the backbone features.
      Knn: float
      /// N-way K-shot episodes on the novel classes (frozen features, logistic-regression probe).
      FewShot: FewShotResult[]
      /// Few-shot fine-tuning on K images per novel class, then top-1 on the novel test set.
      FineTuned: FineTuneResult[] }

    /// The compared metrics, as (name, accuracy): top-1, each episode setting, each few-shot fine-tuning K.
    member this.Values : (string * float)[] =
        [| yield "top-1", this.Top1
           for f in this.FewShot -> $"{f.Ways}-way {f.Shots}-shot", f.Accuracy.Mean
           for t in this.FineTuned -> $"{t.Shots}-shot fine-tuning", t.Top1 |]

/// The whole experiment as far as it got.
type ExperimentResult =
    { /// The settings.
      Settings: ExperimentSettings
      /// results/&lt;name&gt;/, as a full path.
      Directory: string
      /// The pre-training (None until it has finished).
      Pretrain: Pretraining.PretrainResult option
      /// Every cell of the plan, in order.
      Cells: ExperimentCell[]
      /// The results of the cells finished so far (in this or earlier sessions).
      Results: CellResult[]
      /// Cells run by this call (the rest were finished already, or not reached).
      RanNow: string[] }

    /// Whether every cell has its result.
    member this.Complete = this.Results.Length = this.Cells.Length
