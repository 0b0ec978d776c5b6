/// The few-shot protocol of the official code: N-way K-shot episodes on novel-class features, a logistic-regression
/// probe fitted on each episode's support set, accuracy on its queries, mean ± 95% interval over the episodes.
module Schane.Experiments.FewShotProtocol

open Schane.Core.Evaluation
open TorchSharp

/// <summary>
/// Evaluates <paramref name="episodes"/> N-way K-shot episodes (K = <paramref name="shots"/>, <paramref name="queries"/>
/// queries per class) drawn by <paramref name="seed"/> from <paramref name="features"/> [N, d] with class
/// <paramref name="labels"/> [N].
/// </summary>
let run (features: torch.Tensor) (labels: torch.Tensor) (ways: int) (shots: int) (queries: int) (episodes: int) (seed: int) : FewShotResult =
    let labelArray = Schane.Core.TensorData.ToArray<int64> labels |> Array.map int
    let drawn = Episodes.sample labelArray ways shots queries episodes seed
    let accuracies = FewShot.Evaluate(features, drawn, LogisticRegressionProbe())
    { Ways = ways; Shots = shots; Queries = queries; Accuracy = Statistics.summarize accuracies }
