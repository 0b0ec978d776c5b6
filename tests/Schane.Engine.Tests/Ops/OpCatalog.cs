namespace Schane.Engine.Tests.Ops;

/// <summary>
/// Every public tensor op of Schane.Engine with the PyTorch expression it must agree with. The op names are the .NET
/// member names (Torch.* for the static ones); each is one xunit case of <see cref="OpOracleTests"/>.
/// </summary>
public static partial class OpCatalog
{
    /// <summary>All op definitions, in a fixed order.</summary>
    public static IReadOnlyList<OpDefinition> All { get; } =
    [
        .. Creation(), .. Conversion(), .. Unary(), .. Binary(), .. Operators(), .. Reductions(), .. Products(),
        .. Views(), .. Joins(), .. Indexing(), .. Sorting(), .. Properties(),
    ];

    private static OpDefinition Op(string name, Action<CaseBuilder> define) => new(name, define);

    /// <summary>
    /// Runs an in-place op on <paramref name="target"/> and returns the target, failing if the op returned another
    /// tensor (in-place ops return this, as in PyTorch).
    /// </summary>
    private static Tensor InPlace(Tensor target, Func<Tensor, Tensor> op) =>
        ReferenceEquals(op(target), target) ? target : throw new InvalidOperationException("the in-place op did not return this");
}
