using Microsoft.CodeAnalysis.Text;

namespace Schane.Scripting.Tests;

/// <summary>The directive reader agrees with the C# rule: #r and #load only before the first token.</summary>
public sealed class LeadingDirectivesTests
{
    private static IReadOnlyList<LeadingDirectives.Directive>? Scan(string text) => LeadingDirectives.Scan(SourceText.From(text));

    [Fact]
    public void ReadsDirectivesBetweenCommentsAndBlankLines()
    {
        var directives = Scan("""
            #!/usr/bin/env dotnet-script
            // a comment #r "not.dll"
            /* a block
               #load "not.csx" */ #r "a.dll"
              #load "b.csx"   // trailing
            #nullable enable
            #r "nuget: X, 1.0"
            var x = 1;
            #r "after.dll"
            """)!;
        Assert.Equal(
            [new("r", "a.dll", 4, 23), new("load", "b.csx", 5, 3), new("r", "nuget: X, 1.0", 7, 1)],
            directives);
    }

    [Fact]
    public void LeavesConditionalsToTheParser()
    {
        Assert.Null(Scan("#if DEBUG\n#r \"a.dll\"\n#endif\n"));
        Assert.Null(Scan("#r a.dll\n"));
        Assert.Empty(Scan("Console.WriteLine(1);")!);
    }
}
