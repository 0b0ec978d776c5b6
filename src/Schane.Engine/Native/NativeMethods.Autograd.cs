using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static unsafe partial class NativeMethods
{
    // autograd.cpp
    [LibraryImport(Lib)] internal static partial int sch_backward(IntPtr t, IntPtr gradient, int retainGraph, int createGraph);
    [LibraryImport(Lib)] internal static partial int sch_grad(IntPtr t, IntPtr* grad);
    [LibraryImport(Lib)] internal static partial int sch_set_grad(IntPtr t, IntPtr grad);
    [LibraryImport(Lib)] internal static partial int sch_retain_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_grad_enabled();
    [LibraryImport(Lib)] internal static partial void sch_set_grad_enabled(int enabled);
    [LibraryImport(Lib)] internal static partial IntPtr sch_autograd_grad(IntPtr* outputs, int nout, IntPtr* inputs, int nin, IntPtr* gradOutputs, int retainGraph, int createGraph, int allowUnused);
    [LibraryImport(Lib)] internal static partial int sch_list_defined(IntPtr list, int i);
    [LibraryImport(Lib)] internal static partial int sch_set_data(IntPtr t, IntPtr source);
}
