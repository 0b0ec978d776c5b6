using System.Text.Json.Nodes;
using Schane.Interactive.Protocol;

namespace Schane.Interactive.Tests.Transport;

public class ConnectionInfoTests
{
    private const string Valid = """
        {
          "shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
          "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "schane-csharp"
        }
        """;

    [Fact]
    public void Reads_the_files_jupyter_client_writes()
    {
        using var dir = new TempDir();
        var written = JsonNode.Parse(Python.Run("jupyter_wire.py", "connection", dir.Path, "6f1c-key"))!;
        foreach (var transport in new[] { "tcp", "ipc" })
        {
            var expected = written[transport]!;
            var info = ConnectionInfo.Load(dir.File(transport + ".json"));
            Assert.Equal(transport, info.Transport);
            Assert.Equal(expected["ip"]!.GetValue<string>(), info.IP);
            Assert.Equal(expected["shell_port"]!.GetValue<int>(), info.ShellPort);
            Assert.Equal(expected["iopub_port"]!.GetValue<int>(), info.IOPubPort);
            Assert.Equal(expected["stdin_port"]!.GetValue<int>(), info.StdinPort);
            Assert.Equal(expected["control_port"]!.GetValue<int>(), info.ControlPort);
            Assert.Equal(expected["hb_port"]!.GetValue<int>(), info.HBPort);
            Assert.Equal("6f1c-key", info.Key);
            Assert.Equal("hmac-sha256", info.SignatureScheme);
            Assert.Equal("schane-csharp", info.KernelName);
            Assert.True(new MessageSigner(info).IsSigning);
            // jupyter_client's _make_url.
            var endpoint = transport == "tcp" ? $"tcp://127.0.0.1:{info.ShellPort}" : $"ipc://{info.IP}-{info.ShellPort}";
            Assert.Equal(endpoint, info.Endpoint(info.ShellPort));
        }
    }

    [Fact]
    public void Kernel_name_is_optional_and_other_keys_are_ignored()
    {
        using var dir = new TempDir();
        var json = JsonNode.Parse(Valid)!.AsObject();
        json.Remove("kernel_name");
        json["jupyter_session"] = "/home/x/notebook.ipynb";
        File.WriteAllText(dir.File("a.json"), json.ToJsonString());
        Assert.Null(ConnectionInfo.Load(dir.File("a.json")).KernelName);
        json["kernel_name"] = null;
        File.WriteAllText(dir.File("b.json"), json.ToJsonString());
        var info = ConnectionInfo.Load(dir.File("b.json"));
        Assert.Null(info.KernelName);
        Assert.Equal("tcp://127.0.0.1:5005", info.Endpoint(info.HBPort));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var dir = new TempDir();
        var error = Assert.Throws<FileNotFoundException>(() => ConnectionInfo.Load(dir.File("kernel-1.json")));
        Assert.Contains(dir.File("kernel-1.json"), error.Message);
    }

    [Fact]
    public void Invalid_json_gives_the_line_and_column()
    {
        using var dir = new TempDir();
        var path = dir.File("kernel.json");
        File.WriteAllText(path, "{\n  \"ip\": \"127.0.0.1\",\n  oops\n}");
        var error = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(path));
        Assert.StartsWith(path + "(3,3): ", error.Message);
        Assert.Contains("invalid JSON: 'o' is an invalid start of a property name", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Theory]
    [InlineData("hb_port", null, "\"hb_port\" is missing")]
    [InlineData("key", null, "\"key\" is missing")]
    [InlineData("shell_port", "\"5001\"", "\"shell_port\" must be an integer port number, found a string (\"5001\")")]
    [InlineData("iopub_port", "50.5", "\"iopub_port\" must be an integer port number, found a number (50.5)")]
    [InlineData("control_port", "70000", "\"control_port\" must be a port number (0 to 65535), found 70000")]
    [InlineData("stdin_port", "null", "\"stdin_port\" must be an integer port number, found null")]
    [InlineData("ip", "[]", "\"ip\" must be a string, found an array")]
    [InlineData("key", "null", "\"key\" must be a string, found null")]
    [InlineData("kernel_name", "3", "\"kernel_name\" must be a string, found a number (3)")]
    [InlineData("signature_scheme", "\"hmac-md5\"", "signature_scheme \"hmac-md5\" is not supported (hmac-sha256)")]
    [InlineData("transport", "\"udp\"", "transport \"udp\" is not supported (tcp or ipc)")]
    public void Bad_fields_are_named(string key, string? value, string expected)
    {
        using var dir = new TempDir();
        var json = JsonNode.Parse(Valid)!.AsObject();
        if (value == null) json.Remove(key);
        else json[key] = JsonNode.Parse(value);
        var path = dir.File("kernel.json");
        File.WriteAllText(path, json.ToJsonString());
        var error = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(path));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_file_must_hold_an_object()
    {
        using var dir = new TempDir();
        var path = dir.File("kernel.json");
        File.WriteAllText(path, "[1, 2]");
        Assert.Contains("expected a JSON object, found an array", Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(path)).Message);
    }
}
