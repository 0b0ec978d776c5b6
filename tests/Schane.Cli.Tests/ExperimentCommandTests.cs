using System.Diagnostics;
using System.Text.Json;

namespace Schane.Cli.Tests;

/// <summary>
/// `schane experiment` end to end at a tiny budget (two seeds, a few steps): pre-training, every method and a β
/// ablation fine-tuned from it, few-shot fine-tuning, the report; a finished experiment is skipped, a row reruns from
/// its config, and `train --init` starts from a PyTorch state_dict.
/// </summary>
public sealed class ExperimentCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4); // per process: the test ends even if one hangs

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string[] Tiny(string name, int epochs = 1) =>
    [
        "experiment", "--name", name, "--results-dir", dir.File("results"), "--runs-dir", dir.File("runs"),
        "--seeds", "0", "1", "--betas", "0", "1", "--lambdas", "0.9", "--pretrain-epochs", "1", "--pretrain-per-class", "10",
        "--train-per-class", "10", "--test-per-class", "20", "--width", "4", "--batch-size", "16", "--epochs", $"{epochs}",
        "--episodes", "5", "--shots", "1", "--fine-tune-shots", "1", "5", "--fine-tune-steps", "2",
    ];

    // One libtorch thread: these tensors are tiny, and on a busy machine two spinning OpenMP threads made each run ~10× slower.
    private static Cli.Result Bounded(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Cli.Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"schane {string.Join(' ', args)} did not finish in {Patience}");
        }
        return new Cli.Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    [Fact]
    public void TheTinyExperimentRunsEndToEndResumesAndEachRowReruns()
    {
        var run = Bounded(Tiny("tiny"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        // Per seed: CE, SupCon, HCL, SCHaNe (β = 1, also the β curve's point) and SCHaNe at β = 0.
        Assert.Contains("10 of 10 runs finished (10 in this call)", run.Stdout);
        var results = dir.File("results/tiny");
        var report = File.ReadAllText(Path.Combine(results, "report.md"));
        foreach (var text in new[] { "**Complete**", "./schane experiment --name tiny", "## Pre-training", "| CE ", "| SupCon+CE ", "| HCL+CE ",
                     "| SCHaNe+CE ", "Paired differences against CE", "Paired differences against SupCon+CE", "## Ablation: β",
                     "1-shot fine-tuning", "5-shot fine-tuning", "## Reading", "[ce-seed1](runs/ce-seed1/config.json)",
                     "epochs 1 (default job: 8)", "TorchSharp (libtorch)" })
            Assert.Contains(text, report);
        foreach (var chart in new[] { "methods-0", "ablation-beta" })
        {
            System.Xml.Linq.XDocument.Load(Path.Combine(results, chart + ".svg"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(results, chart + ".png"))[..4]);
        }
        Assert.Equal(10, Directory.GetFiles(Path.Combine(results, "runs"), "result.json", SearchOption.AllDirectories).Length);
        // Checkpoints stay in --runs-dir, but for the pre-trained start, which is committed with the results.
        Assert.Equal([Path.Combine(results, "pretrain", "checkpoint.pt")], Directory.GetFiles(results, "*.pt", SearchOption.AllDirectories));

        var pretrain = Json(Path.Combine(results, "pretrain", "result.json"));
        Assert.Equal(6, pretrain.GetProperty("steps").GetInt32()); // 10 classes × 10 images / 16 per batch
        var cell = Json(Path.Combine(results, "runs", "ce-seed1", "result.json"));
        Assert.Equal(pretrain.GetProperty("sha256").GetString(), cell.GetProperty("startSha256").GetString());
        var fineTuned = cell.GetProperty("fineTuned").EnumerateArray().ToArray();
        Assert.Equal([1, 5], fineTuned.Select(f => f.GetProperty("shots").GetInt32()));
        Assert.Equal([5, 25], fineTuned.Select(f => f.GetProperty("images").GetInt32()));
        Assert.All(fineTuned, f => Assert.Equal(100, f.GetProperty("testImages").GetInt32()));
        Assert.All(fineTuned, f => Assert.InRange(f.GetProperty("top1").GetDouble(), 0, 1));

        // A row reruns from its config alone: the same start, seed and data give the same numbers.
        var again = Bounded("train", "--config", Path.Combine(results, "runs", "ce-seed1", "config.json"), "--name", "ce-seed1-again");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("started from the backbone of", again.Stdout);
        var rerun = Json(dir.File("runs/tiny/runs/ce-seed1-again/metrics.json")).GetProperty("metrics");
        Assert.Equal(cell.GetProperty("top1").GetDouble(), rerun.GetProperty("top1").GetDouble());
        Assert.Equal(fineTuned[1].GetProperty("top1").GetDouble(), rerun.GetProperty("fineTuned")[1].GetProperty("top1").GetDouble());

        // Finished runs are skipped, in a fresh clone too (no work folder: the committed start is restored, not
        // pre-trained again); changed settings under the same name are refused, naming the difference.
        var written = File.GetLastWriteTimeUtc(Path.Combine(results, "runs", "ce-seed1", "result.json"));
        Directory.Delete(dir.File("runs"), recursive: true);
        var resumed = Bounded(Tiny("tiny"));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("its checkpoint restored from", resumed.Stderr + resumed.Stdout);
        Assert.Equal(pretrain.GetProperty("sha256").GetString(), Json(Path.Combine(results, "pretrain", "result.json")).GetProperty("sha256").GetString());
        Assert.Contains("10 of 10 runs finished (0 in this call)", resumed.Stdout);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(results, "runs", "ce-seed1", "result.json")));
        var plan = Bounded([.. Tiny("tiny"), "--plan"]);
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        Assert.Equal(10, plan.Stdout.Split('\n').Count(l => l.EndsWith("(finished)")));
        Assert.Contains("10 fine-tuning runs after one pre-training", plan.Stdout);
        var changed = Bounded(Tiny("tiny", epochs: 2));
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("made with other settings (epochs is 1 there, 2 now)", changed.Stderr);
    }

    // The report links each row's config.json, and a later session resumes from the committed result.json files: git
    // must not ignore them (an unanchored `runs/` once did, and the per-run files of a whole session never landed),
    // while fine-tuning checkpoints under runs/ stay out.
    [Theory]
    [InlineData("results/two-stage/runs/ce-seed0/result.json", false)]
    [InlineData("results/two-stage/runs/ce-seed0/config.json", false)]
    [InlineData("results/two-stage/pretrain/checkpoint.pt", false)]
    [InlineData("runs/two-stage/runs/ce-seed0/checkpoint.pt", true)]
    public void GitKeepsTheResultsAndIgnoresTheCheckpoints(string path, bool ignored)
    {
        var info = new ProcessStartInfo("git", ["check-ignore", "--quiet", "--no-index", path])
        {
            WorkingDirectory = Repository.Root, RedirectStandardError = true,
        };
        using var git = Process.Start(info)!;
        var stderr = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode is 0 or 1, $"git check-ignore failed: {stderr}");
        Assert.True((git.ExitCode == 0) == ignored, $"{path} is {(ignored ? "not " : "")}ignored by git");
    }

    [Fact]
    public void TrainStartsFromAPyTorchStateDictsBackbone()
    {
        Python.Run("torch_checkpoints.py", "twin", dir.Path, "3", "4", "1", "5", "16");
        var run = Bounded("train", "--init", dir.File("twin.pt"), "--runs-dir", dir.Path, "--name", "from-torch", "--train-per-class", "10",
            "--test-per-class", "20", "--width", "4", "--batch-size", "16", "--epochs", "1", "--episodes", "5", "--shots", "1");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"started from the backbone of {dir.File("twin.pt")}", run.Stdout);
        Assert.Contains("PyTorch state_dict (backbone.*)", run.Stderr);
        Assert.Contains($"the backbone of {dir.File("twin.pt")}", File.ReadAllText(dir.File("from-torch/report.md")));
        var wrong = Bounded("train", "--init", dir.File("twin.pt"), "--runs-dir", dir.Path, "--name", "too-wide", "--train-per-class", "10",
            "--width", "8", "--batch-size", "16", "--epochs", "1");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("conv1.weight", wrong.Stderr);
    }
}
