using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static unsafe partial class NativeMethods
{
    // serialize.cpp
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int sch_save_tensor(IntPtr t, string path);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int sch_save_dict(IntPtr* names, IntPtr* tensors, int count, string path);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr sch_load_tensor(string path);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr sch_load_dict(string path);

    // named_tensors.cpp
    [LibraryImport(Lib)] internal static partial int sch_named_count(IntPtr list);
    [LibraryImport(Lib)] internal static partial IntPtr sch_named_name(IntPtr list, int i);
    [LibraryImport(Lib)] internal static partial IntPtr sch_named_take(IntPtr list, int i);
    [LibraryImport(Lib)] internal static partial void sch_named_free(IntPtr list);
}
