using Schane.Interactive.Execution;

namespace Schane.Interactive.Tests.Execution;

/// <summary>A cell output that keeps everything it is sent, in order.</summary>
public sealed class RecordingOutput : ICellOutput
{
    public List<(string Kind, string Name, IReadOnlyDictionary<string, string>? Data)> Events { get; } = [];

    public string Stdout => string.Concat(Events.Where(e => e is { Kind: "stream", Name: "stdout" }).Select(e => e.Data!["text"]));

    public string Stderr => string.Concat(Events.Where(e => e is { Kind: "stream", Name: "stderr" }).Select(e => e.Data!["text"]));

    /// <summary>Called after each stream event (tests interrupt a cell once it has printed).</summary>
    public Action<string>? OnStream { get; set; }

    public void Stream(string name, string text)
    {
        lock (Events) Events.Add(("stream", name, new Dictionary<string, string> { ["text"] = text }));
        OnStream?.Invoke(text);
    }

    public void Display(IReadOnlyDictionary<string, string> data, string displayId)
    {
        lock (Events) Events.Add(("display", displayId, data));
    }

    public void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId)
    {
        lock (Events) Events.Add(("update", displayId, data));
    }
}
