using TorchSharp;
using static TorchSharp.torch;
using static Schane.Core.Evaluation.DenseMath;

namespace Schane.Core.Evaluation;

/// <summary>
/// The few-shot linear probe of the official few-shot code (RFS, Tian et al. 2020, which SCHaNe's few-shot protocol
/// follows): scikit-learn's <c>LogisticRegression(penalty='l2', C=1.0, solver='lbfgs', max_iter=1000,
/// multi_class='multinomial')</c> fitted on the support set, after <c>sklearn.preprocessing.normalize</c> of the
/// support and query features. It minimises, over W [k, d] and an unpenalised intercept b [k],
/// (1/n)·Σᵢ CE(W xᵢ + b, yᵢ) + ‖W‖² / (2·C·n) — scikit-learn's scaling of Σᵢ CE + ‖W‖²/(2C), same minimiser — with the
/// softmax (multinomial) loss for every k ≥ 2, in double precision, starting from zero as scikit-learn does.
/// </summary>
/// <remarks>
/// <para>
/// Exactness, and why it is fast: at the optimum W = −C·Σᵢ (pᵢ − eᵢ)xᵢᵀ lies in the span of the support rows, so when
/// n &lt; d the probe solves the same problem in an orthonormal basis of that span (Gram–Schmidt, twice, on the rows).
/// The basis is an isometry, so objective, gradient norm and probabilities are those of the full problem, with
/// (n·k + k) unknowns instead of (d·k + k): a 5-way 5-shot episode at d = 512 has 130 unknowns.
/// </para>
/// <para>
/// Stopping: L-BFGS (10 pairs, strong-Wolfe line search) stops when the Euclidean norm of the gradient of the scaled
/// objective is at most <see cref="Tolerance"/> (which implies scipy's max-abs test at the same value), when f stops
/// decreasing by more than 64·ε relatively (scikit-learn's ftol), or after <see cref="MaxIterations"/>.
/// <see cref="Tolerance"/> defaults to 1e-8, far tighter than scikit-learn's tol = 1e-4: the curvature of the
/// objective can be as low as 1/(C·n), so a gradient of 1e-4 can leave the probabilities ~1e-3 from the optimum, while
/// 1e-8 keeps them within ~1e-7 of it for C up to 100 at a cost of a few more iterations (about 14 instead of 10 in a
/// 5-way 5-shot episode). This probe thus reports the optimum itself; its predictions differ from scikit-learn's only
/// where scikit-learn's early stop flips a near-tie. Set <see cref="Tolerance"/> to 1e-4 to stop where it would.
/// </para>
/// <para>
/// Labels may be any integers: like scikit-learn's <c>classes_</c>, the distinct support labels in ascending order are
/// the classes, and predictions are returned as those original labels. Fewer than two classes is an error (as it is
/// in scikit-learn).
/// </para>
/// </remarks>
public sealed record LogisticRegressionProbe
{
    /// <summary>Inverse regularisation strength (scikit-learn's C); the penalty is ‖W‖²/(2C). Default 1.0.</summary>
    public double C
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(C), value, "C must be positive and finite");
    } = 1.0;

    /// <summary>Most L-BFGS iterations (scikit-learn's max_iter; the official few-shot code sets 1000).</summary>
    public int MaxIterations
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxIterations), value, "must be at least 1");
    } = 1000;

    /// <summary>
    /// Stop when ‖∇f‖₂ of the scaled objective is at most this (scikit-learn's tol applies the same bound to the
    /// max-abs gradient; its default 1e-4 stops earlier). Default 1e-8.
    /// </summary>
    public double Tolerance
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Tolerance), value, "must be positive");
    } = 1e-8;

    /// <summary>
    /// L2-normalise every support and query row before fitting (sklearn.preprocessing.normalize; zero rows stay zero).
    /// Default true, as in the official few-shot code: the penalty then acts on one scale whatever the backbone's
    /// feature norms, so C = 1 means the same thing for every model being compared.
    /// </summary>
    public bool NormalizeFeatures { get; init; } = true;

    /// <summary>
    /// Fits on the support rows and predicts the query rows (LogisticRegression().fit(support, labels).predict(query)).
    /// </summary>
    /// <param name="support">Support features [n, d], floating point.</param>
    /// <param name="supportLabels">One label per support row; two distinct labels at least.</param>
    /// <param name="query">Query features [m, d].</param>
    /// <returns>The predicted label of each query row (one of the support labels).</returns>
    public int[] FitPredict(Tensor support, int[] supportLabels, Tensor query) =>
        Solve(support, supportLabels, query).Predictions();

    /// <summary>
    /// Fits on the support rows and returns the query class probabilities [m, k] (predict_proba); column c belongs to
    /// the c-th smallest distinct support label (scikit-learn's classes_).
    /// </summary>
    /// <param name="support">Support features [n, d], floating point.</param>
    /// <param name="supportLabels">One label per support row; two distinct labels at least.</param>
    /// <param name="query">Query features [m, d].</param>
    public double[,] PredictProbabilities(Tensor support, int[] supportLabels, Tensor query) =>
        Solve(support, supportLabels, query).Probabilities;

    /// <summary>What a fit produced: the classes (ascending), query probabilities [m, k] and how L-BFGS ended.</summary>
    internal sealed record Solution(int[] Classes, double[,] Probabilities, Lbfgs.Result Fit)
    {
        /// <summary>The most probable class of each query row (the first on ties, as numpy's argmax).</summary>
        public int[] Predictions()
        {
            var m = Probabilities.GetLength(0);
            var predictions = new int[m];
            for (var i = 0; i < m; i++)
            {
                var best = 0;
                for (var c = 1; c < Classes.Length; c++)
                    if (Probabilities[i, c] > Probabilities[i, best]) best = c;
                predictions[i] = Classes[best];
            }
            return predictions;
        }
    }

    internal Solution Solve(Tensor support, int[] supportLabels, Tensor query)
    {
        ArgumentNullException.ThrowIfNull(support);
        ArgumentNullException.ThrowIfNull(supportLabels);
        ArgumentNullException.ThrowIfNull(query);
        if (support.dim() != 2 || !is_floating_point(support.dtype))
            throw new ArgumentException($"support must be floating-point features [n, d]; got {support}", nameof(support));
        if (query.dim() != 2 || !is_floating_point(query.dtype))
            throw new ArgumentException($"query must be floating-point features [m, d]; got {query}", nameof(query));
        if (query.size(1) != support.size(1))
            throw new ArgumentException($"query rows have {query.size(1)} features, support rows {support.size(1)} " +
                $"(support [{string.Join(", ", support.shape)}], query [{string.Join(", ", query.shape)}])", nameof(query));
        if (supportLabels.Length != support.size(0))
            throw new ArgumentException($"{supportLabels.Length} support labels for {support.size(0)} support rows", nameof(supportLabels));
        var supportData = ToDoubles(support);
        var queryData = ToDoubles(query);
        return Solve(supportData, Enumerable.Range(0, supportLabels.Length).Select(i => (long)i).ToArray(), supportLabels,
            queryData, Enumerable.Range(0, (int)query.size(0)).Select(i => (long)i).ToArray(), (int)support.size(1));
    }

    /// <summary>The fit on rows of row-major [·, dim] arrays (no tensors): rows are indices into the arrays; validated by the caller.</summary>
    internal Solution Solve(double[] supportData, long[] supportRows, int[] supportLabels, double[] queryData, long[] queryRows, int dim)
    {
        var classes = supportLabels.Distinct().Order().ToArray();
        if (classes.Length < 2)
            throw new ArgumentException("logistic regression needs support rows of at least 2 classes; " +
                (classes.Length == 0 ? "there are none" : $"all {supportLabels.Length} have label {classes[0]}"), nameof(supportLabels));
        var k = classes.Length;
        var y = supportLabels.Select(l => Array.BinarySearch(classes, l)).ToArray();
        var n = supportRows.Length;
        var m = queryRows.Length;

        var xs = Gather(supportData, supportRows, dim, "support");
        var xq = Gather(queryData, queryRows, dim, "query");

        double[] features, queryFeatures;
        int r;
        if (n < dim)
        {
            (features, var basis, r) = OrthonormalCoordinates(xs, n, dim);
            queryFeatures = new double[m * r];
            for (var i = 0; i < m; i++)
            {
                var row = xq.AsSpan(i * dim, dim);
                for (var j = 0; j < r; j++) queryFeatures[i * r + j] = Dot(row, basis.AsSpan(j * dim, dim));
            }
        }
        else (features, queryFeatures, r) = (xs, xq, dim);

        var objective = new SoftmaxObjective(features, n, r, y, k, C);
        var theta = new double[k * r + k];
        var fit = Lbfgs.Minimize(objective.Evaluate, theta, MaxIterations, Tolerance);

        var probabilities = new double[m, k];
        var logits = new double[k];
        for (var i = 0; i < m; i++)
        {
            objective.Logits(theta, queryFeatures.AsSpan(i * r, r), logits);
            var lse = SoftmaxObjective.LogSumExp(logits);
            for (var c = 0; c < k; c++) probabilities[i, c] = Math.Exp(logits[c] - lse);
        }
        return new Solution(classes, probabilities, fit);
    }

    /// <summary>Copies the rows out (normalised when asked), rejecting NaN and Inf; <paramref name="argument"/> names the rows in errors.</summary>
    private double[] Gather(double[] data, long[] rows, int dim, string argument)
    {
        var result = new double[rows.Length * dim];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = result.AsSpan(i * dim, dim);
            data.AsSpan(checked((int)(rows[i] * dim)), dim).CopyTo(row);
            foreach (var v in row)
                if (!double.IsFinite(v))
                    throw new ArgumentException($"{argument} row {rows[i]} contains NaN or Inf", argument);
            if (NormalizeFeatures) NormalizeInPlace(row);
        }
        return result;
    }

    /// <summary>
    /// Coordinates L [n, r] of the rows x [n, d] in an orthonormal basis Q [r, d] of their span (x = L·Q), by modified
    /// Gram–Schmidt applied twice ("twice is enough"); rows already in the span (to 1e-10 relative) add no direction.
    /// </summary>
    private static (double[] Coordinates, double[] Basis, int Rank) OrthonormalCoordinates(double[] x, int n, int d)
    {
        var basis = new double[n * d];
        var coordinates = new double[n * n];
        var residual = new double[d];
        var r = 0;
        for (var i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            row.CopyTo(residual);
            for (var pass = 0; pass < 2; pass++)
                for (var j = 0; j < r; j++)
                {
                    var q = basis.AsSpan(j * d, d);
                    var c = Dot(q, residual);
                    Axpy(-c, q, residual);
                    coordinates[i * n + j] += c;
                }
            var norm = Math.Sqrt(Dot(residual, residual));
            if (norm > 1e-10 * Math.Sqrt(Dot(row, row)))
            {
                var q = basis.AsSpan(r * d, d);
                for (var t = 0; t < d; t++) q[t] = residual[t] / norm;
                coordinates[i * n + r] = norm;
                r++;
            }
        }
        // Repack the coordinates from stride n to stride r.
        var packed = new double[n * r];
        for (var i = 0; i < n; i++) coordinates.AsSpan(i * n, r).CopyTo(packed.AsSpan(i * r, r));
        return (packed, basis, r);
    }

    private static double[] ToDoubles(Tensor t)
    {
        return TensorData.ToArray<double>(t);
    }

    /// <summary>
    /// f(V, b) = (1/n)·Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ] + ‖V‖²/(2·C·n) with zᵢ = V·xᵢ + b, and its gradient;
    /// θ packs V [k, r] row-major, then b [k].
    /// </summary>
    private sealed class SoftmaxObjective(double[] x, int n, int r, int[] y, int k, double c)
    {
        private readonly double[] logits = new double[k];

        public void Logits(ReadOnlySpan<double> theta, ReadOnlySpan<double> row, Span<double> z)
        {
            for (var j = 0; j < k; j++) z[j] = Dot(row, theta.Slice(j * r, r)) + theta[k * r + j];
        }

        public static double LogSumExp(ReadOnlySpan<double> z)
        {
            var max = double.NegativeInfinity;
            foreach (var v in z) max = Math.Max(max, v);
            var sum = 0.0;
            foreach (var v in z) sum += Math.Exp(v - max);
            return max + Math.Log(sum);
        }

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            gradient.Clear();
            var loss = 0.0;
            for (var i = 0; i < n; i++)
            {
                var row = x.AsSpan(i * r, r);
                Logits(theta, row, logits);
                var lse = LogSumExp(logits);
                loss += lse - logits[y[i]];
                for (var j = 0; j < k; j++)
                {
                    var residual = (Math.Exp(logits[j] - lse) - (j == y[i] ? 1 : 0)) / n;
                    Axpy(residual, row, gradient.Slice(j * r, r));
                    gradient[k * r + j] += residual;
                }
            }
            var weights = theta[..(k * r)];
            var strength = 1 / (c * n);
            Axpy(strength, weights, gradient[..(k * r)]);
            return loss / n + 0.5 * strength * Dot(weights, weights);
        }
    }
}
