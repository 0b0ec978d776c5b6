using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Schane.Interactive.Protocol;

namespace Schane.Interactive.Tests.Transport;

/// <summary>What the oracle cannot show: our own message construction and the errors for frames that are not messages.</summary>
public class WireFormatTests
{
    private static readonly MessageSigner Signer = new("hmac-sha256", "secret");

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private const string Header = """{"msg_id":"m1","session":"s","username":"u","date":"2024-01-01T00:00:00.000000Z","msg_type":"kernel_info_request","version":"5.3"}""";

    // A message [identity, delimiter, signature, header, parent, metadata, content] with the four parts as given, signed.
    private static List<byte[]> Frames(string header, string parent = "{}", string metadata = "{}", string content = "{}")
    {
        byte[][] parts = [Bytes(header), Bytes(parent), Bytes(metadata), Bytes(content)];
        return [Bytes("peer"), Bytes("<IDS|MSG>"), Bytes(Signer.Sign(parts)), .. parts];
    }

    [Fact]
    public void New_headers_follow_jupyter_client()
    {
        var header = MessageHeader.Create("execute_reply", "sess-9");
        Assert.True(Guid.TryParse(header.MessageId, out _), header.MessageId);
        Assert.Equal("sess-9", header.Session);
        Assert.Equal("schane", header.Username);
        Assert.Equal("execute_reply", header.MessageType);
        Assert.Equal("5.3", header.Version);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", header.Date);
        var date = DateTimeOffset.Parse(header.Date, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, date.Offset);
        Assert.NotEqual(header.MessageId, MessageHeader.Create("execute_reply", "sess-9").MessageId);
        Assert.Equal(header, MessageHeader.FromJson(header.ToJson()));
        Assert.Equal(["msg_id", "session", "username", "date", "msg_type", "version"], header.ToJson().Select(p => p.Key));
    }

    [Fact]
    public void Replies_carry_the_parents_header_and_identities()
    {
        var request = WireFormat.Deserialize(Frames(Header), Signer);
        var reply = JupyterMessage.Create("kernel_info_reply", new JsonObject { ["status"] = "ok" }, request, "kernel-session");
        Assert.Equal(request.Header, reply.ParentHeader);
        Assert.Equal([Bytes("peer")], reply.Identities);
        Assert.Equal("kernel_info_reply", reply.MessageType);
        Assert.Equal("kernel-session", reply.Header.Session);
        Assert.Empty(reply.Metadata);
        Assert.Empty(reply.Buffers);

        var orphan = JupyterMessage.Create("status", new JsonObject(), null, "kernel-session");
        Assert.Null(orphan.ParentHeader);
        Assert.Empty(orphan.Identities);
        // No parent travels as {}.
        Assert.Equal("{}", Encoding.UTF8.GetString(WireFormat.Serialize(orphan, Signer)[3]));
    }

    [Fact]
    public void Serialize_and_deserialize_round_trip()
    {
        var parent = WireFormat.Deserialize(Frames(Header), Signer);
        var message = new JupyterMessage(MessageHeader.Create("display_data", "k"), parent.Header,
            new JsonObject { ["transient"] = new JsonObject { ["display_id"] = "d1" } },
            new JsonObject { ["data"] = new JsonObject { ["text/plain"] = "ü <x> & y" } },
            identities: [Bytes("topic"), []], buffers: [[1, 2, 3], []]);
        var frames = WireFormat.Serialize(message, Signer);
        Assert.Equal(2 + 6 + 2, frames.Count);
        Assert.Equal("<IDS|MSG>", Encoding.UTF8.GetString(frames[2]));
        Assert.Matches("^[0-9a-f]{64}$", Encoding.UTF8.GetString(frames[3]));
        // Non-ASCII text goes out as UTF-8, as Python's json.dumps(ensure_ascii=False) writes it.
        Assert.Contains("ü <x> & y", Encoding.UTF8.GetString(frames[7]));

        var back = WireFormat.Deserialize(frames, Signer);
        Assert.Equal(message.Header, back.Header);
        Assert.Equal(parent.Header, back.ParentHeader);
        Assert.True(JsonNode.DeepEquals(message.Metadata, back.Metadata));
        Assert.True(JsonNode.DeepEquals(message.Content, back.Content));
        Assert.Equal(message.Identities, back.Identities);
        Assert.Equal(message.Buffers, back.Buffers);
    }

    [Fact]
    public void Signing_is_off_without_a_key_and_only_hmac_sha256_is_supported()
    {
        var none = new MessageSigner("hmac-sha256", "");
        Assert.False(none.IsSigning);
        Assert.Equal("", none.Sign([Bytes("{}")]));
        Assert.True(none.Verify("anything", [Bytes("{}")]));
        Assert.True(Signer.IsSigning);
        Assert.True(Signer.Verify(Signer.Sign([Bytes("a"), Bytes("b")]), [Bytes("a"), Bytes("b")]));
        Assert.False(Signer.Verify(Signer.Sign([Bytes("a"), Bytes("b")]), [Bytes("a"), Bytes("c")]));
        Assert.False(Signer.Verify("", [Bytes("a")]));
        // RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?"), split over two parts.
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            new MessageSigner("hmac-sha256", "Jefe").Sign([Bytes("what do ya want "), Bytes("for nothing?")]));
        Assert.Contains("hmac-md5", Assert.Throws<NotSupportedException>(() => new MessageSigner("hmac-md5", "k")).Message);
    }

    [Fact]
    public void Frames_without_the_delimiter_or_with_too_few_parts_are_malformed()
    {
        var error = Assert.Throws<MalformedMessageException>(() => WireFormat.Deserialize([Bytes("a"), Bytes("b")], Signer));
        Assert.Contains("No <IDS|MSG> delimiter among the 2 frames", error.Message);
        var frames = Frames(Header);
        frames.RemoveAt(frames.Count - 1);
        error = Assert.Throws<MalformedMessageException>(() => WireFormat.Deserialize(frames, Signer));
        Assert.Contains("at least 5 frames after the <IDS|MSG> delimiter (frame 1)", error.Message);
        Assert.Contains("found 4", error.Message);
    }

    [Theory]
    [InlineData("not json", "{}", "{}", "{}", "Frame 3 (header) is not valid JSON")]
    [InlineData("[1]", "{}", "{}", "{}", "Frame 3 (header) must be a JSON object, found array")]
    [InlineData("""{"msg_type":"x"}""", "{}", "{}", "{}", "Frame 3 (header): \"msg_id\" is missing")]
    [InlineData("""{"msg_id":7,"msg_type":"x"}""", "{}", "{}", "{}", "Frame 3 (header): \"msg_id\" must be a string, found 7")]
    [InlineData(Header, "null", "{}", "{}", "Frame 4 (parent_header) must be a JSON object, found null")]
    [InlineData(Header, """{"session":"s"}""", "{}", "{}", "Frame 4 (parent_header): \"msg_id\" is missing")]
    [InlineData(Header, "{}", "\"text\"", "{}", "Frame 5 (metadata) must be a JSON object, found string")]
    [InlineData(Header, "{}", "{}", "", "Frame 6 (content) is not valid JSON")]
    [InlineData(Header, "{}", "{}", "{\"a\":1", "Frame 6 (content) is not valid JSON")]
    [InlineData(Header, "{}", "{}", """{"a":1,"a":2}""", "Frame 6 (content) is not valid JSON")]
    public void Parts_that_are_not_json_objects_are_malformed(string header, string parent, string metadata, string content, string expected)
    {
        var error = Assert.Throws<MalformedMessageException>(() => WireFormat.Deserialize(Frames(header, parent, metadata, content), Signer));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_signature_is_checked_before_the_frames_are_parsed()
    {
        var frames = Frames("not json");
        frames[2] = Bytes(new string('0', 64));
        Assert.Throws<InvalidSignatureException>(() => WireFormat.Deserialize(frames, Signer));
    }
}
