namespace Schane.Interactive.Execution;

/// <summary>How a cell ended: Jupyter's execute_reply, plus the execute_result when the cell had a value.</summary>
public abstract record CellResult
{
    private CellResult() { }

    /// <summary>The cell ran; <see cref="Value"/> is the MIME bundle of its final expression, when it had one.</summary>
    public sealed record Ok(IReadOnlyDictionary<string, string>? Value) : CellResult;

    /// <summary>
    /// The cell failed: a compile error, an exception or an interrupt. <see cref="Name"/> and <see cref="Message"/>
    /// are Jupyter's ename and evalue; <see cref="Traceback"/> its lines (diagnostics with source, or script frames).
    /// </summary>
    public sealed record Error(string Name, string Message, IReadOnlyList<string> Traceback) : CellResult
    {
        /// <summary>An error reported as one block of text.</summary>
        public static Error Of(string name, string message, string report) =>
            new(name, message, report.Replace("\r\n", "\n").Split('\n'));
    }
}
