using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Protocol;

/// <summary>
/// A Jupyter connection file (jupyter_client.connect.write_connection_file): where the kernel binds its five
/// channels and the key that signs its messages.
/// </summary>
/// <param name="Transport">"tcp" or "ipc".</param>
/// <param name="IP">The address to bind (tcp) or the socket path prefix (ipc).</param>
/// <param name="ShellPort">Shell channel (ROUTER): execute, complete, inspect, kernel_info requests.</param>
/// <param name="IOPubPort">IOPub channel (PUB): outputs and status broadcasts.</param>
/// <param name="StdinPort">Stdin channel (ROUTER): input requests to the frontend.</param>
/// <param name="ControlPort">Control channel (ROUTER): shutdown, interrupt, debug requests.</param>
/// <param name="HBPort">Heartbeat channel (REP): echoes.</param>
/// <param name="Key">The HMAC key; empty: messages are not signed.</param>
/// <param name="SignatureScheme">Always "hmac-sha256" here.</param>
/// <param name="KernelName">The kernelspec name the frontend launched, when it says.</param>
public sealed record ConnectionInfo(
    string Transport, string IP, int ShellPort, int IOPubPort, int StdinPort, int ControlPort, int HBPort,
    string Key, string SignatureScheme, string? KernelName)
{
    /// <summary>
    /// jupyter_client.connect.ConnectionFileMixin.load_connection_file: reads the JSON file at <paramref name="path"/>.
    /// Throws <see cref="FileNotFoundException"/> when it is missing and <see cref="InvalidDataException"/>, naming
    /// the file and the offending key, when it is not valid JSON, a field is missing or of the wrong type, or the
    /// transport or signature scheme is not supported.
    /// </summary>
    public static ConnectionInfo Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Connection file not found: {path}", path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; editors count from 1.
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            // Its message ends with its own 0-based "[Path: $ |] LineNumber: 2 | ..."; keep just the reason.
            var cut = new[] { " Path: ", " LineNumber: " }
                .Select(marker => e.Message.IndexOf(marker, StringComparison.Ordinal))
                .Where(i => i >= 0)
                .DefaultIfEmpty(e.Message.Length)
                .Min();
            var reason = e.Message[..cut];
            throw new InvalidDataException($"{path}({line},{column}): not a valid connection file: invalid JSON: {reason}", e);
        }
        if (root is not JsonObject json)
            throw new InvalidDataException($"{path}: not a valid connection file: expected a JSON object, found {Kind(root)}.");

        var info = new ConnectionInfo(
            Transport: String(json, "transport", path),
            IP: String(json, "ip", path),
            ShellPort: Port(json, "shell_port", path),
            IOPubPort: Port(json, "iopub_port", path),
            StdinPort: Port(json, "stdin_port", path),
            ControlPort: Port(json, "control_port", path),
            HBPort: Port(json, "hb_port", path),
            Key: String(json, "key", path),
            SignatureScheme: String(json, "signature_scheme", path),
            KernelName: json.TryGetPropertyValue("kernel_name", out var name) && name != null ? String(json, "kernel_name", path) : null);

        if (info.Transport is not ("tcp" or "ipc"))
            throw new InvalidDataException($"{path}: transport \"{info.Transport}\" is not supported (tcp or ipc).");
        if (info.SignatureScheme != MessageSigner.HmacSha256)
            throw new InvalidDataException($"{path}: signature_scheme \"{info.SignatureScheme}\" is not supported ({MessageSigner.HmacSha256}).");
        return info;
    }

    /// <summary>
    /// The ZeroMQ endpoint of a channel, as jupyter_client's _make_url builds it:
    /// tcp://127.0.0.1:5555, or ipc://kernel-ipc-5555 (the ip is a path prefix for ipc).
    /// </summary>
    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{IP}-{port}" : $"tcp://{IP}:{port}";

    private static string String(JsonObject json, string key, string path)
    {
        var node = Field(json, key, path);
        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new InvalidDataException($"{path}: \"{key}\" must be a string, found {Kind(node)}.");
    }

    private static int Port(JsonObject json, string key, string path)
    {
        var node = Field(json, key, path);
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var port))
            return port is >= 0 and <= 65535
                ? port
                : throw new InvalidDataException($"{path}: \"{key}\" must be a port number (0 to 65535), found {port}.");
        throw new InvalidDataException($"{path}: \"{key}\" must be an integer port number, found {Kind(node)}.");
    }

    private static JsonNode? Field(JsonObject json, string key, string path) =>
        json.TryGetPropertyValue(key, out var node)
            ? node
            : throw new InvalidDataException($"{path}: not a valid connection file: \"{key}\" is missing.");

    // What a JSON value is, for error messages: "a string (\"5555\")", "null", "an array".
    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => $"a string ({node.ToJsonString()})",
        JsonValueKind.Number => $"a number ({node.ToJsonString()})",
        JsonValueKind.True or JsonValueKind.False => $"a boolean ({node.ToJsonString()})",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        var kind => kind.ToString()!,
    };
}
