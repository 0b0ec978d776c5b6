using System.Text;
using System.Text.Json.Nodes;
using Schane.Interactive.Protocol;

namespace Schane.Interactive.Tests.Transport;

/// <summary>The wire format against jupyter_client 7.4's Session (tests/reference/jupyter_wire.py), both directions.</summary>
public class JupyterWireOracleTests
{
    private const string Key = "a0b1c2d3-key-with-ünicode";
    private const string Session = "schane-session-1";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static JsonArray Frames(IEnumerable<byte[]> frames) => new(frames.Select(f => (JsonNode?)Convert.ToBase64String(f)).ToArray());

    private static List<byte[]> Unframes(JsonNode? frames) => frames!.AsArray().Select(f => Convert.FromBase64String(f!.GetValue<string>())).ToList();

    private static void AssertJson(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what}: expected {expected?.ToJsonString()}, got {actual?.ToJsonString()}");

    private static void AssertHeader(JsonNode? expected, MessageHeader? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected!["msg_id"]!.GetValue<string>(), actual.MessageId);
        Assert.Equal(expected["session"]!.GetValue<string>(), actual.Session);
        Assert.Equal(expected["username"]!.GetValue<string>(), actual.Username);
        Assert.Equal(expected["date"]!.GetValue<string>(), actual.Date);
        Assert.Equal(expected["msg_type"]!.GetValue<string>(), actual.MessageType);
        Assert.Equal(expected["version"]!.GetValue<string>(), actual.Version);
    }

    [Fact]
    public void Messages_jupyter_client_signs_deserialize_and_tampering_is_caught()
    {
        using var dir = new TempDir();
        Python.Run("jupyter_wire.py", "serialize", Key, dir.File("python.json"));
        var cases = JsonNode.Parse(File.ReadAllText(dir.File("python.json")))!.AsArray();
        Assert.Equal(4, cases.Count);
        var signer = new MessageSigner("hmac-sha256", Key);

        foreach (var c in cases)
        {
            var name = c!["name"]!.GetValue<string>();
            var frames = Unframes(c["frames"]);
            var message = WireFormat.Deserialize(frames, signer);

            AssertHeader(c["header"], message.Header);
            Assert.Equal(c["header"]!["msg_type"]!.GetValue<string>(), message.MessageType);
            if (c["parent_header"]!.AsObject().Count == 0) Assert.Null(message.ParentHeader);
            else AssertHeader(c["parent_header"], message.ParentHeader);
            AssertJson(c["metadata"], message.Metadata, name + " metadata");
            AssertJson(c["content"], message.Content, name + " content");
            Assert.Equal(Unframes(c["identities"]), message.Identities);
            Assert.Equal(Unframes(c["buffers"]), message.Buffers);

            // Any change to a signed frame, another key, or no signature at all is refused.
            var delimiter = frames.FindIndex(f => f.AsSpan().SequenceEqual("<IDS|MSG>"u8));
            for (var part = 2; part <= 5; part++)
            {
                var tampered = frames.ToList();
                tampered[delimiter + part] = (byte[])frames[delimiter + part].Clone();
                tampered[delimiter + part][^2] ^= 0x01;
                Assert.Throws<InvalidSignatureException>(() => WireFormat.Deserialize(tampered, signer));
            }
            Assert.Throws<InvalidSignatureException>(() => WireFormat.Deserialize(frames, new MessageSigner("hmac-sha256", Key + "x")));
            var unsigned = frames.ToList();
            unsigned[delimiter + 1] = [];
            Assert.Contains("Unsigned", Assert.Throws<InvalidSignatureException>(() => WireFormat.Deserialize(unsigned, signer)).Message);
            var shouting = frames.ToList();
            shouting[delimiter + 1] = Bytes(Encoding.ASCII.GetString(frames[delimiter + 1]).ToUpperInvariant());
            Assert.Throws<InvalidSignatureException>(() => WireFormat.Deserialize(shouting, signer));

            // Without a key nothing is checked, as in Jupyter.
            Assert.Equal(message.Header, WireFormat.Deserialize(unsigned, new MessageSigner("hmac-sha256", "")).Header);
        }
    }

    [Fact]
    public void Messages_this_side_signs_are_accepted_by_jupyter_client_and_tampered_ones_are_not()
    {
        var request = new JupyterMessage(
            new MessageHeader("req-1", "client-session", "alice", "2024-05-06T07:08:09.123456Z", "execute_request", "5.3"),
            null, new JsonObject(), new JsonObject { ["code"] = "1+1" }, identities: [[0, 1, 2, 254], Bytes("second")]);
        var reply = JupyterMessage.Create("execute_reply", new JsonObject
        {
            ["status"] = "ok",
            ["execution_count"] = 7,
            ["user_expressions"] = new JsonObject(),
            ["text"] = "héllo ✓ <b>&amp;</b> \"quoted\" \\ \n\t\u0001",
            ["numbers"] = new JsonArray(0, -3, 2.5, 1e20, long.MaxValue),
            ["flags"] = new JsonArray(true, false, null),
        }, request, Session);
        reply.Metadata["started"] = "2024-05-06T07:08:09.223456Z";
        var status = JupyterMessage.Create("status", new JsonObject { ["execution_state"] = "busy" }, request, Session);
        var iopub = new JupyterMessage(status.Header, status.ParentHeader, status.Metadata, status.Content) { Identities = [Bytes("kernel.k1.status")] };
        var comm = new JupyterMessage(MessageHeader.Create("comm_msg", Session), null,
            new JsonObject { ["nested"] = new JsonObject { ["deep"] = new JsonArray() } },
            new JsonObject { ["comm_id"] = "c1", ["data"] = new JsonObject() },
            buffers: [Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray(), []]);
        var bare = JupyterMessage.Create("kernel_info_request", new JsonObject(), null, Session);

        var signer = new MessageSigner("hmac-sha256", Key);
        JupyterMessage[] good = [reply, iopub, comm, bare];
        var cases = new JsonArray();
        foreach (var m in good)
            cases.Add(new JsonObject { ["name"] = m.MessageType, ["key"] = Key, ["frames"] = Frames(WireFormat.Serialize(m, signer)) });

        var frames = WireFormat.Serialize(reply, signer);
        var delimiter = request.Identities.Count;
        var tampered = frames.ToList();
        tampered[delimiter + 5] = Bytes(Encoding.UTF8.GetString(frames[delimiter + 5]).Replace("\"ok\"", "\"error\""));
        var unsigned = frames.ToList();
        unsigned[delimiter + 1] = [];
        cases.Add(new JsonObject { ["name"] = "tampered content", ["key"] = Key, ["frames"] = Frames(tampered) });
        cases.Add(new JsonObject { ["name"] = "wrong key", ["key"] = Key + "x", ["frames"] = Frames(frames) });
        cases.Add(new JsonObject { ["name"] = "unsigned", ["key"] = Key, ["frames"] = Frames(unsigned) });
        cases.Add(new JsonObject
        {
            ["name"] = "no key", ["key"] = "",
            ["frames"] = Frames(WireFormat.Serialize(bare, new MessageSigner("hmac-sha256", ""))),
        });

        using var dir = new TempDir();
        File.WriteAllText(dir.File("cases.json"), cases.ToJsonString());
        Python.Run("jupyter_wire.py", "deserialize", dir.File("cases.json"), dir.File("results.json"));
        var results = JsonNode.Parse(File.ReadAllText(dir.File("results.json")))!.AsArray();
        Assert.Equal(cases.Count, results.Count);

        for (var i = 0; i < good.Length; i++)
        {
            var (sent, got) = (good[i], results[i]!);
            Assert.True(got["ok"]!.GetValue<bool>(), $"{sent.MessageType}: jupyter_client refused it: {got["error"]}");
            Assert.Equal(sent.Identities, Unframes(got["identities"]));
            var header = got["header"]!;
            Assert.Equal(sent.Header.MessageId, header["msg_id"]!.GetValue<string>());
            Assert.Equal(sent.Header.MessageType, header["msg_type"]!.GetValue<string>());
            Assert.Equal(sent.Header.Session, header["session"]!.GetValue<string>());
            Assert.Equal(sent.Header.Username, header["username"]!.GetValue<string>());
            Assert.Equal("5.3", header["version"]!.GetValue<string>());
            // jupyter_client parses the date (extract_dates): same instant, microseconds included.
            Assert.Equal(DateTimeOffset.Parse(sent.Header.Date), DateTimeOffset.Parse(header["date"]!.GetValue<string>()));
            if (sent.ParentHeader is null) Assert.Empty(got["parent_header"]!.AsObject());
            else Assert.Equal(sent.ParentHeader.MessageId, got["parent_header"]!["msg_id"]!.GetValue<string>());
            AssertJson(sent.Metadata, got["metadata"], sent.MessageType + " metadata");
            AssertJson(sent.Content, got["content"], sent.MessageType + " content");
            Assert.Equal(sent.Buffers, Unframes(got["buffers"]));
        }
        Assert.Equal(request.Identities, Unframes(results[0]!["identities"]));
        Assert.Equal("req-1", results[0]!["parent_header"]!["msg_id"]!.GetValue<string>());

        string Error(int index) => results[index]!["ok"]!.GetValue<bool>() ? "accepted" : results[index]!["error"]!.GetValue<string>();
        Assert.Contains("Invalid Signature", Error(good.Length));
        Assert.Contains("Invalid Signature", Error(good.Length + 1));
        Assert.Contains("Unsigned Message", Error(good.Length + 2));
        Assert.True(results[good.Length + 3]!["ok"]!.GetValue<bool>(), "an unsigned message under no key: " + Error(good.Length + 3));
    }
}
