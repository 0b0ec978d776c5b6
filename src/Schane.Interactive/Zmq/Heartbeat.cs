namespace Schane.Interactive.Zmq;

/// <summary>
/// Jupyter's heartbeat channel (ipykernel's Heartbeat thread): a REP socket that echoes every request unchanged,
/// on its own background thread, so that clients see the kernel alive even while a cell runs.
/// </summary>
public sealed class Heartbeat : IDisposable
{
    // How often the echo loop looks at the stop flag: Dispose returns within about this long.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ZmqSocket _socket;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _disposed;

    /// <summary>ipykernel.heartbeat.Heartbeat(context, addr).start(): binds a REP socket to <paramref name="endpoint"/> and starts echoing.</summary>
    public Heartbeat(ZmqContext context, string endpoint)
    {
        _socket = new ZmqSocket(context, ZmqSocketType.Rep);
        try
        {
            _socket.Bind(endpoint);
            Endpoint = _socket.LastEndpoint;
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        // From here on only the echo thread touches the socket, until Dispose has joined it.
        _thread = new Thread(Echo) { IsBackground = true, Name = "Jupyter heartbeat" };
        _thread.Start();
    }

    /// <summary>The bound endpoint, wildcards resolved (ipykernel's Heartbeat.port, as an address).</summary>
    public string Endpoint { get; }

    /// <summary>Why the echo loop stopped before Dispose, if it did (null while it runs or after a clean stop).</summary>
    public ZmqException? Failure { get; private set; }

    /// <summary>Stops the echo thread (within about 50 ms) and closes the socket. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stopping = true;
        _thread.Join();
        _socket.Dispose();
    }

    private void Echo()
    {
        try
        {
            while (!_stopping)
            {
                var request = _socket.ReceiveMultipart(PollInterval);
                if (request != null) _socket.SendMultipart(request);
            }
        }
        catch (ZmqException e)
        {
            // ETERM: the context was disposed before us, a normal way to end; anything else is kept for the owner.
            if (!e.IsContextTerminated) Failure = e;
        }
    }
}
