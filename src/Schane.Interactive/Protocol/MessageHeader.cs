using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Protocol;

/// <summary>The header of a Jupyter message (messaging protocol 5.3), as jupyter_client.session.msg_header makes it.</summary>
/// <param name="MessageId">msg_id: unique per message.</param>
/// <param name="Session">session: unique per process (kernel or client).</param>
/// <param name="Username">username.</param>
/// <param name="Date">date: ISO-8601 with time zone, kept as the sender wrote it.</param>
/// <param name="MessageType">msg_type, e.g. execute_request.</param>
/// <param name="Version">version: the messaging protocol version, "5.3".</param>
public sealed record MessageHeader(string MessageId, string Session, string Username, string Date, string MessageType, string Version)
{
    /// <summary>The messaging protocol version this kernel speaks (jupyter_client.session.protocol_version).</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>The username on headers this kernel makes.</summary>
    public const string KernelUsername = "schane";

    /// <summary>
    /// jupyter_client.session.msg_header: a new header with a fresh UUID, the current UTC time with microseconds
    /// and protocol version 5.3.
    /// </summary>
    public static MessageHeader Create(string messageType, string session)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        ArgumentNullException.ThrowIfNull(session);
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return new MessageHeader(Guid.NewGuid().ToString(), session, KernelUsername, date, messageType, ProtocolVersion);
    }

    /// <summary>The wire form: {"msg_id", "session", "username", "date", "msg_type", "version"}.</summary>
    public JsonObject ToJson() => new()
    {
        ["msg_id"] = MessageId,
        ["session"] = Session,
        ["username"] = Username,
        ["date"] = Date,
        ["msg_type"] = MessageType,
        ["version"] = Version,
    };

    /// <summary>
    /// Reads the wire form. msg_id and msg_type are required; session, username, date and version default to ""
    /// when absent (older clients leave some out). Other keys are ignored. Throws <see cref="FormatException"/>
    /// naming the key that is missing or not a string.
    /// </summary>
    public static MessageHeader FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new MessageHeader(
            MessageId: Field(json, "msg_id", required: true),
            Session: Field(json, "session", required: false),
            Username: Field(json, "username", required: false),
            Date: Field(json, "date", required: false),
            MessageType: Field(json, "msg_type", required: true),
            Version: Field(json, "version", required: false));
    }

    private static string Field(JsonObject json, string key, bool required)
    {
        if (!json.TryGetPropertyValue(key, out var node))
            return required ? throw new FormatException($"\"{key}\" is missing") : "";
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new FormatException($"\"{key}\" must be a string, found {node?.ToJsonString() ?? "null"}");
    }
}
