using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine.Native;

/// <summary>Takes the shim's NamedTensors lists (src/Native/named_tensors.h): state dicts and parameter lists.</summary>
internal static class NamedTensorList
{
    /// <summary>
    /// Wraps every tensor of <paramref name="list"/> in a new <see cref="Tensor"/> (a handle to the listed tensor, not a
    /// copy) and frees the list; throws the recorded error when <paramref name="list"/> is null.
    /// </summary>
    internal static List<(string Name, Tensor Tensor)> Take(IntPtr list, [CallerMemberName] string call = "", [CallerFilePath] string file = "")
    {
        NativeError.Check(list, call, file);
        try
        {
            var count = sch_named_count(list);
            var result = new List<(string, Tensor)>(count);
            for (var i = 0; i < count; i++)
                result.Add((Marshal.PtrToStringUTF8(sch_named_name(list, i))!, new Tensor(sch_named_take(list, i))));
            return result;
        }
        finally
        {
            sch_named_free(list);
        }
    }
}
