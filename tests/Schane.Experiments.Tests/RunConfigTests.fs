module Schane.Experiments.Tests.RunConfigTests

open System
open System.IO
open System.Text.Json.Nodes
open Xunit
open Schane.Core.Losses
open Schane.Core.Models
open Schane.Experiments

let private withFile (json: string) (test: string -> unit) =
    let path = Path.Combine(Path.GetTempPath(), $"schane-config-{Guid.NewGuid():N}.json")
    File.WriteAllText(path, json)
    try test path finally File.Delete path

[<Fact>]
let ``defaults, then the file, then the overrides`` () =
    withFile """{ "epochs": 2, "loss": "supcon", "shots": [1, 3, 5] }""" (fun path ->
        let overrides = JsonObject()
        overrides["epochs"] <- JsonValue.Create 7
        let config = RunConfig.Resolve(path, overrides)
        Assert.Equal(7, config.Epochs)
        Assert.Equal("supcon", config.Loss)
        Assert.Equal<int[]>([| 1; 3; 5 |], config.Shots)
        Assert.Equal(RunConfig.Default.BatchSize, config.BatchSize)
        Assert.Equal(string { RunConfig.Default with Epochs = 7; Loss = "supcon"; Shots = [| 1; 3; 5 |] }, string config))

[<Fact>]
let ``a saved config reads back equal`` () =
    let path = Path.Combine(Path.GetTempPath(), $"schane-config-{Guid.NewGuid():N}.json")
    try
        let config = { RunConfig.Default with Name = "x"; Temperature = Nullable 0.2; ClipGradNorm = 0.0 }
        config.Save path
        Assert.Equal(string config, string (RunConfig.Load path))
    finally File.Delete path

[<Fact>]
let ``unknown keys, wrong types and impossible values are named`` () =
    withFile """{ "batchsize": 8 }""" (fun path ->
        let e = Assert.Throws<InvalidDataException>(fun () -> RunConfig.Resolve(path, null) |> ignore)
        Assert.Contains($"{path}: unknown setting 'batchsize' (did you mean 'batchSize'?)", e.Message))
    withFile """{ "epochs": "many" }""" (fun path ->
        let e = Assert.Throws<InvalidDataException>(fun () -> RunConfig.Resolve(path, null) |> ignore)
        Assert.Contains(path, e.Message)
        Assert.Contains("epochs", e.Message))
    withFile """[1, 2]""" (fun path ->
        Assert.Contains("expected a JSON object", Assert.Throws<InvalidDataException>(fun () -> RunConfig.Resolve(path, null) |> ignore).Message))
    withFile """{ "epochs": 1,""" (fun path ->
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(fun () -> RunConfig.Resolve(path, null) |> ignore).Message))
    let bad (key: string) (value: JsonNode | null) =
        let o = JsonObject()
        o[key] <- value
        Assert.Throws<ArgumentException>(fun () -> RunConfig.Resolve(null, o) |> ignore).Message
    Assert.Contains("loss = triplet", bad "loss" (JsonValue.Create "triplet"))
    Assert.Contains("lambda", bad "lambda" (JsonValue.Create 1.5))
    Assert.Contains("ways", bad "ways" (JsonValue.Create 1))
    Assert.Contains("BatchSize", bad "batchSize" (JsonValue.Create 1))
    Assert.Contains("trainImages", bad "dataset" (JsonValue.Create "npy"))
    Assert.Throws<FileNotFoundException>(fun () -> RunConfig.Resolve("/nonexistent/config.json", null) |> ignore) |> ignore

[<Fact>]
let ``each loss name builds its objective with that loss's own temperature default`` () =
    let objective loss = { RunConfig.Default with Loss = loss }.Objective()
    let schane = objective "schane"
    Assert.IsType<SCHaNeLoss>(schane.Contrastive) |> ignore
    Assert.Equal(0.9, schane.Lambda)
    Assert.Equal(0.5, schane.Contrastive.Temperature)
    Assert.Equal(0.07, (objective "supcon").Contrastive.Temperature)
    Assert.IsType<HCLLoss>((objective "hcl").Contrastive) |> ignore
    Assert.IsType<NTXentLoss>((objective "ntxent").Contrastive) |> ignore
    Assert.Equal(0.0, (objective "ce").Lambda)
    let custom = { RunConfig.Default with Temperature = Nullable 0.2; Beta = 3.0; Lambda = 0.5; LabelSmoothing = 0.1 }.Objective()
    Assert.Equal(0.2, custom.Contrastive.Temperature)
    Assert.Contains("β=3", custom.Contrastive.Name)
    Assert.Equal(0.5, custom.Lambda)
    Assert.Equal(0.1, custom.LabelSmoothing)

[<Fact>]
let ``the backbone setting picks the architecture`` () =
    let spec backbone = { RunConfig.Default with Backbone = backbone; Width = 8 }.ModelSpec(ImageShape(1, 28, 28), 5)
    Assert.Equal(BackboneKind.ResNet, (spec "resnet").Backbone)
    Assert.Equal(8, (spec "resnet").Width)
    Assert.Equal(BackboneKind.Mlp, (spec "mlp").Backbone)
    let script = spec "model.pt"
    Assert.Equal(BackboneKind.TorchScript, script.Backbone)
    Assert.Equal(Path.GetFullPath "model.pt", script.ScriptPath)
    let options = { RunConfig.Default with ClipGradNorm = 0.0; Seed = 4 }.TrainingOptions()
    Assert.False(options.ClipGradNorm.HasValue)
    Assert.Equal(4, options.Seed)
