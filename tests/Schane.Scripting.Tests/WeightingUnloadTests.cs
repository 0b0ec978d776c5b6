using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Schane.Core.Data;
using Schane.Core.Models;
using Schane.Core.Training;

namespace Schane.Scripting.Tests;

/// <summary>
/// A weighting script reloaded by <see cref="WeightingWatcher"/> into a trainer: each version lives in a collectible
/// load context, which is collected once the trainer has swapped that version out for good — and not while the
/// trainer may still run it (in use, or the fallback of a new version on probation).
/// </summary>
public sealed class WeightingUnloadTests : IDisposable
{
    private const string Script = "unload-probe.csx";
    private readonly ScriptFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ReplacedAndRejectedVersionsAreCollectedAndTheOnesTheTrainerMayRunAreNot()
    {
        using var all = ImageDataset.FashionMnist("train");
        using var five = all.WhereClasses([0, 1, 2, 5, 8]);
        using var data = five.Subsample(10, seed: 1); // 50 images: 3 steps per epoch
        using var trainer = new Trainer(new ModelSpec { Width = 4, Classes = 5, ProjectionDimension = 16 }, data,
            new TrainingOptions { Epochs = 10, BatchSize = 16, Seed = 7 });
        var script = folder.Write(Script, "NegativeWeighting.Exponential(1.0)\n");
        using var watcher = new WeightingWatcher(script, TimeSpan.FromMilliseconds(20));
        var compiled = new BlockingCollection<string>();
        var accepted = 0;
        var rejected = 0;
        // What `schane train --watch` does with each new version.
        watcher.Compiled += update =>
        {
            trainer.Objective = trainer.Objective.WithWeighting(update.Weighting);
            compiled.Add(update.Hash);
        };
        trainer.ObjectiveChanged += _ => accepted++;
        trainer.ObjectiveRejected += _ => rejected++;
        var seen = new HashSet<string>();
        trainer.Run(epochs: 1); // the built-in weighting becomes the trainer's fallback

        var first = Swap(script, "(Func<SimilarityBlock, Tensor>)(b => NegativeWeighting.NormalizeOverNegatives(b.Logits * 1.5, b.Negatives))", compiled, seen);
        trainer.Run(epochs: 1);
        Assert.Equal(1, accepted);
        Assert.False(Collected(first), "the version in use was unloaded");
        // Not even finalized: a context whose object is finalized starts unloading and can no longer load the
        // script's #r assemblies, which load on first use.
        Assert.True(first.Context.IsAlive, "the load context of the version in use was finalized");

        var second = Swap(script, "(Func<SimilarityBlock, Tensor>)(b => NegativeWeighting.NormalizeOverNegatives(b.Logits * 0.5, b.Negatives))", compiled, seen);
        Assert.False(Collected(first), "the fallback of a version on probation was unloaded");
        trainer.Run(epochs: 1);
        Assert.Equal(2, accepted);
        Assert.True(Collected(first), "the version replaced by a newer one is still loaded");

        var broken = Swap(script, "(Func<SimilarityBlock, Tensor>)(b => b.Logits * double.NaN)", compiled, seen);
        trainer.Run(epochs: 1);
        Assert.Equal(1, rejected);
        Assert.Equal(2, accepted);
        Assert.True(Collected(broken), "the rejected version is still loaded");
        Assert.False(Collected(second), "the version the trainer went back to was unloaded");
        Assert.Equal(12, trainer.Step);
    }

    /// <summary>
    /// Saves a new version, waits for it to compile and returns weak references to its load context (the one new
    /// context of this script; each version's has its own name, from its hash). No strong reference leaves this frame.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Loaded Swap(string script, string code, BlockingCollection<string> compiled, HashSet<string> seen)
    {
        File.WriteAllText(script, code + "\n");
        Assert.True(compiled.TryTake(out _, TimeSpan.FromSeconds(120)), "the watcher did not compile the new version");
        var fresh = AssemblyLoadContext.All.Where(c => c.Name?.StartsWith($"schane-script {Script} ") == true && seen.Add(c.Name)).ToList();
        var context = Assert.Single(fresh);
        Assert.True(context.IsCollectible);
        return new Loaded(new WeakReference(context), new WeakReference(context, trackResurrection: true));
    }

    /// <summary>Weak references to a version's load context: <paramref name="Context"/> dies when the object is finalized
    /// (and starts unloading), <paramref name="Unloaded"/> only once the unload is complete.</summary>
    private sealed record Loaded(WeakReference Context, WeakReference Unloaded);

    private static bool Collected(Loaded version)
    {
        for (var i = 0; i < 20 && version.Unloaded.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return !version.Unloaded.IsAlive;
    }
}
