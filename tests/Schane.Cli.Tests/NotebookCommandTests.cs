using System.Text.Json.Nodes;

namespace Schane.Cli.Tests;

/// <summary>`schane notebook run`: executes without Jupyter and writes nbformat 4.5 that Jupyter's nbformat accepts.</summary>
public class NotebookCommandTests
{
    private const string Dib = """
        #!markdown

        # A small notebook

        #!csharp

        var words = new[] { "contrastive", "hard", "negatives" };
        Console.WriteLine(words.Length);
        words.Select(w => w.Length).Sum()

        #!fsharp

        "F# " + string (List.sum [1; 2; 3])
        """;

    [Fact]
    public void A_dib_runs_and_is_written_as_an_ipynb_beside_it()
    {
        using var folder = new TempDir();
        File.WriteAllText(folder.File("small.dib"), Dib);
        var result = Cli.Run("notebook", "run", folder.File("small.dib"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("wrote " + folder.File("small.ipynb"), result.Stderr);
        var notebook = JsonNode.Parse(File.ReadAllText(folder.File("small.ipynb")))!;
        Assert.Equal(4, (int)notebook["nbformat"]!);
        Assert.Equal(5, (int)notebook["nbformat_minor"]!);
        var cells = notebook["cells"]!.AsArray();
        Assert.Equal("3\n", Text(cells[1]!["outputs"]![0]!["text"]!));
        Assert.Equal("24", Text(cells[1]!["outputs"]![1]!["data"]!["text/plain"]!));
        Assert.Equal("F# 6", Text(cells[2]!["outputs"]![0]!["data"]!["text/plain"]!));
        Assert.Equal("fsharp", (string?)cells[2]!["metadata"]!["polyglot_notebook"]!["kernelName"]);
        // Jupyter's own nbformat reads what was written and validates it against the 4.5 schema.
        Assert.Contains("\"nbformat_minor\": 5", Python.Run("nbformat_check.py", "check", folder.File("small.ipynb")));
    }

    [Fact]
    public void A_failing_cell_exits_1_and_the_notebook_keeps_the_error()
    {
        using var folder = new TempDir();
        File.WriteAllText(folder.File("fails.dib"), "#!csharp\n\nvar ok = 1;\n\n#!csharp\n\nint.Parse(\"x\")\n\n#!csharp\n\nok\n");
        var result = Cli.Run("notebook", "run", folder.File("fails.dib"), "--output", folder.File("out.ipynb"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cell 2 (line 7): FormatException", result.Stderr);
        var cells = JsonNode.Parse(File.ReadAllText(folder.File("out.ipynb")))!["cells"]!.AsArray();
        Assert.Equal("error", (string?)cells[1]!["outputs"]![0]!["output_type"]);
        Assert.Empty(cells[2]!["outputs"]!.AsArray());
    }

    [Fact]
    public void Malformed_json_names_the_file_line_and_column_and_writes_nothing()
    {
        using var folder = new TempDir();
        File.WriteAllText(folder.File("broken.ipynb"), "{\n \"cells\": [\n  {\"cell_type\": \"code\",, }\n ]\n}\n");
        var result = Cli.Run("notebook", "run", folder.File("broken.ipynb"), "--output", folder.File("out.ipynb"));
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"broken\.ipynb\(3,\d+\): invalid JSON", result.Stderr);
        Assert.False(File.Exists(folder.File("out.ipynb")));
    }

    [Fact]
    public void A_missing_notebook_or_an_unknown_extension_is_refused()
    {
        using var folder = new TempDir();
        Assert.Equal(1, Cli.Run("notebook", "run", folder.File("nope.ipynb")).ExitCode);
        File.WriteAllText(folder.File("notes.txt"), "x");
        var result = Cli.Run("notebook", "run", folder.File("notes.txt"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("expected .ipynb or .dib", result.Stderr);
    }

    private static string Text(JsonNode node) =>
        node is JsonArray lines ? string.Concat(lines.Select(l => (string)l!)) : (string)node!;
}
