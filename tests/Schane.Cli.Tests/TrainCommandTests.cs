using System.Diagnostics;
using System.Text.Json;

namespace Schane.Cli.Tests;

/// <summary>`schane train`, `eval` and `compare` end to end on small subsets of Fashion-MNIST.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>A run small enough for a test: 20 training and 30 test images per class, a 4-wide ResNet, 10 episodes.</summary>
    private string[] Small(string name, int epochs = 1) =>
    [
        "--runs-dir", dir.Path, "--name", name, "--train-per-class", "20", "--test-per-class", "30", "--width", "4",
        "--batch-size", "16", "--episodes", "10", "--epochs", epochs.ToString(),
    ];

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    // Each chart as well-formed SVG with its title, and as a PNG of the same size (PNG's header holds width and height).
    private static void AssertCharts(string folder, params string[] names)
    {
        foreach (var name in names)
        {
            var svg = System.Xml.Linq.XDocument.Load(Path.Combine(folder, name + ".svg")).Root!;
            Assert.NotEqual("", svg.Elements().First(e => e.Name.LocalName == "title").Value);
            var png = File.ReadAllBytes(Path.Combine(folder, name + ".png"));
            Assert.Equal("\u0089PNG", System.Text.Encoding.Latin1.GetString(png, 0, 4));
            Assert.Equal(int.Parse(svg.Attribute("width")!.Value), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(int.Parse(svg.Attribute("height")!.Value), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        }
    }

    [Fact]
    public void TrainWritesTheRunFolderAndEvalReproducesItsMetrics()
    {
        var run = Cli.Run(["train", .. Small("small")]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        // Where width 4 turns oneDNN off (an AVX-512 EPYC) and NNPACK cannot start, libtorch warned on every convolution.
        Assert.True(run.Stderr.Split('\n').Count(l => l.Contains("Could not initialize NNPACK")) <= 5, run.Stderr);
        var folder = Path.Combine(dir.Path, "small");
        Assert.Contains($"run folder: {folder}", run.Stdout);
        foreach (var file in new[] { "config.json", "metrics.json", "checkpoint.pt", "report.md" })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing");
        AssertCharts(folder, "loss", "accuracy", "fewshot", "embeddings");

        var metrics = Json(Path.Combine(folder, "metrics.json"));
        Assert.Equal("completed", metrics.GetProperty("outcome").GetString());
        Assert.Equal(6, metrics.GetProperty("steps").GetInt32()); // 100 images / 16 per batch
        var values = metrics.GetProperty("metrics");
        var fewShot = values.GetProperty("fewShot").EnumerateArray().ToArray();
        Assert.Equal([1, 5], fewShot.Select(f => f.GetProperty("shots").GetInt32()));
        Assert.All(fewShot, f => Assert.Equal(10, f.GetProperty("accuracy").GetProperty("n").GetInt32()));
        var report = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("5-way 5-shot", report);
        Assert.Contains("![few-shot accuracy](fewshot.svg)", report);

        // eval reads the run's config.json: same model, same data, same episodes → the same numbers.
        var eval = Cli.Run("eval", Path.Combine(folder, "checkpoint.pt"), "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var again = JsonDocument.Parse(eval.Stdout).RootElement;
        Assert.Equal(values.GetProperty("top1").GetDouble(), again.GetProperty("top1").GetDouble());
        Assert.Equal(values.GetProperty("knn").GetDouble(), again.GetProperty("knn").GetDouble());
        Assert.Equal(fewShot[1].GetProperty("accuracy").GetProperty("mean").GetDouble(),
            again.GetProperty("fewShot")[1].GetProperty("accuracy").GetProperty("mean").GetDouble());

        // --resume with more epochs continues the same run folder.
        var resumed = Cli.Run("train", "--resume", Path.Combine(folder, "checkpoint.pt"), "--epochs", "2");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(12, Json(Path.Combine(folder, "metrics.json")).GetProperty("steps").GetInt32());
        Assert.Equal(2, Json(Path.Combine(folder, "config.json")).GetProperty("epochs").GetInt32());
    }

    [Fact]
    public void CompareReportsMeansAndPairedDifferencesAcrossSeeds()
    {
        var run = Cli.Run(["compare", "--losses", "ce", "supcon", "schane", "--seeds", "0", "1", "--shots", "1", .. Small("cmp")]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var folder = Path.Combine(dir.Path, "cmp");
        var comparison = Json(Path.Combine(folder, "comparison.json"));
        Assert.True(comparison.GetProperty("complete").GetBoolean());
        Assert.Equal(6, comparison.GetProperty("runs").GetArrayLength());
        Assert.Equal(["top-1", "5-way 1-shot"], comparison.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()));
        var methods = comparison.GetProperty("methods").EnumerateArray().ToArray();
        Assert.Equal(["ce", "supcon", "schane"], methods.Select(m => m.GetProperty("loss").GetString()));
        Assert.All(methods, m => Assert.Equal(2, m.GetProperty("values")[0].GetProperty("n").GetInt32()));
        // Paired against CE: supcon and schane; against SupCon: ce and schane; two metrics each.
        var paired = comparison.GetProperty("paired").EnumerateArray().ToArray();
        Assert.Equal(8, paired.Length);
        // The paired mean difference is the difference of the per-seed values.
        var runs = comparison.GetProperty("runs").EnumerateArray().ToArray();
        double Top1(string loss, int seed) => runs.Single(r => r.GetProperty("config").GetProperty("loss").GetString() == loss &&
            r.GetProperty("config").GetProperty("seed").GetInt32() == seed).GetProperty("metrics").GetProperty("top1").GetDouble();
        var schaneVsCe = paired.Single(p => p.GetProperty("loss").GetString() == "schane" && p.GetProperty("baseline").GetString() == "ce" &&
            p.GetProperty("metric").GetString() == "top-1");
        Assert.Equal((Top1("schane", 0) - Top1("ce", 0) + Top1("schane", 1) - Top1("ce", 1)) / 2,
            schaneVsCe.GetProperty("difference").GetProperty("meanDifference").GetDouble(), 12);
        var markdown = File.ReadAllText(Path.Combine(folder, "comparison.md"));
        Assert.Contains("Paired differences against ce", markdown);
        Assert.Contains("Paired differences against supcon", markdown);
        AssertCharts(folder, "compare-top-1", "compare-5-way-1-shot");
        Assert.True(File.Exists(Path.Combine(folder, "schane-seed1", "report.md")));
    }

    // Ctrl-C in a terminal, and `kill` of a run started in the background (whose SIGINT a script's shell ignores).
    [Theory]
    [InlineData("INT", "Ctrl-C")]
    [InlineData("TERM", "SIGTERM")]
    public async Task AnInterruptSavesACheckpointAndTheRunResumes(string signal, string named)
    {
        using var process = Cli.Start(["train", .. Small("interrupted", epochs: 200)]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        Cli.WaitFor(process, [], "epoch 1/200");
        Cli.Signal(process, signal);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"train ran on for 3 minutes after SIG{signal}; stderr:\n{await stderr}");
        }
        var rest = await stderr;
        Assert.True(process.ExitCode == 130, rest);
        Assert.Contains($"schane: {named}: stopping at the next step", rest);
        Assert.Contains("checkpoint saved", rest);
        var folder = Path.Combine(dir.Path, "interrupted");
        var metrics = Json(Path.Combine(folder, "metrics.json"));
        Assert.Equal("cancelled", metrics.GetProperty("outcome").GetString());
        Assert.Contains("stopped before the end", File.ReadAllText(Path.Combine(folder, "report.md")));
        await stdout;

        var resumed = Cli.Run("train", "--resume", Path.Combine(folder, "checkpoint.pt"), "--epochs", "2", "--episodes", "5");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal("completed", Json(Path.Combine(folder, "metrics.json")).GetProperty("outcome").GetString());
    }

    [Fact]
    public void AFullDiskLeavesNoHalfWrittenCheckpoint()
    {
        var run = Cli.RunWithFileSizeLimit(64, ["train", .. Small("full")]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot write the checkpoint", run.Stderr);
        var folder = Path.Combine(dir.Path, "full");
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
        Assert.Equal(["config.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void BadInputIsNamed()
    {
        void Fails(string expected, params string[] args)
        {
            var run = Cli.Run(args);
            Assert.True(run.ExitCode != 0, $"{string.Join(' ', args)} succeeded");
            Assert.Contains(expected, run.Stderr);
        }
        Fails("dataset-fashion-mnist", ["train", .. Small("missing"), "--data-root", dir.File("nowhere")]);
        Fails("trainImages", ["train", .. Small("npy"), "--dataset", "npy"]);
        var config = dir.File("settings.json");
        File.WriteAllText(config, """{ "epochs": 1, "batchsize": 8 }""");
        Fails($"{config}: unknown setting 'batchsize' (did you mean 'batchSize'?)", ["train", "--config", config]);
        File.WriteAllText(config, """{ "epochs": "many" }""");
        Fails(config, ["train", "--config", config]);
        Fails("lambda = 2: expected in [0, 1]", ["train", .. Small("lambda"), "--lambda", "2"]);
        Fails("split", ["train", .. Small("split"), "--split", "0-4/4-9"]);
        var notAModule = dir.File("weights.pt");
        File.WriteAllText(notAModule, "not a TorchScript module");
        Fails("weights.pt", ["train", .. Small("script"), "--backbone", notAModule]);
        Fails("no such checkpoint", "eval", dir.File("none.pt"));
        Fails("config.json beside it", "train", "--resume", notAModule);
    }

    [Fact]
    public void NpyDatasetsTrainAndLabelsOutOfRangeAreRejected()
    {
        using var scope = NewDisposeScope();
        var random = new Random(3);
        Tensor Images(int n) => tensor(Enumerable.Range(0, n * 12 * 12).Select(_ => (byte)random.Next(256)).ToArray(), [n, 12, 12]);
        Tensor Labels(int n, int classes) => tensor(Enumerable.Range(0, n).Select(i => (long)(i % classes)).ToArray());
        Schane.Core.IO.Npy.Save(Images(80), dir.File("train-x.npy"));
        Schane.Core.IO.Npy.Save(Labels(80, 4), dir.File("train-y.npy"));
        Schane.Core.IO.Npy.Save(Images(80), dir.File("test-x.npy"));
        Schane.Core.IO.Npy.Save(Labels(80, 4), dir.File("test-y.npy"));
        string[] npy = ["--dataset", "npy", "--train-images", dir.File("train-x.npy"), "--train-labels", dir.File("train-y.npy"),
            "--test-images", dir.File("test-x.npy"), "--test-labels", dir.File("test-y.npy"), "--split", "0,1/2,3", "--ways", "2"];
        var run = Cli.Run(["train", .. Small("npy"), .. npy]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("2-way 5-shot", File.ReadAllText(Path.Combine(dir.Path, "npy", "report.md")));

        Schane.Core.IO.Npy.Save(Labels(80, 4) * 3, dir.File("test-y.npy"));
        var bad = Cli.Run(["train", .. Small("npy-bad"), .. npy]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("test-y.npy", bad.Stderr);
    }
}
