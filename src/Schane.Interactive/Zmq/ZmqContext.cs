namespace Schane.Interactive.Zmq;

/// <summary>
/// A ZeroMQ context (pyzmq's zmq.Context): owns libzmq's I/O thread; sockets are created in it.
/// Dispose the sockets first, then the context. Disposing the context while sockets are still open never blocks:
/// it shuts the context down (blocking calls on those sockets fail with ETERM, see
/// <see cref="ZmqException.IsContextTerminated"/>) and the last socket's Dispose releases it.
/// </summary>
public sealed class ZmqContext : IDisposable
{
    private readonly object _gate = new();
    private nint _handle;
    private int _openSockets;
    private bool _disposed;

    /// <summary>zmq.Context(): a new context with one I/O thread.</summary>
    public ZmqContext()
    {
        _handle = ZmqNative.zmq_ctx_new();
        if (_handle == 0) throw ZmqException.Last("zmq_ctx_new");
    }

    /// <summary>
    /// zmq.Context.term(), made non-blocking: terminates now when no socket is open (waiting at most for their
    /// <see cref="ZmqSocket.Linger"/>), otherwise shuts the context down and leaves the rest to the last socket.
    /// Idempotent.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_openSockets == 0) Terminate();
            else ZmqNative.zmq_ctx_shutdown(_handle);
        }
    }

    /// <summary>Creates a libzmq socket in this context and counts it as open.</summary>
    internal nint OpenSocket(ZmqSocketType type)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var socket = ZmqNative.zmq_socket(_handle, (int)type);
            if (socket == 0) throw ZmqException.Last($"create {type} socket");
            _openSockets++;
            return socket;
        }
    }

    /// <summary>Closes a socket made by <see cref="OpenSocket"/>; the last one out terminates a disposed context.</summary>
    internal void CloseSocket(nint socket)
    {
        lock (_gate)
        {
            ZmqNative.zmq_close(socket);
            _openSockets--;
            if (_disposed && _openSockets == 0) Terminate();
        }
    }

    private void Terminate()
    {
        // zmq_ctx_term returns EINTR when a signal interrupts it; it must then be called again.
        while (ZmqNative.zmq_ctx_term(_handle) != 0 && ZmqNative.Errno() == ZmqNative.EINTR) { }
        _handle = 0;
    }
}
