using System.Numerics;
using System.Runtime.CompilerServices;

namespace Schane.Core.Losses.Kernels;

/// <summary>Constants and conversions of the kernel's element type T, float or double (the branches on T fold when compiled).</summary>
internal static class Element
{
    /// <summary>The most negative finite value of T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Lowest<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? (T)(object)float.MinValue : (T)(object)double.MinValue;

    /// <summary>The largest finite value of T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Highest<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? (T)(object)float.MaxValue : (T)(object)double.MaxValue;

    /// <summary>A double rounded to T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T From<T>(double value) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;

    /// <summary>
    /// A label as the lane bits of T, so that label lanes line up with value lanes: int32 for float, int32 sign-extended
    /// to int64 for double. It is cut to int32 first, as the C++ kernel did (labels are class indices).
    /// </summary>
    public static T LabelBits<T>(long label) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? (T)(object)BitConverter.Int32BitsToSingle((int)label)
            : (T)(object)BitConverter.Int64BitsToDouble((int)label);
}
