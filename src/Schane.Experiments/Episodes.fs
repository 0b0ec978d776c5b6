/// Few-shot episode sampling, the usual N-way K-shot protocol: each episode draws N distinct classes, then K support
/// and Q query rows per class without overlap.
module Schane.Experiments.Episodes

open System
open System.Collections.Generic
open Schane.Core.Evaluation

let private check (condition: bool) (name: string) (message: string) =
    if not condition then invalidArg name message

// Row indices of each candidate class, validated once for every class that may be drawn.
let private rowsByClass (labels: int[]) (classes: int[]) (shots: int) (queries: int) : int[][] =
    let wanted = Dictionary<int, int>()
    classes |> Array.iteri (fun i c -> wanted[c] <- i)
    let rows = Array.init classes.Length (fun _ -> ResizeArray<int>())
    labels |> Array.iteri (fun row label ->
        match wanted.TryGetValue label with
        | true, i -> rows[i].Add row
        | _ -> ())
    let need = shots + queries
    classes |> Array.iteri (fun i c ->
        let have = rows[i].Count
        check (have >= need) "labels"
            $"Class {c} has {have} examples; {shots}-shot {queries}-query episodes need {need} per class.")
    rows |> Array.map (fun r -> r.ToArray())

// Moves a uniformly random k-subset of items, in uniformly random order, to items[0..k-1] (partial Fisher-Yates).
// The arrangement left behind is still a permutation, so the next call on the same array is uniform too.
let private drawPrefix (random: Random) (items: int[]) (k: int) =
    for i in 0 .. k - 1 do
        let j = random.Next(i, items.Length)
        let t = items[i]
        items[i] <- items[j]
        items[j] <- t

let private sampleCore labels (classes: int[]) ways shots queries count seed : FewShotEpisode[] =
    check (ways >= 1) "ways" $"ways must be at least 1 (got {ways})."
    check (shots >= 1) "shots" $"shots must be at least 1 (got {shots})."
    check (queries >= 1) "queries" $"queries must be at least 1 (got {queries})."
    check (count >= 0) "count" $"count must not be negative (got {count})."
    check (ways <= classes.Length) "ways" $"ways ({ways}) exceeds the number of classes ({classes.Length})."
    let rows = rowsByClass labels classes shots queries
    let order = Array.init classes.Length id
    let random = Random(seed)
    Array.init count (fun _ ->
        drawPrefix random order ways
        let support = Array.zeroCreate<int64> (ways * shots)
        let supportLabels = Array.zeroCreate<int> (ways * shots)
        let query = Array.zeroCreate<int64> (ways * queries)
        let queryLabels = Array.zeroCreate<int> (ways * queries)
        for label in 0 .. ways - 1 do
            let pool = rows[order[label]]
            drawPrefix random pool (shots + queries)
            for s in 0 .. shots - 1 do
                support[label * shots + s] <- int64 pool[s]
                supportLabels[label * shots + s] <- label
            for q in 0 .. queries - 1 do
                query[label * queries + q] <- int64 pool[shots + q]
                queryLabels[label * queries + q] <- label
        FewShotEpisode(support, supportLabels, query, queryLabels))

/// <summary>
/// <paramref name="count"/> episodes of <paramref name="ways"/> classes drawn from <paramref name="classes"/>
/// (distinct labels), each with <paramref name="shots"/> support and <paramref name="queries"/> query rows per class.
/// Episode-local label i is the i-th class drawn; support and query rows are grouped by label in that order.
/// Deterministic for a seed: System.Random(seed) (the seeded algorithm .NET keeps stable across versions) drives every
/// draw, and the class order is the ascending order of
/// <paramref name="classes"/>, so the same inputs and seed give the same episodes.
/// Throws <see cref="T:System.ArgumentException"/> naming the class and its count when a class has fewer than
/// shots + queries rows, when ways exceeds the number of classes, or for repeated classes or non-positive sizes.
/// </summary>
let sampleFrom (labels: int[]) (classes: int[]) (ways: int) (shots: int) (queries: int) (count: int) (seed: int)
    : FewShotEpisode[] =
    if isNull (box labels) then nullArg (nameof labels)
    if isNull (box classes) then nullArg (nameof classes)
    let sorted = Array.sort classes
    for i in 1 .. sorted.Length - 1 do
        check (sorted[i] <> sorted[i - 1]) "classes" $"Class {sorted[i]} is listed more than once."
    sampleCore labels sorted ways shots queries count seed

/// <summary>
/// <paramref name="count"/> episodes drawn from every class present in <paramref name="labels"/>; see
/// <see cref="M:Schane.Experiments.Episodes.sampleFrom(System.Int32[],System.Int32[],System.Int32,System.Int32,System.Int32,System.Int32,System.Int32)"/>.
/// </summary>
let sample (labels: int[]) (ways: int) (shots: int) (queries: int) (count: int) (seed: int) : FewShotEpisode[] =
    if isNull (box labels) then nullArg (nameof labels)
    sampleCore labels (Array.distinct labels |> Array.sort) ways shots queries count seed
