using System.Text.Json;
using System.Text.Json.Nodes;
using Schane.Engine.Tests.Support;

namespace Schane.Engine.Tests.Ops;

/// <summary>
/// Runs every op of a catalog in .NET, writes inputs, outputs and gradients as .npy with a JSON manifest, and asks
/// tests/reference/ops_oracle.py (one Python process for all of them) to recompute each with PyTorch.
/// </summary>
public sealed class OpOracle
{
    private readonly Dictionary<string, List<string>> failures = new();
    private readonly Dictionary<string, int> checkCounts = new();

    public OpOracle(IReadOnlyList<OpDefinition> catalog)
    {
        var duplicate = catalog.GroupBy(d => d.Op).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new ArgumentException($"op {duplicate.Key} is defined twice");
        // SCHANE_ORACLE_KEEP=<folder> keeps the manifest and .npy files there, to rerun ops_oracle.py by hand.
        var keep = Environment.GetEnvironmentVariable("SCHANE_ORACLE_KEEP");
        using var dir = new TempDir();
        var cases = new JsonArray();
        var idToOp = new Dictionary<string, string>();
        for (var index = 0; index < catalog.Count; index++)
        {
            var definition = catalog[index];
            var builder = new CaseBuilder(definition.Op, index, dir.Path);
            failures[definition.Op] = new List<string>();
            using (Torch.NewDisposeScope())
            {
                try { definition.Define(builder); }
                catch (Exception e) { failures[definition.Op].Add($"{definition.Op}: .NET threw while building the case: {e.GetType().Name}: {e.Message}"); }
            }
            failures[definition.Op].AddRange(builder.Failures);
            checkCounts[definition.Op] = builder.Checks.Count + builder.Failures.Count;
            foreach (var check in builder.Checks) idToOp[(string)check["id"]!] = definition.Op;
            cases.Add(JsonSerializer.SerializeToNode(new Dictionary<string, object?>
            {
                ["op"] = definition.Op, ["inputs"] = builder.InputEntries, ["checks"] = builder.Checks,
            }));
        }
        var folder = string.IsNullOrEmpty(keep) ? dir.Path : keep;
        if (folder != dir.Path)
        {
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.GetFiles(dir.Path)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), true);
        }
        var manifest = Path.Combine(folder, "manifest.json");
        File.WriteAllText(manifest, new JsonObject { ["cases"] = cases }.ToJsonString());
        var resultFile = Path.Combine(folder, "result.json");
        Python.Run("ops_oracle.py", manifest, resultFile);
        var result = JsonNode.Parse(File.ReadAllText(resultFile))!;
        var checkedIds = result["checked"]!.AsArray().Select(n => (string)n!).ToHashSet();
        foreach (var (id, op) in idToOp)
            if (!checkedIds.Contains(id)) failures[op].Add($"{id}: the oracle did not evaluate this check");
        foreach (var (id, problems) in result["failures"]!.AsObject())
            failures[idToOp[id]].Add($"{id}:\n    " + string.Join("\n    ", problems!.AsArray().Select(p => (string)p!)));
    }

    /// <summary>Asserts that <paramref name="op"/> had checks and that torch agreed with all of them.</summary>
    public void AssertAgrees(string op)
    {
        Assert.True(checkCounts.TryGetValue(op, out var count) && count > 0, $"op {op} has no checks");
        var problems = failures[op];
        if (problems.Count > 0) Assert.Fail($"{problems.Count} of {count} checks of {op} disagree with PyTorch:\n" + string.Join("\n", problems));
    }
}
