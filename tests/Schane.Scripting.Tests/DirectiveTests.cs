using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Schane.Core.Losses;

namespace Schane.Scripting.Tests;

/// <summary>#load and #r "path.dll": relative to the file that writes them; missing and cyclic loads name the line.</summary>
public sealed class DirectiveTests : IDisposable
{
    private readonly ScriptFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AMissingLoadNamesTheIncludingFileAndLine()
    {
        var main = folder.Write("main.csx", "#load \"lib/a.csx\"\nA()");
        var a = folder.Write("lib/a.csx", "// helpers\n#load \"nope.csx\"\nint A() => 1;");
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main));
        Assert.StartsWith($"{a}(2,1): error: #load \"nope.csx\": file not found ({folder.Path}/lib/nope.csx)", e.Message);
    }

    [Fact]
    public void ACyclicLoadNamesTheCycle()
    {
        var main = folder.Write("main.csx", "#load \"a.csx\"\n1");
        folder.Write("a.csx", "#load \"b.csx\"\n");
        var b = folder.Write("b.csx", "\n\n  #load \"a.csx\"\n");
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main));
        Assert.Equal($"{b}(3,3): error: cyclic #load: a.csx → b.csx → a.csx", e.Message);

        var self = folder.Write("self.csx", "#load \"self.csx\"\n1");
        Assert.Equal($"{self}(1,1): error: cyclic #load: self.csx → self.csx",
            Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(self)).Message);
    }

    [Fact]
    public void ALoadUnderAnInactiveConditionalIsCompiledInAsRoslynDoes()
    {
        // Roslyn loads #load files whatever the #if around them says; the host reads them the same way.
        var main = folder.Write("main.csx", "#if NEVER_DEFINED\n#load \"a.csx\"\n#endif\nA()");
        folder.Write("a.csx", "int A() => 9;");
        Assert.Equal(9, folder.Run(main).Value);
        var missing = folder.Write("missing.csx", "#if NEVER_DEFINED\n#load \"nope.csx\"\n#endif\n1");
        Assert.StartsWith($"{missing}(2,1): error: #load \"nope.csx\": file not found",
            Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(missing)).Message);
    }

    [Fact]
    public void ReferencesADllRelativeToTheFileThatNamesItAndRecompilesWhenItChanges()
    {
        var dll = Path.Combine(folder.Path, "lib", "Greeter.dll");
        BuildLibrary(dll, "Greeter", "public static class Greeter { public static string Hello(string name) => \"hello \" + name; }");
        folder.Write("lib/greet.csx", "#r \"Greeter.dll\"\nstring Greet(string name) => Greeter.Hello(name);");
        var main = folder.Write("main.csx", "#load \"lib/greet.csx\"\nGreet(Args[0])");
        Assert.Equal("hello you", folder.Run(main, "you").Value);

        BuildLibrary(dll, "Greeter", "public static class Greeter { public static string Hello(string name) => \"hi \" + name; }");
        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow.AddMinutes(1));
        var changed = folder.Run(main, "you");
        Assert.False(changed.Script.FromCache);
        Assert.Equal("hi you", changed.Value);
    }

    [Fact]
    public void AReferenceToACopyOfAHostAssemblyUsesTheHostsTypes()
    {
        // What a script written for dotnet-script does: #r the built Schane.Core.dll.
        var copy = Path.Combine(folder.Path, "bin", "Schane.Core.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(typeof(NegativeWeighting).Assembly.Location, copy);
        var main = folder.Write("main.csx", "#r \"bin/Schane.Core.dll\"\nusing Schane.Core.Losses;\nNegativeWeighting.TopK(3)");
        Assert.IsType<NegativeWeighting>(folder.Run(main).Value, exactMatch: false);
        Assert.IsType<NegativeWeighting>(folder.Run(main).Value, exactMatch: false);
    }

    [Fact]
    public void AnUnresolvableReferenceIsACompileErrorAtTheDirective()
    {
        var main = folder.Write("main.csx", "#r \"missing/Nothing.dll\"\n1");
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main));
        Assert.StartsWith($"{main}(1,1): error CS0006:", e.Message);
        Assert.Contains("Nothing.dll", e.Message);
    }

    private static void BuildLibrary(string path, string name, string code)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(code)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(Path.Combine(runtime, "System.Runtime.dll"))],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }
}
