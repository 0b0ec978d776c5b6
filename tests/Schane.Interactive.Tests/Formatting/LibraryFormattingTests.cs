using Microsoft.FSharp.Core;
using Schane.Core.Evaluation;
using Schane.Experiments;
using Schane.Interactive.Formatting;

namespace Schane.Interactive.Tests.Formatting;

/// <summary>The types of Schane.Core and Schane.Experiments display through the formatters they carry.</summary>
public class LibraryFormattingTests
{
    private static readonly EmbeddingQuality Quality = new(0.5, -2.25, 0.75, double.NaN);

    private static Metrics SomeMetrics() =>
        new(0.8341, 0.97, 0.8, Quality,
            [new FewShotResult(5, 1, 15, Statistics.summarize([0.6, 0.7, 0.8])), new FewShotResult(5, 5, 15, Statistics.summarize([0.9]))], []);

    [Fact]
    public void TopKAccuracy_is_a_table_of_percentages()
    {
        var bundle = Formatter.Format(new TopKAccuracy(0.8341, 0.97, 10000));
        Assert.Equal(["text/html", "text/plain"], bundle.Keys);
        Assert.Contains("<tr><td>83.41%</td><td>97.00%</td><td>10,000</td></tr>", bundle["text/html"]);
        Assert.Equal("TopKAccuracy { Top1 = 0.8341, Top5 = 0.97, Count = 10000 }", bundle["text/plain"]);
    }

    [Fact]
    public void A_training_status_is_a_progress_bar_and_a_line()
    {
        var report = new Schane.Core.Training.StepReport(3, 10, 0, 2.5, 2.75, 0.25, 0.5, 0.001, 1.0, 120, TimeSpan.FromSeconds(7));
        var bundle = Formatter.Format(new Schane.Core.Notebooks.TrainingStatus(report, 5, "done"));
        Assert.Equal(["text/html", "text/plain"], bundle.Keys);
        Assert.StartsWith("<div><progress value=\"3\" max=\"5\"></progress> step 3/5, epoch 1", bundle["text/html"]);
        Assert.Contains("<i>done</i>", bundle["text/html"]);
        Assert.Equal("step 3/5 epoch 1 loss 2.5000 (contrastive 2.7500, CE 0.2500) acc 50.0% 120 img/s, 00:00:07 left — done", bundle["text/plain"]);
        Assert.Equal("training: starting", Formatter.Format(new Schane.Core.Notebooks.TrainingStatus(null, 5, "starting"))["text/plain"]);
    }

    [Fact]
    public void EmbeddingQuality_is_a_table_of_its_measures()
    {
        var html = Formatter.Format(Quality)["text/html"];
        Assert.Contains("<tr><td>alignment</td><td>0.5000</td>", html);
        Assert.Contains("<tr><td>uniformity</td><td>-2.2500</td>", html);
        Assert.Contains("<tr><td>inter-class cosine</td><td>n/a</td>", html);
    }

    [Fact]
    public void FewShotEpisode_lists_its_rows_per_class()
    {
        var episode = new FewShotEpisode([10, 11, 20, 21], [0, 0, 1, 1], [12, 22], [0, 1]);
        var html = Formatter.Format(episode)["text/html"];
        Assert.Contains("<caption>2-way episode: 4 support and 2 query examples</caption>", html);
        Assert.Contains("<tr><td>0</td><td>10, 11</td><td>12</td></tr>", html);
        Assert.Contains("<tr><td>1</td><td>20, 21</td><td>22</td></tr>", html);
    }

    [Fact]
    public void Metrics_show_means_with_their_interval()
    {
        var metrics = SomeMetrics();
        var html = Formatter.Format(metrics)["text/html"];
        Assert.Contains("<tr><td>top-1 (base classes, full test set)</td><td>83.41%</td></tr>", html);
        var ci = Statistics.summarize([0.6, 0.7, 0.8]);
        Assert.Contains(FormattableString.Invariant($"<td>{100 * ci.Mean:F2} ± {100 * ci.HalfWidth95:F2}</td>"), html);
        Assert.Contains("<td>90.00</td>", html); // a single value has no interval
        Assert.Contains("5-way 1-shot (novel classes, 3 episodes, 15 queries)", html);
        // The report's Markdown rows and the notebook's table are the same rows.
        Assert.Equal(RunReport.metricRows(metrics).Length, System.Text.RegularExpressions.Regex.Matches(html, "<tr><td>").Count);
    }

    [Fact]
    public void An_evaluation_draws_its_projections_inline()
    {
        var evaluation = new Evaluation(SomeMetrics(), [Tuple.Create(0.5, 1.0, 0), Tuple.Create(-1.0, 0.25, 1)], ["T-shirt", "Trouser & co"]);
        var html = Formatter.Format(evaluation)["text/html"];
        Assert.Contains("83.41%", html);
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<?xml", html); // only valid at the start of a document
        Assert.Contains("Trouser &amp; co", html);
    }

    [Fact]
    public void A_run_shows_what_ran_and_escapes_its_text()
    {
        var config = RunConfig.Default;
        config.Name = "run <1>";
        var run = new RunResult(config, "/tmp/runs/run", "/tmp/runs/run/model.pt", "ResNet <small>", "SCHaNe & CE", "cancelled",
            12, 3.4, 0, 120, [], FSharpOption<Metrics>.None);
        var html = Formatter.Format(run)["text/html"];
        Assert.Contains("<p>Run run &lt;1&gt;: SCHaNe &amp; CE on ResNet &lt;small&gt;; cancelled after 12 steps.</p>", html);
        Assert.Contains("<tr><td>epochs × batch</td><td>8 × 128</td></tr>", html);
        Assert.Contains("No evaluation", html);

        var evaluated = new RunResult(config, "d", "c", "m", "o", "completed", 1, 1, 1, 1, [], FSharpOption<Metrics>.Some(SomeMetrics()));
        Assert.Contains("83.41%", Formatter.Format(evaluated)["text/html"]);
    }

    [Fact]
    public void A_comparison_has_a_methods_table_and_paired_differences()
    {
        Statistics.Summary Summary(params double[] values) => Statistics.summarize(values);
        var comparison = new Comparison.ComparisonResult(
            "/tmp/cmp", [1, 2, 3], ["top-1", "5-way 1-shot"], [],
            [
                new Comparison.MethodSummary("ce", "CE", [Summary(0.80, 0.81, 0.82), Summary(0.6, 0.61, 0.62)]),
                new Comparison.MethodSummary("schane", "SCHaNe <β=1> & CE", [Summary(0.83, 0.84, 0.85), Summary(0.65, 0.66, 0.67)]),
            ],
            [
                new Comparison.PairedRow("schane", "ce", "top-1", Statistics.paired([0.83, 0.84, 0.86], [0.80, 0.81, 0.82])),
                new Comparison.PairedRow("schane", "ce", "5-way 1-shot", Statistics.paired([0.65, 0.66, 0.68], [0.6, 0.61, 0.62])),
            ],
            false);
        var bundle = Formatter.Format(comparison);
        Assert.Equal(["text/html", "text/plain"], bundle.Keys);
        var html = bundle["text/html"];
        Assert.Contains("<td>SCHaNe &lt;β=1&gt; &amp; CE</td>", html);
        Assert.Contains("<td>81.00 ± 2.48</td>", html); // t(0.975, 2) = 4.303 × 0.01 / √3 = 2.48 points
        Assert.Contains("Paired differences against ce", html);
        // Differences 3, 3, 4 points: mean 3.33, t = 10 with 2 degrees of freedom, p = 0.0099.
        Assert.Contains("<tr><td>schane</td><td>3.33 ± 1.43 (p = 0.010)</td>", html);
        Assert.Contains("Incomplete", html);
        Assert.DoesNotContain("against supcon", html);
    }

    [Fact]
    public void Charts_are_svg_images_with_their_title_as_text()
    {
        var series = new[] { Tuple.Create("loss", new[] { Tuple.Create(1.0, 2.0), Tuple.Create(2.0, 1.5) }) };
        var chart = Chart.line("Loss <per step>", "step", "loss", series);
        Assert.Equal(Chart.line("Loss <per step>", "step", "loss", series).Svg, chart.Svg); // the same data, the same document
        var bundle = Formatter.Format(chart);
        Assert.Equal(["image/svg+xml", "image/png", "text/plain"], bundle.Keys);
        Assert.Equal(chart.Svg, bundle["image/svg+xml"]);
        Assert.Equal(chart.Png, Convert.FromBase64String(bundle["image/png"]));   // the same plot, base64 as Jupyter stores it
        Assert.Equal("SVG image: Loss <per step>", bundle["text/plain"]);

        var bars = Chart.errorBars("Accuracy", "%", [Tuple.Create("CE", 81.0, 0.5)]);
        Assert.Contains("<title>Accuracy</title>", Formatter.Format(bars)["image/svg+xml"]);
        var scatter = Chart.scatter("PCA", "PC 1", "PC 2", [Tuple.Create(0.0, 1.0, 0)], ["only"]);
        Assert.Contains("only", Formatter.Format(scatter)["image/svg+xml"]);
        Assert.True(scatter.HasPng); // a chart also renders as PNG (scatter.Png, scatter.SavePng)
        var text = Formatter.Format(new SvgImage("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
        Assert.Equal(["image/svg+xml", "text/plain"], text.Keys);   // SVG text has no PNG form
        Assert.Equal("SVG image", text["text/plain"]);
    }
}
