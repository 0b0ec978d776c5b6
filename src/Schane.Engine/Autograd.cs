using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

/// <summary>Functional autograd (torch.autograd).</summary>
public static unsafe class Autograd
{
    /// <summary>
    /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/> (torch.autograd.grad), without
    /// touching any .grad. With <paramref name="allowUnused"/>, an input the outputs do not depend on gets null.
    /// <paramref name="createGraph"/> records the gradient computation, for higher-order derivatives.
    /// </summary>
    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? gradOutputs = null,
        bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        if (gradOutputs != null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"{gradOutputs.Count} grad outputs for {outputs.Count} outputs", nameof(gradOutputs));
        var outs = outputs.Select(t => t.Handle).ToArray();
        var ins = inputs.Select(t => t.Handle).ToArray();
        var gouts = gradOutputs?.Select(t => t?.Handle ?? IntPtr.Zero).ToArray();
        var retain = retainGraph ?? createGraph;
        IntPtr list;
        fixed (IntPtr* o = outs)
        fixed (IntPtr* i = ins)
        fixed (IntPtr* g = gouts)
            list = NativeError.Check(sch_autograd_grad(o, outs.Length, i, ins.Length, gouts == null ? null : g, retain ? 1 : 0,
                createGraph ? 1 : 0, allowUnused ? 1 : 0));
        try
        {
            var result = new Tensor?[sch_list_size(list)];
            for (var k = 0; k < result.Length; k++)
                result[k] = sch_list_defined(list, k) != 0 ? new Tensor(sch_list_take(list, k)) : null;
            return result;
        }
        finally
        {
            sch_list_free(list);
        }
    }

    /// <summary>Gradient of one output with respect to one input.</summary>
    public static Tensor Grad(Tensor output, Tensor input, bool createGraph = false) =>
        Grad([output], [input], null, null, createGraph)[0]!;
}
