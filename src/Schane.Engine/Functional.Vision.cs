using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

// Spatial sampling (native vision.cpp): a batch of affine warps — crops, resizes, flips, rotations — in two calls.
public static unsafe partial class Functional
{
    /// <summary>
    /// The sampling grid of a batch of affine maps (torch.nn.functional.affine_grid): <paramref name="theta"/> is
    /// [N, 2, 3] for an output <paramref name="size"/> of [N, C, H, W] (or [N, 3, 4] for [N, C, D, H, W]); the result
    /// is [N, H, W, 2] (or [N, D, H, W, 3]) of (x, y[, z]) input coordinates in [−1, 1], for <see cref="GridSample"/>.
    /// Each output point's normalised coordinates (x, y, 1) are multiplied by θ. <paramref name="alignCorners"/>
    /// places −1 and 1 at the centres of the corner pixels instead of their outer edges.
    /// </summary>
    public static Tensor AffineGrid(Tensor theta, ReadOnlySpan<long> size, bool alignCorners = false)
    {
        // PyTorch checks these in Python before calling the generator.
        if (!theta.DType.IsFloatingPoint())
            throw new ArgumentException($"Expected theta to have floating point type, but got {theta.DType.ToTorchName()}", nameof(theta));
        var shape = theta.Shape;
        var sizeText = $"[{string.Join(", ", size.ToArray())}]";
        var (rows, columns) = size.Length switch
        {
            4 => (2L, 3L),
            5 => (3L, 4L),
            _ => throw new ArgumentException($"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size {sizeText}.", nameof(size)),
        };
        if (shape.Length != 3 || shape[1] != rows || shape[2] != columns)
            throw new ArgumentException($"Expected a batch of {size.Length - 2}D affine matrices of shape Nx{rows}x{columns} for size {sizeText}. " +
                $"Got [{string.Join(", ", shape)}].", nameof(theta));
        foreach (var n in size)
            if (n <= 0) throw new ArgumentException($"Expected non-zero, positive output size. Got {sizeText}", nameof(size));
        if (size[0] != shape[0])
            throw new ArgumentException($"theta holds {shape[0]} matrices but size asks for a batch of {size[0]}", nameof(size));
        fixed (long* s = size)
            return Tensor.Wrap(sch_affine_grid(theta.Handle, s, size.Length, alignCorners ? 1 : 0));
    }

    /// <summary>
    /// Samples <paramref name="input"/> [N, C, H, W] (or [N, C, D, H, W]) at the points of <paramref name="grid"/>
    /// [N, Ho, Wo, 2] (or [N, Do, Ho, Wo, 3]), whose (x, y[, z]) lie in [−1, 1] across the input, giving
    /// [N, C, Ho, Wo] (torch.nn.functional.grid_sample). Differentiable in both the input and the grid.
    /// </summary>
    public static Tensor GridSample(Tensor input, Tensor grid, GridSampleMode mode = GridSampleMode.Bilinear,
        GridSamplePaddingMode paddingMode = GridSamplePaddingMode.Zeros, bool alignCorners = false)
    {
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "expected Bilinear, Nearest or Bicubic");
        if (!Enum.IsDefined(paddingMode))
            throw new ArgumentOutOfRangeException(nameof(paddingMode), paddingMode, "expected Zeros, Border or Reflection");
        if (mode == GridSampleMode.Bicubic && input.Dim != 4)
            throw new ArgumentException($"Bicubic interpolation only supports 4D input, got {input.Dim}D", nameof(input));
        return Tensor.Wrap(sch_grid_sample(input.Handle, grid.Handle, (int)mode, (int)paddingMode, alignCorners ? 1 : 0));
    }
}
