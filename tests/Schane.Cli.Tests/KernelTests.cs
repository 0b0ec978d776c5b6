using System.Text.Json.Nodes;

namespace Schane.Cli.Tests;

/// <summary>
/// The kernel as Jupyter runs it: `schane kernel install --prefix` writes the kernelspec, and Jupyter's own client
/// (jupyter_client, tests/reference/kernel_protocol.py) starts it and speaks the protocol to it.
/// </summary>
public class KernelTests
{
    [Fact]
    public void Install_writes_a_kernelspec_with_message_interrupts_and_one_malloc_arena()
    {
        using var prefix = new TempDir();
        var result = Cli.Run("kernel", "install", "--prefix", prefix.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(prefix.Path, "share", "jupyter", "kernels", "schane-csharp", "kernel.json")))!;
        Assert.Equal("message", (string?)spec["interrupt_mode"]);
        Assert.Equal("1", (string?)spec["env"]!["MALLOC_ARENA_MAX"]);
        var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Equal(["kernel", "start", "{connection_file}"], argv[^3..]);
        Assert.True(File.Exists(argv[1]), $"the kernelspec starts {argv[1]}, which does not exist");
    }

    [Fact]
    public void Jupyter_s_client_drives_the_kernel_through_the_whole_protocol()
    {
        using var prefix = new TempDir();
        Assert.Equal(0, Cli.Run("kernel", "install", "--prefix", prefix.Path).ExitCode);
        var work = Directory.CreateDirectory(Path.Combine(prefix.Path, "work")).FullName;
        var report = JsonNode.Parse(Python.Run("kernel_protocol.py", Path.Combine(prefix.Path, "share", "jupyter"), work))!;

        var info = report["kernel_info"]!;
        Assert.Equal("5.3", (string?)info["protocol_version"]);
        Assert.Equal("C#", (string?)info["language_info"]!["name"]);

        // busy, execute_input, the cell's stdout, its value, idle: in that order, all children of the request.
        var execute = report["execute"]!;
        Assert.Equal("ok", (string?)execute["reply"]!["status"]);
        var iopub = execute["iopub"]!.AsArray().Select(m => (string)m![0]!).ToList();
        Assert.Equal(["status", "execute_input", "stream", "execute_result", "status"], iopub);
        Assert.Equal("printed\n", (string?)execute["iopub"]![2]![1]!["text"]);
        Assert.Equal("42", (string?)execute["iopub"]![3]![1]!["data"]!["text/plain"]);
        Assert.Equal("43", Result(report["state"]!));

        var display = Messages(report["display"]!);
        var shown = display.Single(m => m.Type == "display_data").Content;
        var updated = display.Single(m => m.Type == "update_display_data").Content;
        Assert.Equal((string?)shown["transient"]!["display_id"], (string?)updated["transient"]!["display_id"]);
        Assert.Equal("second", (string?)updated["data"]!["text/plain"]);

        // Failures are answered with an error (reply and IOPub) and the kernel keeps its state.
        var error = report["error"]![0]!;
        Assert.Equal("error", (string?)error["status"]);
        Assert.Equal("InvalidOperationException", (string?)error["ename"]);
        Assert.Contains("cell", (string?)error["traceback"]![0]);
        Assert.Single(Messages(report["error"]!), m => m.Type == "error");
        Assert.Equal("CompilationError", (string?)report["compile_error"]![0]!["ename"]);
        Assert.Equal("42", Result(report["after_error"]!));
        Assert.Equal("6", Result(report["fsharp"]!));

        Assert.Equal(["Abs"], report["complete"]!["matches"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(5, (int)report["complete"]!["cursor_start"]!);
        Assert.Equal("incomplete", (string?)report["is_complete_incomplete"]!["status"]);
        Assert.Equal("complete", (string?)report["is_complete_complete"]!["status"]);

        // An interrupt reaches the running cell through Cell.Cancellation; the kernel lives on.
        Assert.Equal("ok", (string?)report["interrupt_reply"]!["status"]);
        Assert.Equal(["interrupted"], report["interrupt_result"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("42", Result(report["after_interrupt"]!));

        Assert.False((bool)report["bad_signature_answered"]!);
        Assert.Equal("42", Result(report["after_leaver"]!));

        Assert.Equal("ok", (string?)report["shutdown_reply"]!["status"]);
        Assert.False((bool)report["alive_after_shutdown"]!);
    }

    private static List<(string Type, JsonNode Content)> Messages(JsonNode run) =>
        run[1]!.AsArray().Select(m => ((string)m![0]!, m[1]!)).ToList();

    private static string? Result(JsonNode run) =>
        (string?)Messages(run).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"];
}
