using System.Text.Json.Nodes;

namespace Schane.Interactive.Documents;

/// <summary>
/// The value of a cell's last expression: <c>new_output("execute_result", data=..., execution_count=...)</c>.
/// </summary>
/// <param name="ExecutionCount">The execution count it belongs to; null where the file says null (nbformat allows it).</param>
/// <param name="Data">The mime bundle, as in <see cref="DisplayDataOutput.Data"/>.</param>
/// <param name="Metadata">Per-output metadata, as in the file.</param>
public sealed record ExecuteResultOutput(int? ExecutionCount, IReadOnlyDictionary<string, string> Data, JsonObject Metadata)
    : CellOutput
{
    /// <summary>True when both have the same execution count, bundle and metadata.</summary>
    public bool Equals(ExecuteResultOutput? other) =>
        other is not null && ExecutionCount == other.ExecutionCount && MimeBundle.Equal(Data, other.Data) &&
        JsonNode.DeepEquals(Metadata, other.Metadata);

    /// <summary>A hash consistent with <see cref="Equals(ExecuteResultOutput)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(ExecutionCount, MimeBundle.Hash(Data));
}
