/// Principal component analysis down to two dimensions, for plotting embeddings.
module Schane.Experiments.Pca

open System
open System.Numerics

/// <summary>
/// The projection of rows onto their top two principal components. Each component is a unit vector whose
/// largest-magnitude loading is positive (the first such loading on ties), so the picture does not flip between runs.
/// For one-dimensional data the second component is the zero vector and every second coordinate is 0.
/// </summary>
type Projection2d =
    { /// (PC1, PC2) coordinates of each centred row, in input order.
      Points: (float * float)[]
      /// The column means subtracted before projecting.
      Mean: float[]
      /// The two components, each of the data's dimension.
      Components: float[][]
      /// Variance (divisor N − 1, or 1 for a single row) along each component: the top two covariance eigenvalues.
      Variances: float[]
      /// Total variance (trace of the covariance), to report the share the two components explain.
      TotalVariance: float }

let private dot (a: float[]) (b: float[]) =
    let mutable s = 0.0
    for i in 0 .. a.Length - 1 do
        s <- s + a[i] * b[i]
    s

// y[offset + j] += a · x[j] for j in start .. x.Length − 1 (SIMD: the covariance is the hot loop).
let private axpy (a: float) (x: float[]) (start: int) (y: float[]) (offset: int) =
    let width = Vector<float>.Count
    let mutable j = start
    while j + width <= x.Length do
        (Vector<float>(y, offset + j) + Vector<float>(x, j) * a).CopyTo(y, offset + j)
        j <- j + width
    while j < x.Length do
        y[offset + j] <- y[offset + j] + a * x[j]
        j <- j + 1

// Full symmetric d × d covariance (row-major) of the centred rows.
let private covariance (data: float[][]) (mean: float[]) : float[] =
    let d = mean.Length
    let c = Array.zeroCreate (d * d)
    let centred = Array.zeroCreate d
    for row in data do
        for j in 0 .. d - 1 do
            centred[j] <- row[j] - mean[j]
        for i in 0 .. d - 1 do
            if centred[i] <> 0.0 then axpy centred[i] centred i c (i * d)
    let scale = 1.0 / float (max 1 (data.Length - 1))
    for i in 0 .. d - 1 do
        for j in i .. d - 1 do
            let v = c[i * d + j] * scale
            c[i * d + j] <- v
            c[j * d + i] <- v
    c

/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: eigenvalues descending, with the
/// eigenvectors as the columns of the returned matrix.
let internal jacobiEigen (matrix: float[,]) : float[] * float[,] =
    let n = Array2D.length1 matrix
    let a = Array2D.copy matrix
    let v = Array2D.init n n (fun i j -> if i = j then 1.0 else 0.0)
    let offDiagonal () =
        let mutable s = 0.0
        for p in 0 .. n - 1 do
            for q in p + 1 .. n - 1 do
                s <- s + a[p, q] * a[p, q]
        s
    let mutable sweep = 0
    while sweep < 100 && offDiagonal () > 0.0 do
        for p in 0 .. n - 1 do
            for q in p + 1 .. n - 1 do
                if a[p, q] <> 0.0 then
                    // Rotation that zeroes a[p, q]: t = tan φ is the smaller root of t² + 2θt − 1 = 0.
                    let theta = (a[q, q] - a[p, p]) / (2.0 * a[p, q])
                    let t = (if theta >= 0.0 then 1.0 else -1.0) / (Math.Abs theta + Math.Sqrt(theta * theta + 1.0))
                    let c = 1.0 / Math.Sqrt(t * t + 1.0)
                    let s = t * c
                    for k in 0 .. n - 1 do
                        let akp, akq = a[k, p], a[k, q]
                        a[k, p] <- c * akp - s * akq
                        a[k, q] <- s * akp + c * akq
                    for k in 0 .. n - 1 do
                        let apk, aqk = a[p, k], a[q, k]
                        a[p, k] <- c * apk - s * aqk
                        a[q, k] <- s * apk + c * aqk
                    for k in 0 .. n - 1 do
                        let vkp, vkq = v[k, p], v[k, q]
                        v[k, p] <- c * vkp - s * vkq
                        v[k, q] <- s * vkp + c * vkq
        sweep <- sweep + 1
    let order = Array.init n id |> Array.sortBy (fun i -> -a[i, i])
    Array.map (fun i -> a[i, i]) order, Array2D.init n n (fun r c -> v[r, order[c]])

// Orthonormalises the vectors in place (modified Gram-Schmidt, two passes). A vector that vanishes against the
// earlier ones (rank-deficient data) is replaced by a fresh random direction, so the basis stays full.
let private orthonormalize (random: Random) (vectors: float[][]) =
    for j in 0 .. vectors.Length - 1 do
        let mutable fin = false
        while not fin do
            let w = vectors[j]
            let before = Math.Sqrt(dot w w)
            for _ in 1 .. 2 do
                for i in 0 .. j - 1 do
                    axpy (-(dot vectors[i] w)) vectors[i] 0 w 0
            let norm = Math.Sqrt(dot w w)
            if norm > 1e-10 * before && norm > 0.0 then
                for i in 0 .. w.Length - 1 do
                    w[i] <- w[i] / norm
                fin <- true
            else
                for i in 0 .. w.Length - 1 do
                    w[i] <- random.NextDouble() - 0.5

// Top eigenpairs of the symmetric d × d matrix by subspace iteration on a block of up to 8 vectors with a
// Rayleigh-Ritz step each round; stops when the wanted Ritz pairs' residuals are at rounding level.
let private topEigen (c: float[]) (d: int) (wanted: int) : float[] * float[][] =
    let k = min d 8
    let random = Random(20240531)
    let basis = Array.init k (fun _ -> Array.init d (fun _ -> random.NextDouble() - 0.5))
    orthonormalize random basis
    let multiply (x: float[]) =
        let y = Array.zeroCreate d
        for i in 0 .. d - 1 do
            let mutable s = 0.0
            let off = i * d
            for j in 0 .. d - 1 do
                s <- s + c[off + j] * x[j]
            y[i] <- s
        y
    let combine (vectors: float[][]) (q: float[,]) =
        Array.init k (fun col ->
            let out = Array.zeroCreate d
            for r in 0 .. k - 1 do
                axpy q[r, col] vectors[r] 0 out 0
            out)
    let mutable result = ([||], [||])
    let mutable iteration = 0
    let mutable fin = false
    while not fin do
        let images = Array.map multiply basis
        let small = Array2D.init k k (fun i j -> 0.5 * (dot basis[i] images[j] + dot basis[j] images[i]))
        let values, q = jacobiEigen small
        let ritz = combine basis q
        let ritzImages = combine images q
        let scale = Math.Max(Math.Abs values[0], Double.Epsilon)
        let converged =
            Seq.forall (fun j ->
                let r = Array.map2 (fun (cx: float) (x: float) -> cx - values[j] * x) ritzImages[j] ritz[j]
                Math.Sqrt(dot r r) <= 1e-11 * scale) (seq { 0 .. wanted - 1 })
        iteration <- iteration + 1
        if converged || iteration >= 1000 || k = d && iteration >= 2 then
            result <- (Array.sub values 0 wanted, Array.sub ritz 0 wanted)
            fin <- true
        else
            orthonormalize random ritzImages
            Array.blit ritzImages 0 basis 0 k
    result

// Makes the largest-magnitude loading positive. Loadings within rounding of the largest count as ties and the
// first of them decides, so (1, −1)/√2 keeps its sign whatever the last bits say.
let private orient (v: float[]) =
    let largest = v |> Array.map Math.Abs |> Array.max
    let first = v |> Array.findIndex (fun x -> Math.Abs x >= largest * (1.0 - 1e-9))
    if v[first] < 0.0 then Array.map (fun x -> -x) v else v

/// <summary>
/// Centres the rows and projects them onto their top two principal components (the covariance's leading
/// eigenvectors, found by subspace iteration with Rayleigh-Ritz; deterministic). Throws
/// <see cref="T:System.ArgumentException"/> for no rows, rows of different lengths, empty rows or non-finite values.
/// </summary>
let fit2d (data: float[][]) : Projection2d =
    if isNull (box data) then nullArg (nameof data)
    if data.Length = 0 then invalidArg (nameof data) "PCA needs at least one row."
    let d = data[0].Length
    if d = 0 then invalidArg (nameof data) "PCA needs at least one column."
    data |> Array.iteri (fun r row ->
        if row.Length <> d then invalidArg (nameof data) $"Row {r} has {row.Length} values; row 0 has {d}."
        row |> Array.iteri (fun j x ->
            if not (Double.IsFinite x) then invalidArg (nameof data) $"Row {r}, column {j} is {x}."))
    let n = float data.Length
    let mean = Array.init d (fun j -> (data |> Array.sumBy (fun row -> row[j])) / n)
    let c = covariance data mean
    let wanted = min d 2
    let values, vectors = topEigen c d wanted
    let components =
        Array.init 2 (fun i -> if i < wanted then orient vectors[i] else Array.zeroCreate d)
    let variances = Array.init 2 (fun i -> if i < wanted then Math.Max(values[i], 0.0) else 0.0)
    let centred = Array.zeroCreate d
    let points =
        data |> Array.map (fun row ->
            for j in 0 .. d - 1 do
                centred[j] <- row[j] - mean[j]
            dot centred components[0], dot centred components[1])
    { Points = points
      Mean = mean
      Components = components
      Variances = variances
      TotalVariance = Seq.sum (seq { for i in 0 .. d - 1 -> c[i * d + i] }) }

/// <summary>(PC1, PC2) coordinates of each row; see <see cref="M:Schane.Experiments.Pca.fit2d(System.Double[][])"/>.</summary>
let project2d (data: float[][]) : (float * float)[] = (fit2d data).Points
