using System.Text;

namespace Schane.Interactive.Execution;

/// <summary>
/// One cell while it runs: where its output goes, its cancellation, and its stdout/stderr buffers. Console writes
/// are gathered and sent a line (or 100 ms) at a time, so a loop printing characters does not send a message per
/// character; streams are flushed before each display so the output keeps its order.
/// </summary>
internal sealed class CellRun : IDisposable
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    private readonly ICellOutput output;
    private readonly Func<object?, IReadOnlyDictionary<string, string>> format;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly Timer flusher;
    private readonly object gate = new();

    public CellRun(ICellOutput output, Func<object?, IReadOnlyDictionary<string, string>> format, CancellationToken cancellation)
    {
        this.output = output;
        this.format = format;
        Cancellation = cancellation;
        flusher = new Timer(_ => Flush(), null, FlushInterval, FlushInterval);
    }

    /// <summary>Fires when the cell is interrupted.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Set when the kernel stopped waiting for this cell: its state is not kept and its output is dropped.</summary>
    public bool Abandoned { get; set; }

    /// <summary>Formats a value as a MIME bundle.</summary>
    public IReadOnlyDictionary<string, string> Format(object? value) => format(value);

    /// <summary>Appends console text to stdout or stderr; complete lines are sent at once.</summary>
    public void Write(string name, string text)
    {
        if (Abandoned || text.Length == 0) return;
        lock (gate)
        {
            var buffer = name == "stderr" ? stderr : stdout;
            buffer.Append(text);
            if (text.Contains('\n')) Send(name, buffer);
        }
    }

    /// <summary>Sends whatever console text is waiting.</summary>
    public void Flush()
    {
        lock (gate)
        {
            Send("stdout", stdout);
            Send("stderr", stderr);
        }
    }

    /// <summary>Shows <paramref name="value"/> in a new display and returns its id.</summary>
    public string Display(object? value) => Show(format(value));

    /// <summary>Shows a ready MIME bundle in a new display and returns its id.</summary>
    public string Show(IReadOnlyDictionary<string, string> data)
    {
        var id = Guid.NewGuid().ToString("N");
        lock (gate)
        {
            Send("stdout", stdout);
            Send("stderr", stderr);
            if (!Abandoned) output.Display(data, id);
        }
        return id;
    }

    /// <summary>Replaces what display <paramref name="id"/> shows.</summary>
    public void Update(string id, object? value) => Replace(id, format(value));

    /// <summary>Replaces what display <paramref name="id"/> shows with a ready MIME bundle.</summary>
    public void Replace(string id, IReadOnlyDictionary<string, string> data)
    {
        lock (gate)
            if (!Abandoned) output.UpdateDisplay(data, id);
    }

    private void Send(string name, StringBuilder buffer)
    {
        if (buffer.Length == 0) return;
        var text = buffer.ToString();
        buffer.Clear();
        if (!Abandoned) output.Stream(name, text);
    }

    public void Dispose()
    {
        flusher.Dispose();
        Flush();
    }
}
