namespace Schane.Engine.Tests.Ops;

/// <summary>The op catalog, run once in .NET and once in PyTorch; one xunit case per op.</summary>
public sealed class OpOracleFixture
{
    /// <summary>The oracle's verdicts (built on first use, shared by every case of the class).</summary>
    public OpOracle Oracle { get; } = new(OpCatalog.All);
}

public class OpOracleTests(OpOracleFixture fixture) : IClassFixture<OpOracleFixture>
{
    public static TheoryData<string> Ops()
    {
        var data = new TheoryData<string>();
        foreach (var op in OpCatalog.All) data.Add(op.Op);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void MatchesPyTorch(string op) => fixture.Oracle.AssertAgrees(op);

    [Fact]
    public void CatalogNamesAreUnique() =>
        Assert.Equal(OpCatalog.All.Count, OpCatalog.All.Select(d => d.Op).Distinct().Count());
}
