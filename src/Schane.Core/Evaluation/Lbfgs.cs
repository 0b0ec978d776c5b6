using static Schane.Core.Evaluation.DenseMath;

namespace Schane.Core.Evaluation;

/// <summary>
/// Limited-memory BFGS for small smooth problems on managed doubles: the two-loop recursion with scipy's history of
/// 10 pairs and a strong-Wolfe line search (Nocedal &amp; Wright, algorithms 3.5 and 3.6, with cubic interpolation as
/// in torch.optim.LBFGS's _strong_wolfe). Stops like scipy's L-BFGS-B (which scikit-learn's lbfgs solver calls) on the
/// gradient or on a relative reduction of f below 64 ε, and otherwise after <c>maxIterations</c>.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Writes ∇f(x) into <c>gradient</c> and returns f(x).</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>How the minimisation ended.</summary>
    /// <param name="Iterations">L-BFGS iterations taken (scipy's nit).</param>
    /// <param name="Converged">The gradient or the relative-reduction criterion was met (scipy's success).</param>
    /// <param name="Value">f at the returned point.</param>
    /// <param name="GradientNorm">‖∇f‖₂ at the returned point.</param>
    public readonly record struct Result(int Iterations, bool Converged, double Value, double GradientNorm);

    private const double C1 = 1e-4, C2 = 0.9;
    private const int MaxLineSearchEvaluations = 50; // scipy's maxls, which scikit-learn sets to 50 as well
    private const double MachineEpsilon = 2.220446049250313e-16;
    private const double RelativeReduction = 64 * MachineEpsilon; // scikit-learn's ftol for lbfgs

    /// <summary>
    /// Minimises <paramref name="f"/> from <paramref name="x"/> (overwritten with the minimiser): stops when
    /// ‖∇f‖₂ ≤ <paramref name="gradientTolerance"/>, on a relative reduction of f below 64 ε, or after
    /// <paramref name="maxIterations"/>, keeping <paramref name="history"/> curvature pairs.
    /// </summary>
    public static Result Minimize(Objective f, Span<double> x, int maxIterations, double gradientTolerance, int history = 10)
    {
        var n = x.Length;
        var g = new double[n];
        var value = f(x, g);
        var gradientNorm = Norm(g);
        if (gradientNorm <= gradientTolerance) return new Result(0, true, value, gradientNorm);

        var s = new double[history][];
        var y = new double[history][];
        var rho = new double[history];
        for (var i = 0; i < history; i++) (s[i], y[i]) = (new double[n], new double[n]);
        var alpha = new double[history];
        int stored = 0, newest = -1;

        var direction = new double[n];
        var trial = new LineSearch(f, n);
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            double step;
            if (stored == 0)
            {
                for (var i = 0; i < n; i++) direction[i] = -g[i];
                step = Math.Min(1.0, 1.0 / gradientNorm); // scipy's first step: a unit move along −∇f
            }
            else
            {
                TwoLoop(g, s, y, rho, alpha, stored, newest, direction);
                step = 1.0;
            }
            var slope = Dot(g, direction);
            if (!(slope < 0))
            {
                // Not a descent direction (curvature pairs gone stale): restart from steepest descent.
                stored = 0;
                for (var i = 0; i < n; i++) direction[i] = -g[i];
                slope = -gradientNorm * gradientNorm;
                step = Math.Min(1.0, 1.0 / gradientNorm);
            }

            if (!trial.Search(x, value, g, direction, slope, step))
                return new Result(iteration - 1, false, value, gradientNorm);

            var slot = (newest + 1) % history;
            var sy = 0.0;
            var yy = 0.0;
            for (var i = 0; i < n; i++)
            {
                var si = trial.X[i] - x[i];
                var yi = trial.G[i] - g[i];
                s[slot][i] = si;
                y[slot][i] = yi;
                sy += si * yi;
                yy += yi * yi;
            }
            // Keep the pair only when it carries positive curvature (scipy's test), so the inverse Hessian stays positive definite.
            if (sy > MachineEpsilon * yy)
            {
                rho[slot] = 1 / sy;
                newest = slot;
                stored = Math.Min(stored + 1, history);
            }

            var previous = value;
            trial.X.CopyTo(x);
            trial.G.CopyTo(g, 0);
            value = trial.Value;
            gradientNorm = Norm(g);
            if (gradientNorm <= gradientTolerance) return new Result(iteration, true, value, gradientNorm);
            if (previous - value <= RelativeReduction * Math.Max(Math.Max(Math.Abs(previous), Math.Abs(value)), 1))
                return new Result(iteration, true, value, gradientNorm);
        }
        return new Result(maxIterations, false, value, gradientNorm);
    }

    /// <summary>direction = −H·g with H the L-BFGS inverse-Hessian estimate.</summary>
    private static void TwoLoop(double[] g, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest,
        double[] direction)
    {
        var history = s.Length;
        var q = direction;
        g.CopyTo(q, 0);
        for (var j = 0; j < stored; j++)
        {
            var i = (newest - j + history) % history;
            alpha[i] = rho[i] * Dot(s[i], q);
            Axpy(-alpha[i], y[i], q);
        }
        var gamma = Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]);
        for (var k = 0; k < q.Length; k++) q[k] *= gamma;
        for (var j = stored - 1; j >= 0; j--)
        {
            var i = (newest - j + history) % history;
            var beta = rho[i] * Dot(y[i], q);
            Axpy(alpha[i] - beta, s[i], q);
        }
        for (var k = 0; k < q.Length; k++) q[k] = -q[k];
    }

    /// <summary>Finds a step satisfying the strong Wolfe conditions; leaves that point in <see cref="X"/>, <see cref="G"/>, <see cref="Value"/>.</summary>
    private sealed class LineSearch(Objective f, int n)
    {
        public double[] X { get; } = new double[n];
        public double[] G { get; } = new double[n];
        public double Value { get; private set; }

        private double[] start = [];
        private double[] direction = [];
        private double evaluatedAt = double.NaN;
        private int evaluations;

        public bool Search(ReadOnlySpan<double> x, double f0, double[] g0, double[] d, double slope0, double step)
        {
            start = x.ToArray();
            direction = d;
            evaluations = 0;
            evaluatedAt = double.NaN;
            double previousStep = 0, previousValue = f0, previousSlope = slope0;
            while (evaluations < MaxLineSearchEvaluations)
            {
                var (value, slope) = Evaluate(step);
                if (value > f0 + C1 * step * slope0 || (evaluations > 1 && value >= previousValue))
                    return Zoom(f0, slope0, previousStep, previousValue, previousSlope, step, value, slope);
                if (Math.Abs(slope) <= -C2 * slope0) return true;
                if (slope >= 0)
                    return Zoom(f0, slope0, step, value, slope, previousStep, previousValue, previousSlope);
                (previousStep, previousValue, previousSlope) = (step, value, slope);
                step *= 2;
            }
            return false;
        }

        private bool Zoom(double f0, double slope0, double lo, double fLo, double dLo, double hi, double fHi, double dHi)
        {
            while (evaluations < MaxLineSearchEvaluations)
            {
                var step = CubicMinimum(lo, fLo, dLo, hi, fHi, dHi);
                var (value, slope) = Evaluate(step);
                if (value > f0 + C1 * step * slope0 || value >= fLo)
                    (hi, fHi, dHi) = (step, value, slope);
                else
                {
                    if (Math.Abs(slope) <= -C2 * slope0) return true;
                    if (slope * (hi - lo) >= 0) (hi, fHi, dHi) = (lo, fLo, dLo);
                    (lo, fLo, dLo) = (step, value, slope);
                }
                if (Math.Abs(hi - lo) <= MachineEpsilon * Math.Max(Math.Abs(lo), Math.Abs(hi))) break;
            }
            // Out of evaluations or the bracket collapsed: accept the best point found if it decreased f (scipy would
            // report an abnormal line search; its iterate is the same best point).
            if (lo > 0 && fLo < f0)
            {
                if (evaluatedAt != lo) Evaluate(lo);
                return true;
            }
            return false;
        }

        /// <summary>Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside the bracket; bisection when the cubic has none.</summary>
        private static double CubicMinimum(double a, double fa, double da, double b, double fb, double db)
        {
            var (low, high) = a < b ? (a, b) : (b, a);
            var d1 = da + db - 3 * (fa - fb) / (a - b);
            var square = d1 * d1 - da * db;
            if (square >= 0)
            {
                var d2 = Math.Sign(b - a) * Math.Sqrt(square);
                var step = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
                var margin = 0.1 * (high - low);
                if (double.IsFinite(step) && step >= low + margin && step <= high - margin) return step;
            }
            return 0.5 * (low + high);
        }

        private (double Value, double Slope) Evaluate(double step)
        {
            evaluations++;
            for (var i = 0; i < X.Length; i++) X[i] = start[i] + step * direction[i];
            Value = f(X, G);
            evaluatedAt = step;
            var slope = Dot(G, direction);
            // A NaN/Inf value (overflow far along the line) counts as "too far": it fails the sufficient-decrease test.
            return double.IsFinite(Value) ? (Value, slope) : (double.PositiveInfinity, double.NaN);
        }
    }

    private static double Norm(double[] v) => Math.Sqrt(Dot(v, v));
}
