namespace Schane.Interactive.Documents;

/// <summary>Text a cell wrote to a stream: <c>new_output("stream", name=..., text=...)</c>.</summary>
/// <param name="Name">The stream: <c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The text, lines joined (the file stores it as a list of lines).</param>
public sealed record StreamOutput(string Name, string Text) : CellOutput;
