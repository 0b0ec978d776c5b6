using System.Text.Json.Nodes;
using Schane.Interactive.Execution;
using Schane.Interactive.Protocol;

namespace Schane.Interactive.Kernel;

/// <summary>A cell's output published on IOPub as stream, display_data and update_display_data messages in reply to its request.</summary>
internal sealed class KernelOutput(JupyterKernel kernel, JupyterMessage request) : ICellOutput
{
    public void Stream(string name, string text) =>
        kernel.Publish("stream", new JsonObject { ["name"] = name, ["text"] = text }, request);

    public void Display(IReadOnlyDictionary<string, string> data, string displayId) =>
        kernel.Publish("display_data", DisplayContent(data, displayId), request);

    public void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId) =>
        kernel.Publish("update_display_data", DisplayContent(data, displayId), request);

    private static JsonObject DisplayContent(IReadOnlyDictionary<string, string> data, string displayId) => new()
    {
        ["data"] = MimeBundle(data),
        ["metadata"] = new JsonObject(),
        ["transient"] = new JsonObject { ["display_id"] = displayId },
    };

    /// <summary>A MIME bundle as Jupyter sends it: JSON MIME types carry JSON values, the others text.</summary>
    public static JsonObject MimeBundle(IReadOnlyDictionary<string, string> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, text) in data)
            bundle[mime] = IsJson(mime) && TryParse(text) is { } json ? json : JsonValue.Create(text);
        return bundle;
    }

    private static bool IsJson(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    private static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
