namespace Schane.Cli.Tests;

/// <summary>`schane run FILE.csx [-- args]`: exit codes, the cache seen from the command line, errors on stderr.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private Cli.Result Run(params string[] args) =>
        Cli.RunWithEnvironment(new Dictionary<string, string> { ["SCHANE_SCRIPT_CACHE"] = dir.File("cache") }, ["run", .. args]);

    private string Write(string name, string text)
    {
        File.WriteAllText(dir.File(name), text);
        return dir.File(name);
    }

    [Fact]
    public void RunsWithArgsReturnsItsExitCodeAndIsCachedTheSecondTime()
    {
        var script = Write("sum.csx", """
            var scope = torch.NewDisposeScope();
            var total = torch.tensor(Args.Select(float.Parse).ToArray()).sum().item<float>();
            scope.Dispose();
            Console.WriteLine($"sum={total}");
            return Args.Count;
            """);
        var first = Run(script, "--verbose", "--", "1.5", "2", "-3");
        Assert.Equal(3, first.ExitCode);
        Assert.Equal("sum=0.5", first.LastLine);
        Assert.Contains("schane run: compiled " + script, first.Stderr);

        var second = Run(script, "--verbose", "--", "4");
        Assert.Equal(1, second.ExitCode);
        Assert.Equal("sum=4", second.LastLine);
        Assert.Contains("schane run: cached " + script, second.Stderr);
        Assert.DoesNotContain("compiled", second.Stderr);

        var forced = Run(script, "--no-cache", "--verbose", "--", "4");
        Assert.Contains("schane run: compiled " + script, forced.Stderr);
        Assert.Equal(1, forced.ExitCode);
    }

    [Fact]
    public void ACompileErrorPrintsTheCompilerLineAndExitsWith1()
    {
        var script = Write("broken.csx", "Console.WriteLine(\"never\");\nvar n = Args.Count +;\n");
        var result = Run(script);
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        var lines = result.Stderr.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"{script}(2,21): error CS1525: Invalid expression term ';'", lines[0]);
        Assert.Equal("    var n = Args.Count +;", lines[1]);
        Assert.Equal("                        ^", lines[2]);
    }

    [Fact]
    public void AnExceptionPrintsTheScriptLineAndExitsWith1()
    {
        var script = Write("throws.csx", "Console.WriteLine(\"started\");\nvar parts = Args[0].Split(',');\nthrow new ArgumentException($\"bad input: {parts.Length} parts\");\n");
        var result = Run(script, "--", "a,b");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("started", result.LastLine);
        Assert.StartsWith($"{script}(3): error: System.ArgumentException: bad input: 2 parts", result.Stderr);
        Assert.Contains($"at <script> in {script}:line 3", result.Stderr);
    }

    [Fact]
    public void WithoutAnIntReturnTheExitCodeIsEnvironmentExitCode()
    {
        Assert.Equal(4, Run(Write("exitcode.csx", "Environment.ExitCode = 4;\n\"not an int\"")).ExitCode);
    }

    [Fact]
    public void TheShippedHelloScriptPrintsItsTensor()
    {
        var result = Run(Path.Combine(Path.GetDirectoryName(Python.ReferenceDir)!, "..", "scripts", "hello.csx"), "--", "2", "2");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        // The first line is the tensor's own description (TorchSharp's or ours): its shape and dtype, however spelled.
        Assert.Matches(@"2\D+2.*[Ff]loat32", lines[0]);
        Assert.Equal(["  0.0   0.5", "  1.0   1.5"], lines[1..]);
    }

    [Fact]
    public void AMissingScriptIsOneLine()
    {
        var result = Run(dir.File("nope.csx"));
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"schane run: script not found: {dir.File("nope.csx")}", result.Stderr.Trim());
    }
}
