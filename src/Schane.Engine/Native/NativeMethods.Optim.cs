using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static unsafe partial class NativeMethods
{
    // optim.cpp
    [LibraryImport(Lib)] internal static partial int sch_optim_zero_grad(IntPtr* parameters, int n, int setToNone);
    [LibraryImport(Lib)] internal static partial int sch_sgd_step(IntPtr* parameters, int n, IntPtr* momentumBuffers, double lr, double momentum, double dampening, double weightDecay, int nesterov, int maximize);
    [LibraryImport(Lib)] internal static partial int sch_adamw_step(IntPtr* parameters, int n, IntPtr* expAvg, IntPtr* expAvgSq, IntPtr* maxExpAvgSq, long* steps, double lr, double beta1, double beta2, double eps, double weightDecay, int amsgrad, int maximize);
    [LibraryImport(Lib)] internal static partial int sch_clip_grad_norm(IntPtr* parameters, int n, double maxNorm, double normType, int errorIfNonfinite, double* totalNorm);
}
