using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

/// <summary>Turns the shim's null handles and -1 statuses into exceptions carrying libtorch's message.</summary>
internal static class NativeError
{
    /// <summary>Returns <paramref name="handle"/>, or throws the recorded error when it is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static IntPtr Check(IntPtr handle, [CallerMemberName] string call = "", [CallerFilePath] string file = "")
    {
        if (handle == IntPtr.Zero) Throw(call, file);
        return handle;
    }

    /// <summary>Throws the recorded error when <paramref name="status"/> is negative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Check(int status, [CallerMemberName] string call = "", [CallerFilePath] string file = "")
    {
        if (status < 0) Throw(call, file);
        return status;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Throw(string call, string file = "")
    {
        // "Tensor.Math.cs" + "MatMul" -> "Tensor.MatMul": the public type and member the user called.
        var type = Path.GetFileNameWithoutExtension(file).Split('.')[0];
        if (type.Length > 0) call = $"{type}.{call}";
        var kind = (NativeErrorKind)NativeMethods.sch_last_error_kind();
        var message = Marshal.PtrToStringUTF8(NativeMethods.sch_last_error()) ?? "libtorch reported an error without a message";
        var text = $"{call}: {message.Trim()}";
        throw kind switch
        {
            NativeErrorKind.IndexError => new ArgumentOutOfRangeException(null, text),
            _ => new TorchException(text),
        };
    }
}
