using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static unsafe partial class NativeMethods
{
    // nn.cpp: layers
    [LibraryImport(Lib)] internal static partial IntPtr sch_linear(IntPtr x, IntPtr weight, IntPtr bias);
    [LibraryImport(Lib)] internal static partial IntPtr sch_conv2d(IntPtr x, IntPtr weight, IntPtr bias, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr sch_batch_norm(IntPtr x, IntPtr runningMean, IntPtr runningVar, IntPtr weight, IntPtr bias, int training, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr sch_layer_norm(IntPtr x, long* normalizedShape, int ndim, IntPtr weight, IntPtr bias, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr sch_dropout(IntPtr x, double p, int training);

    // nn.cpp: pooling and activations
    [LibraryImport(Lib)] internal static partial IntPtr sch_max_pool2d(IntPtr x, long* kernel, long* stride, long* padding, long* dilation, int ceilMode);
    [LibraryImport(Lib)] internal static partial IntPtr sch_adaptive_avg_pool2d(IntPtr x, long* outputSize);
    [LibraryImport(Lib)] internal static partial IntPtr sch_gelu(IntPtr x, int approximate);

    // nn.cpp: losses
    [LibraryImport(Lib)] internal static partial IntPtr sch_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, int reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Lib)] internal static partial IntPtr sch_nll_loss(IntPtr input, IntPtr target, IntPtr weight, int reduction, long ignoreIndex);
    [LibraryImport(Lib)] internal static partial IntPtr sch_mse_loss(IntPtr input, IntPtr target, int reduction);

    // nn.cpp: module state
    [LibraryImport(Lib)] internal static partial int sch_batch_norm_count(IntPtr numBatchesTracked, long* count);
}
