using System.Text.Json.Nodes;

namespace Schane.Interactive.Protocol;

/// <summary>
/// A Jupyter message (the dict jupyter_client.session.Session.msg builds): routing identities, header, parent
/// header, metadata, content and binary buffers. <see cref="WireFormat"/> turns it into ZeroMQ frames and back.
/// </summary>
public sealed class JupyterMessage
{
    /// <summary>A message from its parts (jupyter_client.session.Session.msg with explicit header).</summary>
    /// <param name="header">Its own header.</param>
    /// <param name="parentHeader">The header of the message that caused it, or null for none (the wire's {}).</param>
    /// <param name="metadata">Metadata (an empty object for none).</param>
    /// <param name="content">The content, whose shape depends on the message type.</param>
    /// <param name="identities">ZeroMQ routing frames before the delimiter (null: none).</param>
    /// <param name="buffers">Binary buffers after the content (null: none).</param>
    public JupyterMessage(
        MessageHeader header, MessageHeader? parentHeader, JsonObject metadata, JsonObject content,
        IReadOnlyList<byte[]>? identities = null, IReadOnlyList<byte[]>? buffers = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(content);
        Header = header;
        ParentHeader = parentHeader;
        Metadata = metadata;
        Content = content;
        Identities = identities ?? [];
        Buffers = buffers ?? [];
    }

    /// <summary>
    /// The ZeroMQ routing frames before "&lt;IDS|MSG&gt;": a ROUTER peer's identity on shell/control/stdin, the
    /// topic on IOPub (jupyter_client's idents). Settable with an initializer, e.g. to give an IOPub reply its topic.
    /// </summary>
    public IReadOnlyList<byte[]> Identities { get; init; }

    /// <summary>msg["header"].</summary>
    public MessageHeader Header { get; }

    /// <summary>msg["parent_header"]: null when the wire carries {}.</summary>
    public MessageHeader? ParentHeader { get; }

    /// <summary>msg["metadata"].</summary>
    public JsonObject Metadata { get; }

    /// <summary>msg["content"].</summary>
    public JsonObject Content { get; }

    /// <summary>msg["buffers"]: binary frames after the content.</summary>
    public IReadOnlyList<byte[]> Buffers { get; init; }

    /// <summary>msg["msg_type"]: the header's message type.</summary>
    public string MessageType => Header.MessageType;

    /// <summary>
    /// jupyter_client.session.Session.msg(msg_type, content, parent): a new message caused by
    /// <paramref name="parent"/> (null: none). It takes the parent's header as its parent header and the parent's
    /// identities, so a reply sent on the ROUTER socket the parent came from reaches the right client.
    /// </summary>
    public static JupyterMessage Create(string messageType, JsonObject content, JupyterMessage? parent, string session) =>
        new(MessageHeader.Create(messageType, session), parent?.Header, new JsonObject(), content, parent?.Identities);
}
