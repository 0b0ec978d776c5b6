using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Schane.Scripting.Tests;

/// <summary>
/// The README's promise: a script that starts with one <c>#r</c> of the built Schane.Experiments.dll and writes its
/// usings runs under plain Roslyn scripting — what the dotnet-script tool is built on: its resolver and assembly
/// loader, the shared framework referenced, nothing of ours — and under <c>schane run</c>, unchanged.
/// </summary>
public sealed class PlainRoslynTests : IDisposable
{
    private readonly ScriptFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task TheDocumentedReferenceLineRunsUnderPlainRoslynScriptingAndUnderTheHost()
    {
        // The built assemblies, as the README's line points at src/Schane.Cli/bin/Release/net10.0/.
        var experiments = typeof(Schane.Experiments.Statistics.Summary).Assembly.Location;
        var script = folder.Write("portable.csx", $$"""
            #r "{{experiments}}"
            using TorchSharp;
            using static TorchSharp.torch;
            using Schane.Core.Losses;
            using Schane.Experiments;

            var scope = torch.NewDisposeScope();
            var total = torch.ones(2, 2).sum().item<float>();
            scope.Dispose();
            var weighting = NegativeWeighting.TopK(2);
            $"{total} {Statistics.summarize([2.0, 4.0]).Mean} {weighting is NegativeWeighting} {Args.Count}"
            """);

        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var frameworkReferences = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == framework).Select(p => MetadataReference.CreateFromFile(p));
        var options = ScriptOptions.Default.WithReferences(frameworkReferences).WithFilePath(script).WithFileEncoding(Encoding.UTF8);
        var plain = await CSharpScript.EvaluateAsync<object>(File.ReadAllText(script), options, new DotnetScriptGlobals(), typeof(DotnetScriptGlobals));
        Assert.Equal("4 3 True 0", plain);

        Assert.Equal("4 3 True 1", folder.Run(script, "x").Value);
    }

    /// <summary>dotnet-script's globals expose Args as a list of strings.</summary>
    public sealed class DotnetScriptGlobals
    {
        public IList<string> Args { get; } = [];
    }
}
