namespace Schane.Interactive.Execution;

/// <summary>
/// Where a running cell's output goes: the Jupyter kernel publishes it on IOPub, the headless runner writes it into
/// the notebook. MIME bundles map a MIME type to its text (text/plain is always there).
/// </summary>
internal interface ICellOutput
{
    /// <summary>Text written to stdout or stderr (<paramref name="name"/>), in the order written.</summary>
    void Stream(string name, string text);

    /// <summary>A new display (Jupyter's display_data) that later updates may replace by <paramref name="displayId"/>.</summary>
    void Display(IReadOnlyDictionary<string, string> data, string displayId);

    /// <summary>Replaces what the display <paramref name="displayId"/> shows (Jupyter's update_display_data).</summary>
    void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId);
}
