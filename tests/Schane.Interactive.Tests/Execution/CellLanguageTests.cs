using Schane.Interactive.Execution;

namespace Schane.Interactive.Tests.Execution;

public class CellLanguageTests
{
    [Theory]
    [InlineData("csharp", CellLanguage.CSharp)]
    [InlineData("C#", CellLanguage.CSharp)]
    [InlineData(" fsharp ", CellLanguage.FSharp)]
    [InlineData("F#", CellLanguage.FSharp)]
    [InlineData("md", CellLanguage.Markdown)]
    [InlineData("Markdown", CellLanguage.Markdown)]
    public void Names_and_aliases_parse(string name, CellLanguage expected) =>
        Assert.Equal(expected, CellLanguages.TryParse(name));

    [Theory]
    [InlineData("python")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_names_give_null(string? name) => Assert.Null(CellLanguages.TryParse(name));

    [Fact]
    public void Names_round_trip()
    {
        foreach (var language in Enum.GetValues<CellLanguage>())
            Assert.Equal(language, CellLanguages.TryParse(language.Name()));
    }
}
