namespace Schane.Engine.Native;

// These codes select an op inside one shim export per family; they mirror the enums at the top of
// src/Native/tensor_math.cpp and must stay in the same order.

internal enum UnaryOp
{
    Neg, Abs, Exp, Log, Log1p, Expm1, Sqrt, Rsqrt, Sin, Cos, Tanh, Sigmoid, Relu,
    Sign, Floor, Ceil, Round, Reciprocal, Square, Erf, LogicalNot, IsNan, IsInf,
    IsFinite, Log2, Trunc,
}

internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Remainder, Eq, Ne, Lt, Le, Gt, Ge,
    LogicalAnd, LogicalOr, Atan2, FloorDivide,
}

internal enum ReduceOp { Sum, Mean, Prod, Amax, Amin, LogSumExp, All, Any, Std, Var }

/// <summary>Error kinds recorded by the shim (src/Native/shim.h).</summary>
internal enum NativeErrorKind { Error = 0, IndexError = 1, ValueError = 2, TypeError = 3 }
