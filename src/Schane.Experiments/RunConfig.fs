namespace Schane.Experiments

open System
open System.IO
open System.Text.Json
open System.Text.Json.Nodes
open System.Text.Json.Serialization
open Schane.Core.Data
open Schane.Core.Losses
open Schane.Core.Models
open Schane.Core.Training

/// <summary>
/// Every setting of a fine-tuning run: data and class split, model, objective, optimisation and evaluation. Written to
/// runs/&lt;name&gt;/config.json; a config file holds any subset of these keys (camelCase), the rest keep their defaults.
/// </summary>
[<CLIMutable>]
type RunConfig =
    { /// Run name: the folder under RunsDir ("" → "&lt;loss&gt;-&lt;UTC time&gt;").
      Name: string
      /// Where run folders are created.
      RunsDir: string
      /// "fashion-mnist" (Debian's package) or "npy" (TrainImages/TrainLabels/TestImages/TestLabels).
      Dataset: string
      /// Folder of the Fashion-MNIST IDX files.
      DataRoot: string
      /// uint8 images [N,H,W] or [N,H,W,C] (.npy) for the "npy" dataset.
      TrainImages: string
      /// int64 labels [N] (.npy) for the "npy" dataset.
      TrainLabels: string
      /// Test images (.npy) for the "npy" dataset.
      TestImages: string
      /// Test labels (.npy) for the "npy" dataset.
      TestLabels: string
      /// "BASE/NOVEL" class split (ClassSplit syntax); "" → Fashion-MNIST's default split, or the first half of the
      /// classes as base for other data.
      Split: string
      /// At most this many training images per base class (0: all).
      TrainPerClass: int
      /// At most this many test images per class (0: all).
      TestPerClass: int
      /// "resnet", "mlp", or the path of a TorchScript backbone (.pt).
      Backbone: string
      /// A checkpoint or PyTorch state_dict whose backbone the run starts from (its projection head and classifier
      /// start new); "" → the seed's random initialisation. See Schane.Core.Models.BackboneWeights for the layouts.
      Init: string
      /// ResNet base width (features 4·width) or MLP hidden width.
      Width: int
      /// ResNet blocks per stage or MLP hidden layers.
      Depth: int
      /// Projection head output width.
      Projection: int
      /// "schane", "supcon", "hcl", "ntxent" or "ce" (cross-entropy only).
      Loss: string
      /// λ of λ·contrastive + (1 − λ)·CE (ignored for "ce").
      Lambda: float
      /// Temperature τ; null → the loss's own default (0.5 for SCHaNe/HCL/NT-Xent, 0.07 for SupCon).
      Temperature: Nullable<float>
      /// β of SCHaNe's and HCL's exponential negative weighting.
      Beta: float
      /// A C# script (.csx) defining the negative weighting instead of the exponential one ("" for none). The
      /// caller loads it (schane train does, through Schane.Scripting) and passes it as RunHooks.Objective.
      Weighting: string
      /// τ⁺, HCL's class prior.
      TauPlus: float
      /// Label smoothing of the CE term.
      LabelSmoothing: float
      /// Passes over the base training images.
      Epochs: int
      /// Images per step.
      BatchSize: int
      /// Peak AdamW learning rate.
      LearningRate: float
      /// Final learning rate of the cosine decay.
      MinLearningRate: float
      /// Share of steps in linear warmup.
      WarmupFraction: float
      /// AdamW weight decay.
      WeightDecay: float
      /// Gradient-norm clip (0: off).
      ClipGradNorm: float
      /// Seed of everything random in the run.
      Seed: int
      /// "cpu" or "cuda[:i]".
      Device: string
      /// N of N-way few-shot episodes.
      Ways: int
      /// The K values of K-shot evaluation.
      Shots: int[]
      /// Query images per class and episode.
      Queries: int
      /// Episodes per few-shot setting.
      Episodes: int
      /// Neighbours of the kNN classifier.
      Knn: int
      /// K values of few-shot fine-tuning: from the run's start, the run's objective on K images per novel class,
      /// then top-1 on the novel test set (empty: none).
      FineTuneShots: int[]
      /// Steps of each few-shot fine-tuning (the whole support set is one batch).
      FineTuneSteps: int }

    /// The default job: SCHaNe + CE on Fashion-MNIST's five base classes, small ResNet, evaluated 5-way 1- and 5-shot.
    static member Default =
        { Name = ""; RunsDir = "runs"; Dataset = "fashion-mnist"; DataRoot = FashionMnist.DefaultRoot
          TrainImages = ""; TrainLabels = ""; TestImages = ""; TestLabels = ""; Split = ""; TrainPerClass = 0; TestPerClass = 0
          Backbone = "resnet"; Init = ""; Width = 16; Depth = 1; Projection = 128
          Loss = "schane"; Lambda = 0.9; Temperature = Nullable(); Beta = 1.0; Weighting = ""; TauPlus = 0.1; LabelSmoothing = 0.0
          Epochs = 8; BatchSize = 128; LearningRate = 2e-3; MinLearningRate = 0.0; WarmupFraction = 0.05; WeightDecay = 0.05
          ClipGradNorm = 5.0; Seed = 0; Device = "cpu"
          Ways = 5; Shots = [| 1; 5 |]; Queries = 15; Episodes = 600; Knn = 20
          FineTuneShots = [||]; FineTuneSteps = 50 }

    /// JSON settings of config files and config.json (camelCase; NaN allowed).
    static member JsonOptions =
        let options =
            JsonSerializerOptions(
                WriteIndented = true,
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)
        options.Converters.Add(JsonStringEnumConverter())
        options

    /// <summary>
    /// The defaults, overlaid with the keys of <paramref name="file"/> (a JSON object; null for none), then with
    /// <paramref name="overrides"/> (e.g. from command-line flags). An unknown key or a value of the wrong type raises
    /// <see cref="T:System.IO.InvalidDataException"/> naming the file and the key.
    /// </summary>
    static member Resolve(file: string | null, overrides: JsonObject | null) : RunConfig =
        let merged = (nonNull (JsonSerializer.SerializeToNode(RunConfig.Default, RunConfig.JsonOptions))).AsObject()
        let known = merged |> Seq.map (fun kv -> kv.Key) |> Set.ofSeq
        let overlay (source: string) (o: JsonObject) =
            for kv in Seq.toArray o do
                if not (known.Contains kv.Key) then
                    let hint = known |> Seq.tryFind (fun k -> String.Equals(k, kv.Key, StringComparison.OrdinalIgnoreCase))
                    let suggestion = match hint with Some k -> $" (did you mean '{k}'?)" | None -> ""
                    raise (InvalidDataException($"{source}: unknown setting '{kv.Key}'{suggestion}"))
                merged[kv.Key] <- (match kv.Value with null -> null | value -> value.DeepClone())
        match file with
        | null | "" -> ()
        | file ->
            if not (File.Exists file) then raise (FileNotFoundException($"{file}: no such config file", file))
            let node =
                try JsonNode.Parse(File.ReadAllText file)
                with :? JsonException as e ->
                    raise (InvalidDataException($"{file}: not valid JSON (line {e.LineNumber.GetValueOrDefault() + 1L}): {e.Message}", e))
            match node with
            | :? JsonObject as o -> overlay file o
            | _ -> raise (InvalidDataException($"{file}: expected a JSON object of settings"))
        match overrides with
        | null -> ()
        | o -> overlay "command line" o
        let source = match file with null | "" -> "settings" | file -> file
        let config =
            try
                match merged.Deserialize<RunConfig>(RunConfig.JsonOptions) with
                | null -> raise (InvalidDataException($"{source}: no settings"))
                | config -> config
            with :? JsonException as e ->
                raise (InvalidDataException($"{source}: {e.Path}: {e.Message}", e))
        config.Validate()
        config

    /// Reads a run's config.json (all keys present).
    static member Load(path: string) : RunConfig = RunConfig.Resolve(path, null)

    /// Writes this config as JSON to <paramref name="path"/>.
    member this.Save(path: string) = AtomicFile.writeAllText path (JsonSerializer.Serialize(this, RunConfig.JsonOptions))

    /// <summary>Throws <see cref="T:System.ArgumentException"/> naming the first setting that cannot work.</summary>
    member this.Validate() =
        let check ok (name: string) (value: obj) (expected: string) =
            if not ok then raise (ArgumentException($"{name} = {value}: expected {expected}", name))
        check (this.Dataset = "fashion-mnist" || this.Dataset = "npy") "dataset" this.Dataset "fashion-mnist or npy"
        if this.Dataset = "npy" then
            for name, value in [ "trainImages", this.TrainImages; "trainLabels", this.TrainLabels
                                 "testImages", this.TestImages; "testLabels", this.TestLabels ] do
                check (not (String.IsNullOrEmpty value)) name "\"\"" "a .npy file for the npy dataset"
        check (List.contains this.Loss [ "schane"; "supcon"; "hcl"; "ntxent"; "ce" ]) "loss" this.Loss "schane, supcon, hcl, ntxent or ce"
        check (this.Lambda >= 0.0 && this.Lambda <= 1.0) "lambda" this.Lambda "in [0, 1]"
        check (String.IsNullOrEmpty this.Weighting || this.Loss = "schane" || this.Loss = "hcl") "weighting" this.Weighting
            "no weighting script: only schane and hcl weight their negatives"
        check (not this.Temperature.HasValue || this.Temperature.Value > 0.0) "temperature" this.Temperature "a positive number"
        check (this.TrainPerClass >= 0) "trainPerClass" this.TrainPerClass "≥ 0"
        check (this.TestPerClass >= 0) "testPerClass" this.TestPerClass "≥ 0"
        check (this.Width >= 1) "width" this.Width "≥ 1"
        check (this.Depth >= 1) "depth" this.Depth "≥ 1"
        check (this.Projection >= 1) "projection" this.Projection "≥ 1"
        check (this.Ways >= 2) "ways" this.Ways "≥ 2"
        check (not (isNull (box this.Shots)) && this.Shots.Length > 0 && Array.forall (fun s -> s >= 1) this.Shots) "shots" this.Shots "one or more K ≥ 1"
        check (this.Queries >= 1) "queries" this.Queries "≥ 1"
        check (this.Episodes >= 1) "episodes" this.Episodes "≥ 1"
        check (this.Knn >= 1) "knn" this.Knn "≥ 1"
        check (not (isNull (box this.FineTuneShots)) && Array.forall (fun s -> s >= 1) this.FineTuneShots) "fineTuneShots" this.FineTuneShots "K ≥ 1 images per class"
        check (this.FineTuneSteps >= 1) "fineTuneSteps" this.FineTuneSteps "≥ 1"
        this.TrainingOptions().Validate()

    /// The optimisation settings for the trainer.
    member this.TrainingOptions() : TrainingOptions =
        TrainingOptions(
            Epochs = this.Epochs, BatchSize = this.BatchSize, LearningRate = this.LearningRate,
            MinLearningRate = this.MinLearningRate, WarmupFraction = this.WarmupFraction, WeightDecay = this.WeightDecay,
            ClipGradNorm = (if this.ClipGradNorm > 0.0 then Nullable this.ClipGradNorm else Nullable()),
            Seed = this.Seed, Device = this.Device)

    /// The λ objective with this run's contrastive loss ("ce": λ = 0).
    member this.Objective() : Objective =
        let t (fallback: float) = if this.Temperature.HasValue then this.Temperature.Value else fallback
        let contrastive: ContrastiveLoss =
            match this.Loss with
            | "supcon" -> SupConLoss(Temperature = t 0.07)
            | "hcl" -> HCLLoss(Temperature = t 0.5, Weighting = NegativeWeighting.Exponential this.Beta, TauPlus = this.TauPlus)
            | "ntxent" -> NTXentLoss(Temperature = t 0.5)
            | _ -> SCHaNeLoss(Temperature = t 0.5, Weighting = NegativeWeighting.Exponential this.Beta)
        Objective(Contrastive = contrastive, Lambda = (if this.Loss = "ce" then 0.0 else this.Lambda),
                  LabelSmoothing = this.LabelSmoothing)

    /// The architecture for images of <paramref name="image"/> and <paramref name="classes"/> classes.
    member this.ModelSpec(image: ImageShape, classes: int) =
        let kind, script =
            match this.Backbone with
            | "resnet" -> BackboneKind.ResNet, (null: string | null)
            | "mlp" -> BackboneKind.Mlp, null
            | path -> BackboneKind.TorchScript, Path.GetFullPath path
        ModelSpec(Backbone = kind, ScriptPath = script, Image = image, Classes = classes, Width = this.Width,
                  Depth = this.Depth, ProjectionDimension = this.Projection)
