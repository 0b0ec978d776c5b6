using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Protocol;

/// <summary>
/// The Jupyter wire format (jupyter_client.session.Session.serialize/deserialize): ZeroMQ frames
/// [identities..., "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content, buffers...],
/// the four dictionaries as UTF-8 JSON.
/// </summary>
public static class WireFormat
{
    /// <summary>The frame that separates routing identities from the message (jupyter_client.session.DELIM).</summary>
    public const string Delimiter = "<IDS|MSG>";

    private static readonly byte[] DelimiterBytes = Encoding.ASCII.GetBytes(Delimiter);

    // Jupyter writes non-ASCII text as UTF-8 (json.dumps(ensure_ascii=False)); the default encoder would escape it
    // and HTML-sensitive characters too. Both are valid JSON; this keeps frames small and readable.
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] PartNames = ["header", "parent_header", "metadata", "content"];

    /// <summary>Session.serialize(msg, ident) plus the buffers (as Session.send appends them): the frames to send.</summary>
    public static List<byte[]> Serialize(JupyterMessage message, MessageSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signer);
        byte[][] parts =
        [
            Pack(message.Header.ToJson()),
            message.ParentHeader is { } parent ? Pack(parent.ToJson()) : "{}"u8.ToArray(),
            Pack(message.Metadata),
            Pack(message.Content),
        ];
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add((byte[])DelimiterBytes.Clone());
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>
    /// Session.feed_identities then Session.deserialize(content=True): checks the signature first (when the
    /// signer has a key), then parses. Throws <see cref="InvalidSignatureException"/> for a missing or wrong
    /// signature and <see cref="MalformedMessageException"/> for frames that are not a Jupyter message.
    /// </summary>
    public static JupyterMessage Deserialize(IReadOnlyList<byte[]> frames, MessageSigner signer)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(signer);
        var delimiter = -1;
        for (var i = 0; i < frames.Count && delimiter < 0; i++)
            if (frames[i].AsSpan().SequenceEqual(DelimiterBytes)) delimiter = i;
        if (delimiter < 0)
            throw new MalformedMessageException($"No {Delimiter} delimiter among the {frames.Count} frames.");
        var signatureIndex = delimiter + 1;
        var after = frames.Count - signatureIndex;
        if (after < 5)
            throw new MalformedMessageException(
                $"Expected at least 5 frames after the {Delimiter} delimiter (frame {delimiter}): signature, header, " +
                $"parent_header, metadata, content; found {after}.");

        var parts = new byte[4][];
        for (var i = 0; i < 4; i++) parts[i] = frames[signatureIndex + 1 + i];
        if (signer.IsSigning)
        {
            var signature = frames[signatureIndex];
            if (signature.Length == 0)
                throw new InvalidSignatureException($"Unsigned message: the signature (frame {signatureIndex}) is empty.");
            if (!signer.Verify(Encoding.UTF8.GetString(signature), parts))
                throw new InvalidSignatureException(
                    $"Invalid signature (frame {signatureIndex}): it does not match the message's frames under this key.");
        }

        var header = Header(Object(frames, signatureIndex + 1, 0), signatureIndex + 1, "header");
        var parentJson = Object(frames, signatureIndex + 2, 1);
        var parent = parentJson.Count == 0 ? null : Header(parentJson, signatureIndex + 2, "parent_header");
        var metadata = Object(frames, signatureIndex + 3, 2);
        var content = Object(frames, signatureIndex + 4, 3);
        var identities = new byte[delimiter][];
        for (var i = 0; i < delimiter; i++) identities[i] = frames[i];
        var buffers = new byte[frames.Count - signatureIndex - 5][];
        for (var i = 0; i < buffers.Length; i++) buffers[i] = frames[signatureIndex + 5 + i];
        return new JupyterMessage(header, parent, metadata, content, identities, buffers);
    }

    private static byte[] Pack(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Writer)) node.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    // Parses frames[index], the part'th dictionary, which must be a JSON object.
    private static JsonObject Object(IReadOnlyList<byte[]> frames, int index, int part)
    {
        var name = PartNames[part];
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(frames[index]);
            // JsonObject builds its dictionary lazily; build it now so that a duplicate key fails here, not later.
            if (node is JsonObject json) _ = json.Count;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new MalformedMessageException($"Frame {index} ({name}) is not valid JSON: {e.Message}", e);
        }
        return node as JsonObject ?? throw new MalformedMessageException(
            $"Frame {index} ({name}) must be a JSON object, found {(node == null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}.");
    }

    private static MessageHeader Header(JsonObject json, int index, string name)
    {
        try
        {
            return MessageHeader.FromJson(json);
        }
        catch (FormatException e)
        {
            throw new MalformedMessageException($"Frame {index} ({name}): {e.Message}.", e);
        }
    }
}
