namespace Schane.Interactive.Zmq;

/// <summary>
/// A libzmq call failed. The message names what was attempted and libzmq's reason, e.g.
/// "bind tcp://127.0.0.1:5555: Address already in use" (pyzmq's zmq.ZMQError).
/// </summary>
public sealed class ZmqException : Exception
{
    /// <summary>A failure of <paramref name="action"/> with the given errno (pyzmq's zmq.ZMQError(errno)).</summary>
    public ZmqException(string action, int errno)
        : base($"{action}: {ZmqNative.StrError(errno)}") => Errno = errno;

    /// <summary>The errno libzmq reported (zmq.ZMQError.errno); <see cref="IsContextTerminated"/> tests for ETERM.</summary>
    public int Errno { get; }

    /// <summary>True when the socket's context was shut down (zmq.ETERM): the socket must now be disposed.</summary>
    public bool IsContextTerminated => Errno == ZmqNative.ETERM;

    /// <summary>The exception for the last failed libzmq call on this thread.</summary>
    internal static ZmqException Last(string action) => new(action, ZmqNative.Errno());
}
