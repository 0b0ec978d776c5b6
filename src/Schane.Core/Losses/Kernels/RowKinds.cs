namespace Schane.Core.Losses.Kernels;

/// <summary>
/// A <see cref="ContrastiveKind"/> as a type, so that each kind's row loops are compiled on their own with the
/// branches on the kind folded away (the C++ kernel did the same with template parameters).
/// </summary>
internal interface IRowKind
{
    /// <summary>The loss.</summary>
    static abstract ContrastiveKind Kind { get; }
}

/// <summary><see cref="ContrastiveKind.SCHaNeInsideLog"/>.</summary>
internal readonly struct InsideLogRows : IRowKind
{
    public static ContrastiveKind Kind => ContrastiveKind.SCHaNeInsideLog;
}

/// <summary><see cref="ContrastiveKind.SCHaNeOutsideLog"/>.</summary>
internal readonly struct OutsideLogRows : IRowKind
{
    public static ContrastiveKind Kind => ContrastiveKind.SCHaNeOutsideLog;
}

/// <summary><see cref="ContrastiveKind.SupCon"/>.</summary>
internal readonly struct SupConRows : IRowKind
{
    public static ContrastiveKind Kind => ContrastiveKind.SupCon;
}

/// <summary><see cref="ContrastiveKind.HCL"/>.</summary>
internal readonly struct HCLRows : IRowKind
{
    public static ContrastiveKind Kind => ContrastiveKind.HCL;
}
