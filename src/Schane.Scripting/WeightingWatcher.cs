using System.Security.Cryptography;
using Schane.Core.Losses;

namespace Schane.Scripting;

/// <summary>A weighting script that compiled: the weighting and the script's content hash.</summary>
/// <param name="Weighting">The script's weighting.</param>
/// <param name="Hash">The first 12 hex digits of the SHA-256 of the script's text.</param>
public sealed record WeightingUpdate(NegativeWeighting Weighting, string Hash);

/// <summary>A weighting script that changed but did not compile or run.</summary>
/// <param name="Message">The diagnostics (file(line,col): error …) or the script's exception.</param>
/// <param name="Hash">The first 12 hex digits of the SHA-256 of the script's text.</param>
public sealed record WeightingFailure(string Message, string Hash);

/// <summary>
/// Watches a weighting script (.csx) and recompiles it in the background whenever its content changes (saved by an
/// editor, in place or by rename): <see cref="Compiled"/> hands over the new weighting (set it on a trainer, which
/// swaps it in at its next step), <see cref="Failed"/> the diagnostics of a script that does not compile — the
/// caller keeps its previous weighting. The file is polled (every <c>interval</c>), which works for every editor and
/// file system; only a change of content triggers a compilation. Each version loads into a collectible load context
/// of its own, unloaded by the garbage collector once nothing references its weighting: a trainer holds the previous
/// weighting until the new one has passed its first step (or failed it), and lets it go then.
/// </summary>
public sealed class WeightingWatcher : IDisposable
{
    private readonly string path;
    private readonly Timer timer;
    private readonly object gate = new();
    private string lastHash;
    private bool disposed;

    /// <summary>Starts watching <paramref name="path"/>, whose current content counts as already loaded.</summary>
    public WeightingWatcher(string path, TimeSpan? interval = null)
    {
        this.path = Path.GetFullPath(path);
        if (!File.Exists(this.path)) throw new FileNotFoundException($"weighting script not found: {path}", path);
        lastHash = HashOf(File.ReadAllBytes(this.path));
        var period = interval ?? TimeSpan.FromMilliseconds(250);
        timer = new Timer(_ => Poll(), null, period, period);
    }

    /// <summary>Raised (on a background thread) with each new content that compiled.</summary>
    public event Action<WeightingUpdate>? Compiled;

    /// <summary>Raised (on a background thread) with each new content that did not compile or threw.</summary>
    public event Action<WeightingFailure>? Failed;

    /// <summary>The hash of the content last handled (loaded at start, compiled, or failed).</summary>
    public string Hash
    {
        get { lock (gate) return lastHash; }
    }

    /// <summary>The first 12 hex digits of the SHA-256 of a script's bytes, as logs show it.</summary>
    public static string HashOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content))[..12];

    private void Poll()
    {
        // One poll at a time: a slow compilation must not overlap the next tick.
        if (!Monitor.TryEnter(gate)) return;
        try
        {
            if (disposed) return;
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                return; // mid-save (renamed away, or being written): the next poll sees the result
            }
            var hash = HashOf(content);
            if (hash == lastHash) return;
            lastHash = hash;
            try
            {
                Compiled?.Invoke(new WeightingUpdate(WeightingScript.LoadCollectible(path), hash));
            }
            catch (Exception e) when (e is ScriptErrorException or IOException)
            {
                Failed?.Invoke(new WeightingFailure(e.Message, hash));
            }
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        lock (gate) disposed = true;
        timer.Dispose();
    }
}
