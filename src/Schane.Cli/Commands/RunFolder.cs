using Schane.Experiments;

namespace Schane.Cli.Commands;

/// <summary>A run folder as `schane train` writes it: the checkpoint and, beside it, the run's settings (config.json).</summary>
internal static class RunFolder
{
    /// <summary>
    /// The config.json beside <paramref name="checkpoint"/>; when there is none, null, or (if <paramref name="required"/>)
    /// an error saying why it is needed.
    /// </summary>
    /// <exception cref="FileNotFoundException">The checkpoint is missing, or its config.json is and is required.</exception>
    public static string? ConfigBeside(string checkpoint, bool required)
    {
        if (!File.Exists(checkpoint)) throw new FileNotFoundException($"{checkpoint}: no such checkpoint", checkpoint);
        var config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!, FineTuning.RunFiles.Config);
        if (File.Exists(config)) return config;
        if (!required) return null;
        throw new FileNotFoundException($"{checkpoint}: no {FineTuning.RunFiles.Config} beside it: resume reads the run's settings from there", config);
    }
}
