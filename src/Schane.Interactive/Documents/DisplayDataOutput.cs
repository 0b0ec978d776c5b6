using System.Text.Json.Nodes;

namespace Schane.Interactive.Documents;

/// <summary>
/// A value shown by MIME type: <c>new_output("display_data", data=..., metadata=...)</c>.
/// </summary>
/// <param name="Data">The mime bundle: mime type → text. Text types hold their text with lines joined; JSON types
/// (<c>application/json</c>, <c>*/*+json</c>) hold JSON text; binary types (<c>image/png</c>) hold base64.</param>
/// <param name="Metadata">Per-output metadata (e.g. image sizes), as in the file.</param>
public sealed record DisplayDataOutput(IReadOnlyDictionary<string, string> Data, JsonObject Metadata) : CellOutput
{
    /// <summary>True when both hold the same bundle and the same metadata.</summary>
    public bool Equals(DisplayDataOutput? other) =>
        other is not null && MimeBundle.Equal(Data, other.Data) && JsonNode.DeepEquals(Metadata, other.Metadata);

    /// <summary>A hash consistent with <see cref="Equals(DisplayDataOutput)"/>.</summary>
    public override int GetHashCode() => MimeBundle.Hash(Data);
}
