using System.Diagnostics;

namespace Schane.Cli.Bench;

/// <summary>Timing helpers shared by the benchmarks: warm up, then the median of repeated runs.</summary>
internal static class Measure
{
    /// <summary>Median milliseconds per call of <paramref name="action"/>, over <paramref name="repeats"/> runs of <paramref name="calls"/> calls.</summary>
    public static (double Median, double[] Samples) MillisecondsPerCall(Action action, int calls, int repeats, int warmup)
    {
        for (var i = 0; i < warmup; i++) action();
        var samples = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++) action();
            samples[r] = watch.Elapsed.TotalMilliseconds / calls;
        }
        return (Median(samples), samples);
    }

    public static double Median(IEnumerable<double> values) => Schane.Experiments.Statistics.median(values.ToArray());
}
