using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static unsafe partial class NativeMethods
{
    // jit.cpp
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr sch_jit_load(string path, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial void sch_jit_free(IntPtr module);
    [LibraryImport(Lib)] internal static partial IntPtr sch_jit_forward(IntPtr module, IntPtr* inputs, int count);
    [LibraryImport(Lib)] internal static partial IntPtr sch_jit_named_tensors(IntPtr module, int buffers, int recurse);
    [LibraryImport(Lib)] internal static partial int sch_jit_child_count(IntPtr module);
    [LibraryImport(Lib)] internal static partial IntPtr sch_jit_child(IntPtr module, int index, byte* name, int capacity);
    [LibraryImport(Lib)] internal static partial int sch_jit_is_training(IntPtr module);
    [LibraryImport(Lib)] internal static partial int sch_jit_set_training(IntPtr module, int on);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int sch_jit_save(IntPtr module, string path);
}
