module Schane.Experiments.Tests.EpisodesTests

open System
open Xunit
open Schane.Experiments
open Schane.Experiments.Tests.Assertions

// 10 classes × 30 rows, interleaved so that row r has label r % 10.
let private labels = Array.init 300 (fun r -> r % 10)

let private flatten (episodes: Schane.Core.Evaluation.FewShotEpisode[]) =
    episodes |> Array.map (fun e -> Array.concat [ e.Support; e.Query ], Array.concat [ e.SupportLabels; e.QueryLabels ])

[<Fact>]
let ``episodes have the requested shape`` () =
    let episodes = Episodes.sample labels 5 3 4 20 7
    Assert.Equal(20, episodes.Length)
    for e in episodes do
        Assert.Equal(15, e.Support.Length)
        Assert.Equal(15, e.SupportLabels.Length)
        Assert.Equal(20, e.Query.Length)
        Assert.Equal(20, e.QueryLabels.Length)
        Assert.Equal(5, e.Ways)
        // Grouped by label in draw order: shots (then queries) per class, labels 0..ways-1.
        Assert.Equal<int[]>(Array.init 15 (fun i -> i / 3), e.SupportLabels)
        Assert.Equal<int[]>(Array.init 20 (fun i -> i / 4), e.QueryLabels)

[<Fact>]
let ``support and query never overlap and rows are distinct`` () =
    for e in Episodes.sample labels 10 5 25 50 3 do
        let all = Array.concat [ e.Support; e.Query ]
        Assert.Equal(all.Length, (Array.distinct all).Length)
        Assert.Empty(Set.intersect (Set.ofArray e.Support) (Set.ofArray e.Query))

[<Fact>]
let ``episode labels map consistently onto the true classes`` () =
    for e in Episodes.sample labels 4 2 3 30 11 do
        let rows, local = Array.concat [ e.Support; e.Query ], Array.concat [ e.SupportLabels; e.QueryLabels ]
        let pairs = Array.map2 (fun (r: int64) l -> labels[int r], l) rows local |> Array.distinct
        // One true class per local label and one local label per true class: a bijection onto 0..ways-1.
        Assert.Equal(4, pairs.Length)
        Assert.Equal(4, (pairs |> Array.map fst |> Array.distinct).Length)
        Assert.Equal<int[]>([| 0; 1; 2; 3 |], pairs |> Array.map snd |> Array.distinct |> Array.sort)

[<Fact>]
let ``the same seed gives the same episodes and other seeds differ`` () =
    let a = flatten (Episodes.sample labels 5 1 15 10 42)
    let b = flatten (Episodes.sample labels 5 1 15 10 42)
    let c = flatten (Episodes.sample labels 5 1 15 10 43)
    Assert.Equal<(int64[] * int[])[]>(a, b)
    Assert.NotEqual<(int64[] * int[])[]>(a, c)
    // Episodes within one run differ from each other as well.
    Assert.True((Array.distinct (Array.map fst a)).Length > 1)

[<Fact>]
let ``class draws cover every class and stay uniform`` () =
    // 2000 one-way episodes over 10 classes: each class is drawn ~200 times (binomial sd ≈ 13.4).
    let counts = Array.zeroCreate 10
    for e in Episodes.sample labels 1 1 1 2000 5 do
        let c = labels[int e.Support[0]]
        counts[c] <- counts[c] + 1
    for k in counts do
        Assert.InRange(k, 140, 260)

[<Fact>]
let ``a class subset restricts the draws`` () =
    let subset = [| 7; 2; 9 |]
    for e in Episodes.sampleFrom labels subset 3 2 2 10 1 do
        for r in Array.concat [ e.Support; e.Query ] do
            Assert.Contains(labels[int r], subset)
    // Only the set matters, not the order it was given in.
    Assert.Equal<(int64[] * int[])[]>(
        flatten (Episodes.sampleFrom labels subset 2 2 2 5 9),
        flatten (Episodes.sampleFrom labels [| 9; 2; 7 |] 2 2 2 5 9))

[<Fact>]
let ``a class too small for shots plus queries is named with its count`` () =
    // Class 3 keeps only 4 of its rows.
    let thin = labels |> Array.mapi (fun r l -> if l = 3 && r >= 40 then 0 else l)
    throwsWith<ArgumentException> [ "Class 3 has 4 examples"; "need 6" ] (fun () -> Episodes.sample thin 2 1 5 3 0 |> ignore)
    // Not drawing from it is fine.
    Assert.Equal(3, (Episodes.sampleFrom thin [| 0; 1 |] 2 1 5 3 0).Length)
    throwsWith<ArgumentException> [ "Class 12 has 0 examples" ] (fun () -> Episodes.sampleFrom labels [| 1; 12 |] 2 1 1 1 0 |> ignore)

[<Fact>]
let ``bad sizes are rejected`` () =
    throwsWith<ArgumentException> [ "ways (11) exceeds the number of classes (10)" ] (fun () -> Episodes.sample labels 11 1 1 1 0 |> ignore)
    throwsWith<ArgumentException> [ "shots" ] (fun () -> Episodes.sample labels 5 0 1 1 0 |> ignore)
    throwsWith<ArgumentException> [ "queries" ] (fun () -> Episodes.sample labels 5 1 0 1 0 |> ignore)
    throwsWith<ArgumentException> [ "ways" ] (fun () -> Episodes.sample labels 0 1 1 1 0 |> ignore)
    throwsWith<ArgumentException> [ "count" ] (fun () -> Episodes.sample labels 5 1 1 -1 0 |> ignore)
    throwsWith<ArgumentException> [ "Class 2 is listed more than once" ] (fun () -> Episodes.sampleFrom labels [| 2; 2 |] 2 1 1 1 0 |> ignore)
    Assert.Empty(Episodes.sample labels 5 1 1 0 0)
