using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Schane.Interactive.Zmq;

/// <summary>The libzmq 4.x C API (Debian's libzmq5), the few calls a Jupyter kernel needs.</summary>
internal static unsafe partial class ZmqNative
{
    private const string Lib = "libzmq.so.5";

    // Socket options (zmq.h).
    internal const int ZMQ_SUBSCRIBE = 6;
    internal const int ZMQ_RCVMORE = 13;
    internal const int ZMQ_LINGER = 17;
    internal const int ZMQ_LAST_ENDPOINT = 32;

    // Send/receive flags and poll events.
    internal const int ZMQ_DONTWAIT = 1;
    internal const int ZMQ_SNDMORE = 2;
    internal const short ZMQ_POLLIN = 1;

    // errno values: Linux's, and libzmq's own above ZMQ_HAUSNUMERO.
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int ETERM = 156384712 + 53;

    /// <summary>zmq_msg_t: 64 opaque bytes, pointer-aligned.</summary>
    [InlineArray(8)]
    internal struct Message
    {
        private long _element0;
    }

    /// <summary>zmq_pollitem_t on Unix: { void *socket; int fd; short events; short revents; }.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollItem
    {
        public nint Socket;
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Lib, SetLastError = true)] internal static partial nint zmq_ctx_new();
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_ctx_shutdown(nint context);
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_ctx_term(nint context);

    [LibraryImport(Lib, SetLastError = true)] internal static partial nint zmq_socket(nint context, int type);
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_close(nint socket);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)] internal static partial int zmq_bind(nint socket, string endpoint);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)] internal static partial int zmq_connect(nint socket, string endpoint);
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_setsockopt(nint socket, int option, void* value, nuint size);
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_getsockopt(nint socket, int option, void* value, nuint* size);

    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_msg_init(Message* message);
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_msg_recv(Message* message, nint socket, int flags);
    [LibraryImport(Lib)] internal static partial void* zmq_msg_data(Message* message);
    [LibraryImport(Lib)] internal static partial nuint zmq_msg_size(Message* message);
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_msg_close(Message* message);
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_send(nint socket, void* buffer, nuint length, int flags);
    [LibraryImport(Lib, SetLastError = true)] internal static partial int zmq_poll(PollItem* items, int count, long timeoutMs);

    [LibraryImport(Lib)] internal static partial nint zmq_strerror(int errno);

    /// <summary>
    /// The errno of the last failed call above. They are declared SetLastError so the runtime captures errno right
    /// after the call; zmq_errno() read later could see a value the runtime itself left on this thread.
    /// </summary>
    internal static int Errno() => Marshal.GetLastPInvokeError();

    /// <summary>libzmq's text for <paramref name="errno"/> (strerror for system errors).</summary>
    internal static string StrError(int errno) => Marshal.PtrToStringUTF8(zmq_strerror(errno)) ?? $"errno {errno}";
}
