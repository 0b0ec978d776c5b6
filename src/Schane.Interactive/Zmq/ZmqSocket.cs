using System.Runtime.InteropServices;
using System.Text;

namespace Schane.Interactive.Zmq;

/// <summary>
/// A ZeroMQ socket (pyzmq's zmq.Socket) sending and receiving whole multipart messages.
/// Like every libzmq socket it is not thread-safe: use it from one thread at a time (handing it to another thread,
/// e.g. by starting that thread, is fine). Dispose it before its <see cref="ZmqContext"/>; Dispose is idempotent
/// and never blocks (libzmq closes asynchronously; unsent messages wait up to <see cref="Linger"/> in the context).
/// </summary>
public sealed unsafe class ZmqSocket : IDisposable
{
    /// <summary>
    /// The linger every new socket gets (ipykernel's 1000 ms): long enough to deliver a last reply,
    /// short enough that disposing the context never waits long on a vanished peer.
    /// </summary>
    public static TimeSpan DefaultLinger { get; } = TimeSpan.FromSeconds(1);

    private readonly ZmqContext _context;
    private nint _handle;

    /// <summary>zmq.Context.socket(type): a new socket of <paramref name="type"/> in <paramref name="context"/>.</summary>
    public ZmqSocket(ZmqContext context, ZmqSocketType type)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Type = type;
        _handle = context.OpenSocket(type);
        try
        {
            Linger = DefaultLinger;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>zmq.Socket.socket_type.</summary>
    public ZmqSocketType Type { get; }

    /// <summary>
    /// zmq.Socket.linger (ZMQ_LINGER): how long unsent messages are kept after Dispose, holding up the context's
    /// termination; <see cref="TimeSpan.Zero"/> drops them, <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan Linger
    {
        set
        {
            var ms = Milliseconds(value, nameof(value));
            if (ms > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(value), value, "Linger must fit in an int of milliseconds");
            SetInt(ZmqNative.ZMQ_LINGER, (int)ms, "set linger");
        }
    }

    /// <summary>
    /// zmq.Socket.LAST_ENDPOINT: the endpoint last bound or connected, with wildcards resolved
    /// (binding tcp://127.0.0.1:* gives e.g. tcp://127.0.0.1:43117).
    /// </summary>
    public string LastEndpoint
    {
        get
        {
            var buffer = stackalloc byte[1024];
            nuint size = 1024;
            Check(ZmqNative.zmq_getsockopt(Handle, ZmqNative.ZMQ_LAST_ENDPOINT, buffer, &size), "get last endpoint");
            // The value is NUL-terminated and the size counts the NUL.
            var length = new ReadOnlySpan<byte>(buffer, (int)size).IndexOf((byte)0);
            return Encoding.UTF8.GetString(buffer, length < 0 ? (int)size : length);
        }
    }

    /// <summary>zmq.Socket.bind(endpoint), e.g. tcp://127.0.0.1:5555, tcp://127.0.0.1:* or ipc:///tmp/name.</summary>
    public void Bind(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Check(ZmqNative.zmq_bind(Handle, endpoint), "bind " + endpoint);
    }

    /// <summary>zmq.Socket.connect(endpoint); the connection itself is made (and remade) in the background.</summary>
    public void Connect(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Check(ZmqNative.zmq_connect(Handle, endpoint), "connect " + endpoint);
    }

    /// <summary>zmq.Socket.subscribe(prefix) on a SUB socket: receive messages whose first frame starts with it (empty: all).</summary>
    public void Subscribe(byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        fixed (byte* p = prefix)
            Check(ZmqNative.zmq_setsockopt(Handle, ZmqNative.ZMQ_SUBSCRIBE, p, (nuint)prefix.Length), "subscribe");
    }

    /// <summary>
    /// zmq.Socket.send_multipart(frames): queues one message of one or more frames (empty frames allowed),
    /// blocking only while the socket's queue is full.
    /// </summary>
    public void SendMultipart(IReadOnlyList<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0) throw new ArgumentException("A message needs at least one frame.", nameof(frames));
        // Check every frame before sending any, so that a bad argument never leaves half a message queued.
        for (var i = 0; i < frames.Count; i++)
            if (frames[i] is null) throw new ArgumentException($"Frame {i} is null.", nameof(frames));
        var handle = Handle;
        byte empty = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            var flags = i < frames.Count - 1 ? ZmqNative.ZMQ_SNDMORE : 0;
            fixed (byte* p = frame)
            {
                // An empty array pins to null; hand libzmq a valid pointer anyway.
                var data = frame.Length == 0 ? &empty : p;
                while (ZmqNative.zmq_send(handle, data, (nuint)frame.Length, flags) < 0)
                {
                    var errno = ZmqNative.Errno();
                    if (errno != ZmqNative.EINTR) throw new ZmqException($"send frame {i} of {frames.Count}", errno);
                }
            }
        }
    }

    /// <summary>
    /// zmq.Socket.recv_multipart() with a timeout (zmq.Socket.poll first): the next message's frames, or null when
    /// none arrives within <paramref name="timeout"/> (<see cref="TimeSpan.Zero"/>: do not wait;
    /// <see cref="Timeout.InfiniteTimeSpan"/>: wait until one arrives). Signal interruptions are retried.
    /// </summary>
    public IReadOnlyList<byte[]>? ReceiveMultipart(TimeSpan timeout)
    {
        var timeoutMs = Milliseconds(timeout, nameof(timeout));
        var handle = Handle;
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var wait = timeoutMs < 0 ? -1 : Math.Max(0, deadline - Environment.TickCount64);
            var item = new ZmqNative.PollItem { Socket = handle, Events = ZmqNative.ZMQ_POLLIN };
            var ready = ZmqNative.zmq_poll(&item, 1, wait);
            if (ready < 0)
            {
                var errno = ZmqNative.Errno();
                if (errno == ZmqNative.EINTR) continue;
                throw new ZmqException("poll", errno);
            }
            if (ready == 0)
            {
                if (timeoutMs >= 0) return null;
                continue;
            }
            var frames = ReceiveFrames(handle);
            if (frames != null) return frames;
            // Readiness without a message (another reader, or a spurious wake-up): poll again for what is left.
            if (timeoutMs >= 0 && Environment.TickCount64 >= deadline) return null;
        }
    }

    /// <summary>zmq.Socket.close(): idempotent; the socket cannot be used afterwards.</summary>
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0) _context.CloseSocket(handle);
    }

    private nint Handle
    {
        get
        {
            var handle = _handle;
            ObjectDisposedException.ThrowIf(handle == 0, this);
            return handle;
        }
    }

    // Receives all frames of the next message, the first without waiting; null when there is none yet.
    private static List<byte[]>? ReceiveFrames(nint handle)
    {
        var frames = new List<byte[]>();
        ZmqNative.Message message;
        ZmqNative.zmq_msg_init(&message);
        try
        {
            while (true)
            {
                // The first frame is known to be there (poll); later frames of a multipart message arrive with it.
                var flags = frames.Count == 0 ? ZmqNative.ZMQ_DONTWAIT : 0;
                if (ZmqNative.zmq_msg_recv(&message, handle, flags) < 0)
                {
                    var errno = ZmqNative.Errno();
                    if (errno == ZmqNative.EINTR) continue;
                    if (errno == ZmqNative.EAGAIN && frames.Count == 0) return null;
                    throw new ZmqException($"receive frame {frames.Count}", errno);
                }
                var size = checked((int)ZmqNative.zmq_msg_size(&message));
                var frame = size == 0 ? [] : new byte[size];
                if (size > 0) new ReadOnlySpan<byte>(ZmqNative.zmq_msg_data(&message), size).CopyTo(frame);
                frames.Add(frame);
                if (GetInt(handle, ZmqNative.ZMQ_RCVMORE, "get rcvmore") == 0) return frames;
            }
        }
        finally
        {
            ZmqNative.zmq_msg_close(&message);
        }
    }

    private void SetInt(int option, int value, string action) =>
        Check(ZmqNative.zmq_setsockopt(Handle, option, &value, sizeof(int)), action);

    private static int GetInt(nint handle, int option, string action)
    {
        int value = 0;
        nuint size = sizeof(int);
        Check(ZmqNative.zmq_getsockopt(handle, option, &value, &size), action);
        return value;
    }

    private static void Check(int result, string action)
    {
        if (result < 0) throw ZmqException.Last(action);
    }

    // libzmq's milliseconds: -1 for infinite, otherwise non-negative.
    private static long Milliseconds(TimeSpan span, string name)
    {
        if (span == Timeout.InfiniteTimeSpan) return -1;
        if (span < TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, span, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        return (long)Math.Ceiling(span.TotalMilliseconds);
    }
}
