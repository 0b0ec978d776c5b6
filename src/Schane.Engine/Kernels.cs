using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

/// <summary>Fused CPU kernels that have no single PyTorch equivalent, for the losses built on the engine.</summary>
public static unsafe class Kernels
{
    /// <summary>Which contrastive loss a row kernel computes (see Schane.Core.Losses.FusedContrastive for the math).</summary>
    public enum ContrastiveKind
    {
        /// <summary>SCHaNe, positives averaged inside the log.</summary>
        SCHaNeInsideLog = 0,
        /// <summary>SCHaNe, positives averaged outside the log.</summary>
        SCHaNeOutsideLog = 1,
        /// <summary>SupCon's L_out (NT-Xent with instance labels and scale 1).</summary>
        SupCon = 2,
        /// <summary>HCL with debiasing.</summary>
        HCL = 3,
    }

    /// <summary>
    /// For the anchors <paramref name="first"/> … first + R − 1 whose similarities s = z_I zᵀ / τ fill
    /// <paramref name="block"/> ([R, N], contiguous CPU float32/float64), writes each anchor's loss and validity
    /// (has a positive), and overwrites the block with d(Σ valid losses)/dS. Negatives are weighted
    /// |N(i)| · softmax_{N(i)}(β s).
    /// </summary>
    public static void ContrastiveRows(Tensor block, Tensor labels, long first, ContrastiveKind kind, double beta, double tauPlus,
        double scale, double clamp, Span<double> losses, Span<bool> valid)
    {
        var rows = block.Size(0);
        if (losses.Length < rows || valid.Length < rows)
            throw new ArgumentException($"losses and valid must hold {rows} entries");
        fixed (double* l = losses)
        fixed (bool* v = valid)
            NativeError.Check(sch_contrastive_rows(block.Handle, labels.Handle, first, (int)kind, beta, tauPlus, scale, clamp, l, (byte*)v));
    }

    /// <summary>
    /// <see cref="ContrastiveRows"/> for SCHaNe or HCL with the negatives weighted by <paramref name="logWeights"/>
    /// (log w_ik, [R, N] like <paramref name="block"/>; read at the negatives only, −∞ is a weight of 0) instead of an
    /// exponential: Ng_i = Σ_{k∈N(i)} w_ik e^{s_ik}. The block is only read; <paramref name="gradBlock"/> receives
    /// d(Σ valid losses)/dS with the weights held fixed and <paramref name="gradWeights"/> the derivative with respect
    /// to the log-weights (zero off the negatives). All four are contiguous CPU tensors of one dtype (float32/float64);
    /// no PyTorch equivalent (in PyTorch, autograd through the loss written densely).
    /// </summary>
    public static void ContrastiveRowsWeighted(Tensor block, Tensor logWeights, Tensor gradBlock, Tensor gradWeights, Tensor labels,
        long first, ContrastiveKind kind, double tauPlus, double clamp, Span<double> losses, Span<bool> valid)
    {
        var rows = block.Size(0);
        if (losses.Length < rows || valid.Length < rows)
            throw new ArgumentException($"losses and valid must hold {rows} entries");
        fixed (double* l = losses)
        fixed (bool* v = valid)
            NativeError.Check(sch_contrastive_rows_weighted(block.Handle, logWeights.Handle, gradBlock.Handle, gradWeights.Handle,
                labels.Handle, first, (int)kind, tauPlus, clamp, l, (byte*)v));
    }

    /// <summary>output = beta · output + alpha · (a @ b), in place (torch.Tensor.addmm_).</summary>
    public static void AddMatMul_(Tensor output, Tensor a, Tensor b, double beta = 1, double alpha = 1) =>
        NativeError.Check(sch_addmm_(output.Handle, a.Handle, b.Handle, beta, alpha));
}
