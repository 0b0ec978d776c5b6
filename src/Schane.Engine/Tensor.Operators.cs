using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

// C# operators. Integer scalars keep integer tensors integral (as Python ints do); double scalars promote them.
// Comparison operators are not overloaded (== must stay reference equality for a disposable handle type):
// use Eq, Lt, Gt and friends.
public sealed unsafe partial class Tensor
{
    private static Tensor LeftScalar(BinaryOp op, double value, Tensor b, string call) =>
        Wrap(sch_binary_scalar_left((int)op, value, 0, 0, b.Handle), call);

    private static Tensor LeftScalar(BinaryOp op, long value, Tensor b, string call) =>
        Wrap(sch_binary_scalar_left((int)op, value, value, 1, b.Handle), call);

    /// <summary>torch.add</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Binary(BinaryOp.Add, b, "op_Addition");
    /// <summary>torch.add</summary>
    public static Tensor operator +(Tensor a, double b) => a.Binary(BinaryOp.Add, b, "op_Addition");
    /// <summary>torch.add</summary>
    public static Tensor operator +(Tensor a, long b) => a.Binary(BinaryOp.Add, b, "op_Addition");
    /// <summary>torch.add</summary>
    public static Tensor operator +(double a, Tensor b) => b.Binary(BinaryOp.Add, a, "op_Addition");
    /// <summary>torch.add</summary>
    public static Tensor operator +(long a, Tensor b) => b.Binary(BinaryOp.Add, a, "op_Addition");

    /// <summary>torch.sub</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Binary(BinaryOp.Sub, b, "op_Subtraction");
    /// <summary>torch.sub</summary>
    public static Tensor operator -(Tensor a, double b) => a.Binary(BinaryOp.Sub, b, "op_Subtraction");
    /// <summary>torch.sub</summary>
    public static Tensor operator -(Tensor a, long b) => a.Binary(BinaryOp.Sub, b, "op_Subtraction");
    /// <summary>torch.rsub</summary>
    public static Tensor operator -(double a, Tensor b) => LeftScalar(BinaryOp.Sub, a, b, "op_Subtraction");
    /// <summary>torch.rsub</summary>
    public static Tensor operator -(long a, Tensor b) => LeftScalar(BinaryOp.Sub, a, b, "op_Subtraction");
    /// <summary>torch.neg</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>torch.mul</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Binary(BinaryOp.Mul, b, "op_Multiply");
    /// <summary>torch.mul</summary>
    public static Tensor operator *(Tensor a, double b) => a.Binary(BinaryOp.Mul, b, "op_Multiply");
    /// <summary>torch.mul</summary>
    public static Tensor operator *(Tensor a, long b) => a.Binary(BinaryOp.Mul, b, "op_Multiply");
    /// <summary>torch.mul</summary>
    public static Tensor operator *(double a, Tensor b) => b.Binary(BinaryOp.Mul, a, "op_Multiply");
    /// <summary>torch.mul</summary>
    public static Tensor operator *(long a, Tensor b) => b.Binary(BinaryOp.Mul, a, "op_Multiply");

    /// <summary>torch.div (true division)</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Binary(BinaryOp.Div, b, "op_Division");
    /// <summary>torch.div</summary>
    public static Tensor operator /(Tensor a, double b) => a.Binary(BinaryOp.Div, b, "op_Division");
    /// <summary>torch.div</summary>
    public static Tensor operator /(Tensor a, long b) => a.Binary(BinaryOp.Div, b, "op_Division");
    /// <summary>scalar / tensor</summary>
    public static Tensor operator /(double a, Tensor b) => LeftScalar(BinaryOp.Div, a, b, "op_Division");
    /// <summary>scalar / tensor</summary>
    public static Tensor operator /(long a, Tensor b) => LeftScalar(BinaryOp.Div, a, b, "op_Division");

    /// <summary>torch.remainder</summary>
    public static Tensor operator %(Tensor a, Tensor b) => a.Binary(BinaryOp.Remainder, b, "op_Modulus");
    /// <summary>torch.remainder</summary>
    public static Tensor operator %(Tensor a, long b) => a.Binary(BinaryOp.Remainder, b, "op_Modulus");

    /// <summary>torch.logical_and (on bool tensors)</summary>
    public static Tensor operator &(Tensor a, Tensor b) => a.LogicalAnd(b);
    /// <summary>torch.logical_or (on bool tensors)</summary>
    public static Tensor operator |(Tensor a, Tensor b) => a.LogicalOr(b);
    /// <summary>torch.logical_not (on bool tensors)</summary>
    public static Tensor operator !(Tensor a) => a.LogicalNot();
}
