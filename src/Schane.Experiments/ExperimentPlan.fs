namespace Schane.Experiments

open System
open System.Globalization
open System.IO

/// <summary>
/// The settings of the two-stage experiment: one pre-training, then the methods and SCHaNe's β and λ ablations
/// fine-tuned from it on every seed. <c>FineTuning</c> holds every fine-tuning setting (its Loss, Beta, Lambda,
/// Seed, Name, RunsDir and Init are set per run).
/// </summary>
type ExperimentSettings =
    { /// The experiment's name: results/&lt;name&gt;/ and runs/&lt;name&gt;/.
      Name: string
      /// Where the report, charts and per-run JSON go (committed).
      ResultsDir: string
      /// Where checkpoints go (not committed): &lt;WorkDir&gt;/pretrain, &lt;WorkDir&gt;/runs/&lt;run&gt;.
      WorkDir: string
      /// The seeds every cell runs with.
      Seeds: int[]
      /// The methods of the main table ("ce", "supcon", "hcl", "schane"), at the base β and λ.
      Methods: string[]
      /// SCHaNe's β ablation (at the base λ).
      Betas: float[]
      /// SCHaNe's λ ablation (at the base β).
      Lambdas: float[]
      /// Passes of the NT-Xent pre-training over its images.
      PretrainEpochs: int
      /// Pre-training images per class (0: all).
      PretrainPerClass: int
      /// The fine-tuning settings every run shares.
      FineTuning: RunConfig
      /// The command line that ran the experiment, for the report.
      Command: string }

/// One cell of the experiment: a fine-tuning run, named by its method, its SCHaNe parameters and its seed.
type ExperimentCell =
    { /// Folder name: "ce-seed0", "schane-beta1-lambda0.9-seed0", …
      Id: string
      /// The loss.
      Loss: string
      /// β (SCHaNe, HCL).
      Beta: float
      /// λ (ignored by CE).
      Lambda: float
      /// The seed.
      Seed: int }

/// Which runs the experiment needs: the main methods and the ablations share the runs that coincide (SCHaNe at the
/// base β and λ is both the main SCHaNe run and a point of each ablation curve).
module ExperimentPlan =
    let private number (x: float) = x.ToString("R", CultureInfo.InvariantCulture)

    /// The cell of a method at the given β, λ and seed (CE's and SupCon's ids leave out what they ignore).
    let cell (loss: string) (beta: float) (lambda: float) (seed: int) : ExperimentCell =
        let id =
            match loss with
            | "ce" -> $"ce-seed{seed}"
            | "supcon" -> $"supcon-lambda{number lambda}-seed{seed}"
            | _ -> $"{loss}-beta{number beta}-lambda{number lambda}-seed{seed}"
        { Id = id; Loss = loss; Beta = beta; Lambda = lambda; Seed = seed }

    /// Every distinct cell, in the order they run: the main methods seed by seed first (a stopped experiment holds whole
    /// seeds of the main table), then the ablations seed by seed.
    let cells (settings: ExperimentSettings) : ExperimentCell[] =
        let b, l = settings.FineTuning.Beta, settings.FineTuning.Lambda
        [| for seed in settings.Seeds do
               for loss in settings.Methods -> cell loss b l seed
           for seed in settings.Seeds do
               for beta in settings.Betas -> cell "schane" beta l seed
               for lambda in settings.Lambdas -> cell "schane" b lambda seed |]
        |> Array.distinctBy (fun c -> c.Id)

    /// The K values of few-shot fine-tuning when the settings name none: the paper's 1, 5 and 10 shots.
    let defaultFineTuneShots = [| 1; 5; 10 |]

    /// The shared fine-tuning settings of an experiment from `schane train`-style settings: no run name (each cell
    /// has its own) and few-shot fine-tuning at <see cref="defaultFineTuneShots"/> unless other K are given.
    let fineTuningOf (config: RunConfig) : RunConfig =
        { config with
            Name = ""
            FineTuneShots = (if config.FineTuneShots.Length > 0 then config.FineTuneShots else defaultFineTuneShots) }

    /// The pre-training's folder in the work directory.
    let pretrainDirectory (settings: ExperimentSettings) = Path.GetFullPath(Path.Combine(settings.WorkDir, "pretrain"))

    /// The fine-tuning config of a cell, starting from <paramref name="start"/>.
    let config (settings: ExperimentSettings) (start: string) (cell: ExperimentCell) : RunConfig =
        { settings.FineTuning with
            Loss = cell.Loss; Beta = cell.Beta; Lambda = cell.Lambda; Seed = cell.Seed; Name = cell.Id
            RunsDir = Path.Combine(settings.WorkDir, "runs"); Init = start }

    /// Checks the settings; throws <see cref="T:System.ArgumentException"/> naming the first that cannot work.
    let validate (settings: ExperimentSettings) =
        let check ok (name: string) (what: string) = if not ok then raise (ArgumentException($"{name}: {what}", name))
        check (not (String.IsNullOrWhiteSpace settings.Name) && settings.Name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0) "name" "expected a folder name"
        check (settings.Seeds.Length >= 1 && (Array.distinct settings.Seeds).Length = settings.Seeds.Length) "seeds" "one or more, each once"
        check (settings.Methods |> Array.forall (fun m -> List.contains m [ "ce"; "supcon"; "hcl"; "schane" ])) "methods" "ce, supcon, hcl or schane"
        check (settings.Betas |> Array.forall Double.IsFinite) "betas" "finite numbers"
        check (settings.Lambdas |> Array.forall (fun l -> l >= 0.0 && l <= 1.0)) "lambdas" "in [0, 1]"
        check (settings.PretrainEpochs >= 1) "pretrainEpochs" "≥ 1"
        check (settings.PretrainPerClass >= 0) "pretrainPerClass" "≥ 0 (0: all)"
        check (settings.FineTuning.FineTuneShots.Length > 0) "fineTuneShots" "one or more K for few-shot fine-tuning"
        settings.FineTuning.Validate()
