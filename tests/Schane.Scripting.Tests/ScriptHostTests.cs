using Schane.Core.Losses;

namespace Schane.Scripting.Tests;

/// <summary>What a script sees and how it runs: references, imports, Args, return values, the compiled-script cache.</summary>
public sealed class ScriptHostTests : IDisposable
{
    private readonly ScriptFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void SeesArgsTorchSharpTheCoreAndTheExperimentsWithoutUsings()
    {
        var script = folder.Write("main.csx", """
            var scope = torch.NewDisposeScope();
            var total = ones(2, 3).sum().item<float>();   // torch's members are imported too: ones is torch.ones
            scope.Dispose();
            var mean = Statistics.summarize([1.0, 2.0, 6.0]).Mean;
            var weighting = NegativeWeighting.TopK(4);
            var files = new List<string> { Path.GetFileName("a/b.txt") }.Select(f => f.ToUpperInvariant()).ToArray();
            $"{string.Join("+", Args)} {total} {mean} {weighting is NegativeWeighting} {files[0]} {typeof(Task).Name} {typeof(CancellationToken).Name}"
            """);
        var (_, value) = folder.Run(script, "x", "y");
        Assert.Equal("x+y 6 3 True B.TXT Task CancellationToken", value);
    }

    [Fact]
    public void ReturnsTheValueOfAReturnStatementOrTheFinalExpression()
    {
        Assert.Equal(7, folder.Run(folder.Write("return.csx", "if (Args.Count > 0) return 7;\nreturn 3;"), "a").Value);
        Assert.Equal(42L, folder.Run(folder.Write("final.csx", "40L + 2")).Value);
        Assert.Null(folder.Run(folder.Write("none.csx", "var x = 1;")).Value);
        Assert.Equal(6, folder.Run(folder.Write("await.csx", "var n = await Task.Run(() => 5);\nreturn n + 1;")).Value);
    }

    [Fact]
    public void ASecondRunOfAnUnchangedScriptSkipsCompilation()
    {
        var script = folder.Write("cached.csx", "Args.Count * 10");
        var (first, firstValue) = folder.Run(script, "a");
        var (second, secondValue) = folder.Run(script, "a", "b");
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal([10, 20], new[] { firstValue, secondValue });
        Assert.StartsWith("compiled ", folder.Log[0]);
        Assert.StartsWith("cached ", folder.Log[1]);
        Assert.Single(Directory.GetDirectories(folder.CacheDirectory), d => System.IO.Path.GetFileName(d) == first.Hash);
    }

    [Fact]
    public void WithoutTheCacheEveryRunCompilesAndNothingIsStored()
    {
        var script = folder.Write("nocache.csx", "1");
        Assert.False(folder.Host(useCache: false).Compile(script).FromCache);
        Assert.False(folder.Host(useCache: false).Compile(script).FromCache);
        Assert.False(Directory.Exists(folder.CacheDirectory) && Directory.GetDirectories(folder.CacheDirectory).Length > 0);
    }

    [Fact]
    public void EditingTheScriptOrAFileItLoadsRecompiles()
    {
        var main = folder.Write("main.csx", "#load \"lib/a.csx\"\nA() * 100 + B()");
        var a = folder.Write("lib/a.csx", "#load \"b.csx\"\nint A() => 1;");
        var b = folder.Write("lib/b.csx", "int B() => 2;");
        var first = folder.Run(main);
        Assert.Equal(102, first.Value);
        Assert.Equal([main, a, b], first.Script.Files);

        File.WriteAllText(b, "int B() => 5;");
        var edited = folder.Run(main);
        Assert.False(edited.Script.FromCache);
        Assert.NotEqual(first.Script.Hash, edited.Script.Hash);
        Assert.Equal(105, edited.Value);

        File.WriteAllText(b, "int B() => 2;");
        var reverted = folder.Run(main);
        Assert.True(reverted.Script.FromCache);
        Assert.Equal(102, reverted.Value);
    }

    [Fact]
    public void AFileLoadedTwiceThroughTwoPathsIsCompiledOnce()
    {
        var main = folder.Write("main.csx", "#load \"left.csx\"\n#load \"right.csx\"\nLeft() + Right()");
        folder.Write("left.csx", "#load \"shared.csx\"\nint Left() => Shared();");
        folder.Write("right.csx", "#load \"shared.csx\"\nint Right() => Shared() * 10;");
        folder.Write("shared.csx", "int Shared() => 3;");
        Assert.Equal(33, folder.Run(main).Value);
    }

    [Fact]
    public void ACachedScriptWhoseEntryWasDamagedIsCompiledAgain()
    {
        var script = folder.Write("damaged.csx", "5");
        var first = folder.Host().Compile(script);
        File.WriteAllBytes(System.IO.Path.Combine(folder.CacheDirectory, first.Hash, "script.dll"), [1, 2, 3]);
        var again = folder.Host().Compile(script);
        Assert.False(again.FromCache);
        Assert.Equal(5, again.Run(ScriptGlobals.Empty));
        Assert.True(folder.Host().Compile(script).FromCache);
    }

    [Fact]
    public void AMissingScriptIsAFileNotFound()
    {
        var e = Assert.Throws<FileNotFoundException>(() => folder.Host().Compile(folder.Write("x.csx", "") + ".missing"));
        Assert.Contains("x.csx.missing", e.Message);
    }

    [Fact]
    public void TheDefaultCacheFolderFollowsTheEnvironment()
    {
        var saved = (Environment.GetEnvironmentVariable("SCHANE_SCRIPT_CACHE"), Environment.GetEnvironmentVariable("XDG_CACHE_HOME"));
        try
        {
            Environment.SetEnvironmentVariable("SCHANE_SCRIPT_CACHE", "/tmp/explicit");
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/tmp/xdg");
            Assert.Equal("/tmp/explicit", ScriptHost.DefaultCacheDirectory);
            Environment.SetEnvironmentVariable("SCHANE_SCRIPT_CACHE", null);
            Assert.Equal("/tmp/xdg/schane/scripts", ScriptHost.DefaultCacheDirectory);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", null);
            Assert.Equal(System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "schane", "scripts"),
                ScriptHost.DefaultCacheDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SCHANE_SCRIPT_CACHE", saved.Item1);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved.Item2);
        }
    }
}
