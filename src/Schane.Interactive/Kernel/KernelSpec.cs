using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Kernel;

/// <summary>
/// The Jupyter kernelspec <c>schane-csharp</c>: a folder holding kernel.json, which tells Jupyter how to start the
/// kernel. Interrupts travel as messages (<c>interrupt_mode: message</c>), not signals, and the kernel runs with
/// <c>MALLOC_ARENA_MAX=1</c>: without it, glibc gives each cell thread its own malloc arena whose freed heaps are
/// returned and faulted in again every training step (2x slower training).
/// </summary>
public static class KernelSpec
{
    /// <summary>The kernelspec's name.</summary>
    public const string Name = "schane-csharp";

    /// <summary>
    /// Where Jupyter looks for the user's kernels: <c>$JUPYTER_DATA_DIR/kernels</c>, else
    /// <c>$XDG_DATA_HOME/jupyter/kernels</c>, else <c>~/.local/share/jupyter/kernels</c> (jupyter_core's rule on Linux).
    /// </summary>
    public static string UserKernelsDirectory
    {
        get
        {
            var data = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
            if (!string.IsNullOrEmpty(data)) return Path.Combine(data, "kernels");
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(root, "jupyter", "kernels");
        }
    }

    /// <summary>The kernels folder under an installation prefix, as <c>jupyter kernelspec install --prefix</c> uses it.</summary>
    public static string PrefixKernelsDirectory(string prefix) => Path.Combine(prefix, "share", "jupyter", "kernels");

    /// <summary>kernel.json for a kernel started by <paramref name="command"/> followed by the connection file.</summary>
    public static JsonObject Create(IReadOnlyList<string> command) => new()
    {
        ["argv"] = new JsonArray(command.Append("{connection_file}").Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        ["display_name"] = "C# (Schane)",
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["env"] = new JsonObject { ["MALLOC_ARENA_MAX"] = "1" },
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>Writes the kernelspec into <paramref name="kernelsDirectory"/> (replacing an older one) and returns its folder.</summary>
    public static string Install(string kernelsDirectory, IReadOnlyList<string> command)
    {
        var folder = Path.Combine(kernelsDirectory, Name);
        Directory.CreateDirectory(folder);
        var json = Create(command).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var target = Path.Combine(folder, "kernel.json");
        var temporary = target + ".tmp";
        File.WriteAllText(temporary, json + "\n");
        File.Move(temporary, target, overwrite: true);
        return folder;
    }
}
