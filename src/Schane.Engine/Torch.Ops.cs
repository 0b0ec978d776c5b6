using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

// Functions of several tensors, in the torch namespace's spelling.
public static unsafe partial class Torch
{
    private delegate IntPtr JoinOp(IntPtr* xs, int count, long dim);

    private static Tensor Join(JoinOp op, IReadOnlyList<Tensor> tensors, int dim, string call)
    {
        if (tensors.Count == 0) throw new ArgumentException($"{call} needs at least one tensor", nameof(tensors));
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle;
        fixed (IntPtr* p = handles) return Tensor.Wrap(op(p, handles.Length, dim), call, "Torch");
    }

    /// <summary>Concatenates along an existing dimension (torch.cat).</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => Join(sch_cat, tensors, dim, nameof(Cat));

    /// <summary>Stacks along a new dimension (torch.stack).</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0) => Join(sch_stack, tensors, dim, nameof(Stack));

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> holds, else of <paramref name="b"/> (torch.where).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => a.Where(condition, b);

    /// <summary>torch.matmul</summary>
    public static Tensor MatMul(Tensor a, Tensor b) => a.MatMul(b);
}
