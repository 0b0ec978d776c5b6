using System.Text.Json.Nodes;
using Schane.Interactive.Execution;
using Schane.Interactive.Protocol;
using Schane.Interactive.Zmq;

namespace Schane.Interactive.Kernel;

/// <summary>
/// A Jupyter kernel (messaging protocol 5.3) over ZeroMQ: shell, control, stdin and IOPub sockets and a heartbeat,
/// bound as the connection file says. Every message is signed (HMAC-SHA256) and every incoming one verified; a bad
/// signature is logged and dropped. Shell requests are handled in order on the thread that calls <see cref="Run"/>
/// (a running cell blocks the next request, as in ipykernel); control requests (interrupt, shutdown, kernel_info)
/// are answered on a thread of their own, so an interrupt reaches a busy kernel.
/// </summary>
public sealed class JupyterKernel : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly MessageSigner signer;
    private readonly ZmqContext context = new();
    private readonly ZmqSocket shell;
    private readonly ZmqSocket control;
    private readonly ZmqSocket stdin;
    private readonly ZmqSocket iopub;
    private readonly Heartbeat heartbeat;
    private readonly NotebookSession session;
    private readonly TextWriter log;
    private readonly string sessionId = Guid.NewGuid().ToString();
    private readonly object iopubGate = new();
    private readonly CancellationTokenSource stopping = new();
    private CancellationTokenSource? runningCell;

    /// <summary>Binds the sockets of <paramref name="connection"/>; cells run in <paramref name="session"/>; problems are written to <paramref name="log"/>.</summary>
    public JupyterKernel(ConnectionInfo connection, NotebookSession session, TextWriter log)
    {
        this.session = session;
        this.log = log;
        signer = new MessageSigner(connection.SignatureScheme, connection.Key);
        shell = Bound(ZmqSocketType.Router, connection.Endpoint(connection.ShellPort));
        control = Bound(ZmqSocketType.Router, connection.Endpoint(connection.ControlPort));
        stdin = Bound(ZmqSocketType.Router, connection.Endpoint(connection.StdinPort));
        iopub = Bound(ZmqSocketType.Pub, connection.Endpoint(connection.IOPubPort));
        heartbeat = new Heartbeat(context, connection.Endpoint(connection.HBPort));
    }

    private ZmqSocket Bound(ZmqSocketType type, string endpoint)
    {
        var socket = new ZmqSocket(context, type);
        socket.Bind(endpoint);
        return socket;
    }

    /// <summary>Serves requests until a shutdown_request arrives or <paramref name="cancellation"/> fires.</summary>
    public void Run(CancellationToken cancellation = default)
    {
        using var link = cancellation.Register(stopping.Cancel);
        Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);
        var controlThread = new Thread(() => Serve(control)) { IsBackground = true, Name = "jupyter control" };
        controlThread.Start();
        Serve(shell);
        controlThread.Join();
    }

    private void Serve(ZmqSocket socket)
    {
        while (!stopping.IsCancellationRequested)
        {
            var frames = socket.ReceiveMultipart(Poll);
            if (frames == null) continue;
            JupyterMessage request;
            try { request = WireFormat.Deserialize(frames, signer); }
            catch (InvalidSignatureException e)
            {
                log.WriteLine($"kernel: rejected a message with a bad signature: {e.Message}");
                continue;
            }
            catch (MalformedMessageException e)
            {
                log.WriteLine($"kernel: rejected a malformed message: {e.Message}");
                continue;
            }
            try { Handle(request, socket); }
            catch (Exception e) { log.WriteLine($"kernel: {request.MessageType} failed: {e}"); }
        }
    }

    private void Handle(JupyterMessage request, ZmqSocket socket)
    {
        var type = request.MessageType;
        if (type == "interrupt_request")
        {
            // Answered at once: the cell sees Cell.Cancellation fire, and its own execute_reply tells how it ended.
            Interrupt();
            Reply(socket, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
            return;
        }
        Publish("status", new JsonObject { ["execution_state"] = "busy" }, request);
        try
        {
            switch (type)
            {
                case "kernel_info_request": Reply(socket, request, "kernel_info_reply", KernelInfo.Reply()); break;
                case "execute_request": Execute(request, socket); break;
                case "complete_request": Reply(socket, request, "complete_reply", Complete(request.Content)); break;
                case "is_complete_request": Reply(socket, request, "is_complete_reply", IsComplete(request.Content)); break;
                case "inspect_request":
                    Reply(socket, request, "inspect_reply",
                        new JsonObject { ["status"] = "ok", ["found"] = false, ["data"] = new JsonObject(), ["metadata"] = new JsonObject() });
                    break;
                case "history_request": Reply(socket, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() }); break;
                case "comm_info_request": Reply(socket, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }); break;
                case "shutdown_request":
                    var restart = request.Content["restart"]?.GetValue<bool>() ?? false;
                    Reply(socket, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
                    stopping.Cancel();
                    break;
                default:
                    log.WriteLine($"kernel: ignored a message of unknown type '{type}'");
                    break;
            }
        }
        finally
        {
            Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
        }
    }

    /// <summary>Makes <see cref="Run"/> return after the request in hand (SIGTERM; a shutdown_request does the same).</summary>
    public void Stop() => stopping.Cancel();

    /// <summary>Interrupts the running cell, if any (what interrupt_request does; the CLI maps SIGINT here too).</summary>
    public void Interrupt()
    {
        try { Volatile.Read(ref runningCell)?.Cancel(); }
        catch (ObjectDisposedException) { }  // the cell ended meanwhile
    }

    private void Execute(JupyterMessage request, ZmqSocket socket)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var silent = request.Content["silent"]?.GetValue<bool>() ?? false;
        var count = session.ExecutionCount + 1;
        if (!silent) Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);

        using var interrupt = new CancellationTokenSource();
        Volatile.Write(ref runningCell, interrupt);
        CellResult result;
        try { result = session.Execute(code, CellLanguage.CSharp, new KernelOutput(this, request), interrupt.Token); }
        finally { Volatile.Write(ref runningCell, null); }

        switch (result)
        {
            case CellResult.Ok ok:
                if (ok.Value != null && !silent)
                    Publish("execute_result", new JsonObject
                    {
                        ["execution_count"] = count,
                        ["data"] = KernelOutput.MimeBundle(ok.Value),
                        ["metadata"] = new JsonObject(),
                    }, request);
                Reply(socket, request, "execute_reply", new JsonObject
                {
                    ["status"] = "ok", ["execution_count"] = count, ["payload"] = new JsonArray(), ["user_expressions"] = new JsonObject(),
                });
                break;
            case CellResult.Error error:
                var content = new JsonObject
                {
                    ["ename"] = error.Name,
                    ["evalue"] = error.Message,
                    ["traceback"] = new JsonArray(error.Traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
                };
                Publish("error", content.DeepClone().AsObject(), request);
                content["status"] = "error";
                content["execution_count"] = count;
                Reply(socket, request, "execute_reply", content);
                break;
        }
    }

    private JsonObject Complete(JsonObject content)
    {
        var code = content["code"]?.GetValue<string>() ?? "";
        var cursor = CodePoints.ToUtf16(code, content["cursor_pos"]?.GetValue<int>() ?? code.Length);
        var completion = session.Complete(code, cursor, CellLanguage.CSharp);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(completion.Matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["cursor_start"] = CodePoints.FromUtf16(code, completion.Start),
            ["cursor_end"] = CodePoints.FromUtf16(code, completion.End),
            ["metadata"] = new JsonObject(),
        };
    }

    private JsonObject IsComplete(JsonObject content)
    {
        var (status, indent) = session.IsComplete(content["code"]?.GetValue<string>() ?? "", CellLanguage.CSharp);
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = indent;
        return reply;
    }

    private void Reply(ZmqSocket socket, JupyterMessage request, string type, JsonObject content)
    {
        var frames = WireFormat.Serialize(JupyterMessage.Create(type, content, request, sessionId), signer);
        // Each socket is served by one thread, which is the one replying on it.
        socket.SendMultipart(frames);
    }

    /// <summary>Sends a message on IOPub (from any thread), as a child of <paramref name="parent"/>.</summary>
    internal void Publish(string type, JsonObject content, JupyterMessage? parent)
    {
        // IOPub is a PUB socket: the first frame is a topic (ipykernel's "kernel.<id>.<type>"), not a client identity.
        var message = new JupyterMessage(MessageHeader.Create(type, sessionId), parent?.Header, new JsonObject(), content)
        {
            Identities = [System.Text.Encoding.UTF8.GetBytes($"kernel.{sessionId}.{type}")],
        };
        var frames = WireFormat.Serialize(message, signer);
        lock (iopubGate) iopub.SendMultipart(frames);
    }

    /// <summary>Closes the sockets (after <see cref="Run"/> has returned).</summary>
    public void Dispose()
    {
        stopping.Cancel();
        heartbeat.Dispose();
        shell.Dispose();
        control.Dispose();
        stdin.Dispose();
        iopub.Dispose();
        context.Dispose();
        stopping.Dispose();
    }
}
