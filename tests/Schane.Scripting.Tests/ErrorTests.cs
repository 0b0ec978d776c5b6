namespace Schane.Scripting.Tests;

/// <summary>Compile errors read as compilers write them; exceptions show the script's file:line.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly ScriptFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ACompileErrorShowsFileLineColumnCodeTheLineAndACaret()
    {
        var main = folder.Write("broken.csx", "var x = 1;\nvar y = x + notDefined;\n");
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main));
        Assert.Equal(
            $"{main}(2,13): error CS0103: The name 'notDefined' does not exist in the current context\n" +
            "    var y = x + notDefined;\n" +
            "                ^", e.Message.ReplaceLineEndings("\n"));
        Assert.Empty(folder.Log);
    }

    [Fact]
    public void ACompileErrorInALoadedFileNamesThatFile()
    {
        var main = folder.Write("main.csx", "#load \"helpers.csx\"\nHelper()");
        var helpers = folder.Write("helpers.csx", "// one helper\nint Helper()\n{\n\treturn \"text\";\n}\n");
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main));
        var lines = e.Message.ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith($"{helpers}(4,9): error CS0029: Cannot implicitly convert type 'string' to 'int'", lines[0]);
        Assert.Equal("    \treturn \"text\";", lines[1]);
        Assert.Equal("    \t       ^", lines[2]);
    }

    [Fact]
    public void AnExceptionShowsItsTypeMessageAndTheScriptsLines()
    {
        var main = folder.Write("throws.csx", """
            #load "check.csx"
            int Twice(int n) => Check(n) * 2;
            Console.WriteLine("before");
            Twice(-1)
            """);
        var check = folder.Write("check.csx", """
            int Check(int n)
            {
                if (n < 0) throw new InvalidOperationException($"negative: {n}");
                return n;
            }
            """);
        var script = folder.Host().Compile(main);
        var e = Assert.Throws<ScriptErrorException>(() => script.Run(ScriptGlobals.Empty));
        var lines = e.Message.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"{check}(3): error: System.InvalidOperationException: negative: -1", lines[0]);
        Assert.Equal($"   at Check(Int32 n) in {check}:line 3", lines[1]);
        Assert.Equal($"   at Twice(Int32 n) in {main}:line 2", lines[2]);
        Assert.Equal($"   at <script> in {main}:line 4", lines[3]);
        Assert.Equal(4, lines.Length);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void AnExceptionFromLibtorchShowsTheScriptLineThatCalledIt()
    {
        var main = folder.Write("engine.csx", """
            var scope = torch.NewDisposeScope();
            var a = torch.ones(2, 3);
            Func<Tensor, Tensor> product = t => t.mm(a);
            product(torch.ones(2, 3));
            """);
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main).Run(ScriptGlobals.Empty));
        var lines = e.Message.ReplaceLineEndings("\n").Split('\n');
        // TorchSharp raises libtorch's errors as ExternalException, with libtorch's message. (mm, not matmul: TorchSharp
        // 0.107's native matmul does not catch libtorch's error, which then aborts the process.)
        Assert.StartsWith($"{main}(3): error: System.Runtime.InteropServices.ExternalException:", lines[0]);
        Assert.Contains("mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)", lines[0]);
        Assert.Contains($"   at lambda in <script> in {main}:line 3", lines);
        Assert.Contains($"   at <script> in {main}:line 4", lines);
    }
}
