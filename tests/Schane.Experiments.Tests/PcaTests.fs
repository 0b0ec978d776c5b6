module Schane.Experiments.Tests.PcaTests

open System
open Xunit
open Schane.Experiments
open Schane.Experiments.Tests.Assertions

let private nearArray tolerance (expected: float[]) (actual: float[]) =
    Assert.Equal(expected.Length, actual.Length)
    Array.iter2 (near tolerance) expected actual

let private nearPoints tolerance (expected: (float * float)[]) (actual: (float * float)[]) =
    Assert.Equal(expected.Length, actual.Length)
    Array.iter2 (fun (ex, ey) (ax, ay) -> near tolerance ex ax; near tolerance ey ay) expected actual

// Sample covariance computed the plain way, independent of the library's SIMD path.
let private covariance (data: float[][]) =
    let n, d = data.Length, data[0].Length
    let mean = Array.init d (fun j -> data |> Array.averageBy (fun r -> r[j]))
    Array2D.init d d (fun i j -> (data |> Array.sumBy (fun r -> (r[i] - mean[i]) * (r[j] - mean[j]))) / float (n - 1))

[<Fact>]
let ``hand-computed two-dimensional case`` () =
    // (3, 3), (−3, −3), (1, −1), (−1, 1): mean 0, covariance [[20/3, 16/3], [16/3, 20/3]], eigenvectors
    // (1, 1)/√2 with variance 12 and (1, −1)/√2 with variance 4/3; coordinates 3√2 and √2 along them.
    let fit = Pca.fit2d [| [| 3.0; 3.0 |]; [| -3.0; -3.0 |]; [| 1.0; -1.0 |]; [| -1.0; 1.0 |] |]
    let r2 = Math.Sqrt 2.0
    nearPoints 1e-12 [| 3.0 * r2, 0.0; -3.0 * r2, 0.0; 0.0, r2; 0.0, -r2 |] fit.Points
    nearArray 1e-12 [| 1.0 / r2; 1.0 / r2 |] fit.Components[0]
    // Equal magnitudes: the first loading decides the sign.
    nearArray 1e-12 [| 1.0 / r2; -1.0 / r2 |] fit.Components[1]
    nearArray 1e-12 [| 12.0; 4.0 / 3.0 |] fit.Variances
    near 1e-12 (40.0 / 3.0) fit.TotalVariance

[<Fact>]
let ``data along a known axis project onto it`` () =
    // Rows = offset + t·u + s·w with orthonormal u = (1, 2, 2)/3, w = (2, 1, −2)/3 and Σ t·s = 0, so PC1 = u,
    // PC2 = w and the coordinates are exactly (t − mean t, s − mean s).
    let u = [| 1.0; 2.0; 2.0 |] |> Array.map (fun x -> x / 3.0)
    let w = [| 2.0; 1.0; -2.0 |] |> Array.map (fun x -> x / 3.0)
    let offset = [| 10.0; -5.0; 2.0 |]
    let ts = [| -3.0; -1.0; 1.0; 3.0 |]
    let ss = [| 0.1; -0.1; -0.1; 0.1 |]
    let data = Array.map2 (fun t s -> Array.init 3 (fun j -> offset[j] + t * u[j] + s * w[j])) ts ss
    let fit = Pca.fit2d data
    nearArray 1e-12 offset fit.Mean
    nearArray 1e-10 u fit.Components[0]
    nearArray 1e-10 w fit.Components[1]
    nearPoints 1e-10 (Array.zip ts ss) fit.Points
    // Negated data: same axes (the sign convention), negated coordinates.
    let flipped = Pca.fit2d (data |> Array.map (Array.map (fun x -> -x)))
    nearArray 1e-10 u flipped.Components[0]
    nearPoints 1e-10 (Array.zip (Array.map (~-) ts) (Array.map (~-) ss)) flipped.Points

[<Fact>]
let ``jacobi reconstructs a symmetric matrix`` () =
    let random = Random(3)
    let n = 7
    let m = Array2D.zeroCreate n n
    for i in 0 .. n - 1 do
        for j in i .. n - 1 do
            let v = random.NextDouble() - 0.5
            m[i, j] <- v
            m[j, i] <- v
    let values, vectors = Pca.jacobiEigen m
    Assert.True(Array.pairwise values |> Array.forall (fun (a, b) -> a >= b))
    for i in 0 .. n - 1 do
        for j in 0 .. n - 1 do
            near 1e-12 m[i, j] (Seq.sum (seq { for k in 0 .. n - 1 -> vectors[i, k] * values[k] * vectors[j, k] }))
            near 1e-12 (if i = j then 1.0 else 0.0) (Seq.sum (seq { for k in 0 .. n - 1 -> vectors[k, i] * vectors[k, j] }))

[<Fact>]
let ``components are the covariance's top eigenvectors`` () =
    // d = 12 exceeds the 8-vector iteration block, so this checks the iterative path against a full decomposition.
    let random = Random(5)
    let data = Array.init 200 (fun _ -> Array.init 12 (fun j -> (random.NextDouble() - 0.5) * (12.0 - float j)))
    let fit = Pca.fit2d data
    let c = covariance data
    let values, vectors = Pca.jacobiEigen c
    nearArray 1e-9 values[0..1] fit.Variances
    for k in 0 .. 1 do
        let v = fit.Components[k]
        let cv = Array.init 12 (fun i -> Seq.sum (seq { for j in 0 .. 11 -> c[i, j] * v[j] }))
        nearArray 1e-9 (Array.map ((*) values[k]) v) cv
        near 1e-9 1.0 (Math.Abs(Seq.sum (seq { for i in 0 .. 11 -> vectors[i, k] * v[i] })))
    near 1e-9 (Seq.sum values) fit.TotalVariance

[<Fact>]
let ``three points in many dimensions keep their distances`` () =
    // Centred, three points span at most a plane, so the 2-D projection is an isometry (the rank-deficient path).
    let random = Random(9)
    let data = Array.init 3 (fun _ -> Array.init 50 (fun _ -> random.NextDouble()))
    let points = Pca.project2d data
    let distance (a: float[]) (b: float[]) = Math.Sqrt(Array.fold2 (fun s x y -> s + (x - y) * (x - y)) 0.0 a b)
    for i in 0 .. 2 do
        for j in 0 .. 2 do
            let (xi, yi), (xj, yj) = points[i], points[j]
            near 1e-10 (distance data[i] data[j]) (Math.Sqrt((xi - xj) ** 2.0 + (yi - yj) ** 2.0))

[<Fact>]
let ``degenerate inputs give finite coordinates`` () =
    nearPoints 0.0 [| -1.0, 0.0; 0.0, 0.0; 1.0, 0.0 |] (Pca.project2d [| [| 1.0 |]; [| 2.0 |]; [| 3.0 |] |])
    nearPoints 0.0 [| 0.0, 0.0; 0.0, 0.0 |] (Pca.project2d [| [| 4.0; 5.0; 6.0 |]; [| 4.0; 5.0; 6.0 |] |])
    nearPoints 0.0 [| 0.0, 0.0 |] (Pca.project2d [| [| 1.0; 2.0 |] |])

[<Fact>]
let ``bad inputs are rejected`` () =
    throwsWith<ArgumentException> [ "at least one row" ] (fun () -> Pca.project2d [||] |> ignore)
    throwsWith<ArgumentException> [ "Row 1 has 1 values; row 0 has 2" ] (fun () -> Pca.project2d [| [| 1.0; 2.0 |]; [| 1.0 |] |] |> ignore)
    throwsWith<ArgumentException> [ "Row 0, column 1 is NaN" ] (fun () -> Pca.project2d [| [| 1.0; nan |] |] |> ignore)
