using System.Text.Json.Nodes;
using Schane.Interactive.Documents;

namespace Schane.Interactive.Tests.Documents;

public class IpynbFormatTests
{
    [Fact]
    public void Polyglot_notebook_languages_come_from_cell_metadata_and_magic_lines_stay_in_the_source()
    {
        var notebook = IpynbFormat.Read(TestNotebooks.Sample("polyglot.ipynb"));

        Assert.Equal("csharp", notebook.DefaultLanguage);
        Assert.Equal(TestNotebooks.Sample("polyglot.ipynb"), notebook.Path);
        Assert.Equal(
            [NotebookCellKind.Markdown, NotebookCellKind.Code, NotebookCellKind.Code, NotebookCellKind.Code, NotebookCellKind.Code],
            notebook.Cells.Select(c => c.Kind));
        // pwsh has only the newer polyglot_notebook field; the last cell has neither and takes the default.
        Assert.Equal(["markdown", "csharp", "fsharp", "pwsh", "csharp"], notebook.Cells.Select(c => c.Language));
        Assert.Equal([0, 1, 2, 3, 4], notebook.Cells.Select(c => c.Index));
        Assert.Equal("#!fsharp\nprintfn \"magic stays in the source\"", notebook.Cells[4].Source);
        Assert.Equal("Console.WriteLine(\"Hello from C#\");\nConsole.WriteLine(\"second line\");", notebook.Cells[1].Source);
        Assert.Equal([1, 2, 3, null], notebook.Cells.Skip(1).Select(c => c.ExecutionCount));

        Assert.Equal([new StreamOutput("stdout", "Hello from C#\nsecond line\n")], notebook.Cells[1].Outputs);
        var html = Assert.IsType<DisplayDataOutput>(Assert.Single(notebook.Cells[2].Outputs));
        Assert.Equal("<div class=\"dni-plaintext\"><pre>42</pre></div><style>\r\n.dni-code-hint {\r\n    font-style: italic;\r\n}\r\n</style>",
            html.Data["text/html"]);
        var error = Assert.IsType<ErrorOutput>(Assert.Single(notebook.Cells[3].Outputs));
        Assert.Equal(("Error", "The term 'Get-Nothing' is not recognized."), (error.EName, error.EValue));
        Assert.Equal(["The term 'Get-Nothing' is not recognized.", "   at line 1"], error.Traceback);
        Assert.Equal("polyglot-notebook", (string)notebook.Cells[1].Metadata["vscode"]!["languageId"]!);
    }

    [Fact]
    public void Older_dotnet_interactive_metadata_and_an_FSharp_kernelspec()
    {
        var notebook = IpynbFormat.Read(TestNotebooks.Sample("dotnet-interactive-fsharp.ipynb"));

        Assert.Equal("fsharp", notebook.DefaultLanguage);
        Assert.Equal(["csharp", "fsharp", "markdown"], notebook.Cells.Select(c => c.Language));
        Assert.Equal([new ExecuteResultOutput(1, new Dictionary<string, string> { ["text/plain"] = "3" }, [])],
            notebook.Cells[0].Outputs);
        var record = Assert.IsType<ExecuteResultOutput>(Assert.Single(notebook.Cells[1].Outputs));
        Assert.Equal("{ name = \"x\"\n  values = [1; 2; 3] }", record.Data["text/plain"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name": "x", "values": [1, 2, 3]}"""),
            JsonNode.Parse(record.Data["application/json"])), record.Data["application/json"]);
    }

    [Theory]
    [InlineData("{}", "csharp")]
    [InlineData("""{"kernelspec": {"name": "schane-csharp", "language": "C#", "display_name": "C# (Schane)"}}""", "csharp")]
    [InlineData("""{"kernelspec": {"name": ".net-fsharp", "language": "F#"}}""", "fsharp")]
    [InlineData("""{"kernelspec": {"name": ".net-fsharp"}}""", "fsharp")]
    [InlineData("""{"kernelspec": {"name": ".net-pwsh", "language": "PowerShell"}}""", "pwsh")]
    [InlineData("""{"language_info": {"name": "F#"}}""", "fsharp")]
    [InlineData("""{"language_info": {"name": "polyglot-notebook"}}""", "csharp")]
    [InlineData("""{"kernelspec": {"name": ".net-csharp", "language": "C#"}, "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "fsharp"}}}""", "fsharp")]
    [InlineData("""{"dotnet_interactive": {"defaultKernelName": "pwsh"}}""", "pwsh")]
    [InlineData("""{"kernelspec": {"name": "python3", "language": "python"}}""", "python")]
    [InlineData("""{"kernelspec": "not an object", "polyglot_notebook": [1]}""", "csharp")]
    public void The_default_language_comes_from_notebook_metadata(string metadata, string expected)
    {
        var json = $$"""{"cells": [{"cell_type": "code", "source": "x", "metadata": {}, "outputs": [], "execution_count": null}], "metadata": {{metadata}}, "nbformat": 4, "nbformat_minor": 5}""";
        var notebook = IpynbFormat.Parse(json, "nb.ipynb");
        Assert.Equal(expected, notebook.DefaultLanguage);
        Assert.Equal(expected, notebook.Cells[0].Language);
    }

    [Theory]
    [InlineData("""{"polyglot_notebook": {"kernelName": "fsharp"}, "dotnet_interactive": {"language": "pwsh"}}""", "fsharp")]
    [InlineData("""{"dotnet_interactive": {"language": "pwsh"}}""", "pwsh")]
    [InlineData("""{"polyglot_notebook": {"kernelName": "  "}, "dotnet_interactive": {"language": "sql"}}""", "sql")]
    [InlineData("""{"polyglot_notebook": "not an object"}""", "csharp")]
    [InlineData("""{"polyglot_notebook": {"kernelName": "javascript"}}""", "javascript")]
    public void A_code_cell_language_comes_from_Polyglot_metadata_first(string metadata, string expected)
    {
        var json = $$"""
            {"cells": [
              {"cell_type": "code", "source": "x", "metadata": {{metadata}}, "outputs": [], "execution_count": null},
              {"cell_type": "markdown", "source": "x", "metadata": {{metadata}}}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """;
        var notebook = IpynbFormat.Parse(json, "nb.ipynb");
        Assert.Equal([expected, "markdown"], notebook.Cells.Select(c => c.Language));
    }

    [Fact]
    public void Serialize_lays_the_notebook_out_as_Jupyter_does()
    {
        var notebook = new Notebook
        {
            Cells =
            [
                new NotebookCell(NotebookCellKind.Markdown, "markdown", "# T") { Id = "m1" },
                new NotebookCell(NotebookCellKind.Code, "csharp", "Console.WriteLine(1);\nConsole.WriteLine(2);")
                {
                    Id = "c1", ExecutionCount = 1, Outputs = [new StreamOutput("stdout", "1\n2\n")],
                },
            ],
        };
        const string expected = """
            {
             "cells": [
              {
               "cell_type": "markdown",
               "id": "m1",
               "metadata": {},
               "source": [
                "# T"
               ]
              },
              {
               "cell_type": "code",
               "execution_count": 1,
               "id": "c1",
               "metadata": {
                "polyglot_notebook": {
                 "kernelName": "csharp"
                }
               },
               "outputs": [
                {
                 "name": "stdout",
                 "output_type": "stream",
                 "text": [
                  "1\n",
                  "2\n"
                 ]
                }
               ],
               "source": [
                "Console.WriteLine(1);\n",
                "Console.WriteLine(2);"
               ]
              }
             ],
             "metadata": {
              "kernelspec": {
               "display_name": "C# (Schane)",
               "language": "C#",
               "name": "schane-csharp"
              },
              "language_info": {
               "file_extension": ".cs",
               "mimetype": "text/x-csharp",
               "name": "C#",
               "pygments_lexer": "csharp"
              },
              "polyglot_notebook": {
               "kernelInfo": {
                "defaultKernelName": "csharp",
                "items": [
                 {
                  "aliases": [],
                  "name": "csharp"
                 }
                ]
               }
              }
             },
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), IpynbFormat.Serialize(notebook));
    }

    [Theory]
    [InlineData("polyglot.ipynb")]
    [InlineData("dotnet-interactive-fsharp.ipynb")]
    [InlineData(null)]
    public void Round_trips(string? sample)
    {
        var first = sample == null
            ? IpynbFormat.Parse(IpynbFormat.Serialize(TestNotebooks.InMemory()), "mem.ipynb")
            : IpynbFormat.Read(TestNotebooks.Sample(sample));
        var text = IpynbFormat.Serialize(first);
        var second = IpynbFormat.Parse(text, "again.ipynb");

        // Writing adds kernel names to metadata and nothing else; after that the text is a fixed point.
        TestNotebooks.AssertSameCells(first, second, metadata: sample == null);
        Assert.Equal(text, IpynbFormat.Serialize(second));
        for (var i = 0; i < first.Cells.Count; i++)
            foreach (var (key, value) in first.Cells[i].Metadata)
                if (key is not "polyglot_notebook" and not "dotnet_interactive")
                    Assert.True(JsonNode.DeepEquals(value, second.Cells[i].Metadata[key]), key);
    }

    [Fact]
    public void The_in_memory_notebook_survives_a_write_exactly()
    {
        var original = TestNotebooks.InMemory();
        var read = IpynbFormat.Parse(IpynbFormat.Serialize(original), "mem.ipynb");

        Assert.Equal(original.Cells.Select(c => c.Outputs.Count), read.Cells.Select(c => c.Outputs.Count));
        for (var i = 0; i < original.Cells.Count; i++)
        {
            Assert.Equal(original.Cells[i].Source, read.Cells[i].Source);
            Assert.Equal(original.Cells[i].Outputs, read.Cells[i].Outputs);
            Assert.Equal(original.Cells[i].Language, read.Cells[i].Language);
        }
        Assert.Equal("fsharp-cell", read.Cells[2].Id);
        Assert.True(JsonNode.DeepEquals(original.Cells[4].Attachments, read.Cells[4].Attachments));
    }

    [Fact]
    public void Serialize_leaves_the_notebook_unchanged()
    {
        var notebook = TestNotebooks.InMemory();
        IpynbFormat.Serialize(notebook);
        TestNotebooks.AssertSameCells(TestNotebooks.InMemory(), notebook);
        Assert.Equal("", notebook.Cells[0].Id);
    }

    [Fact]
    public void JSON_mime_data_is_written_as_JSON_values_and_text_as_line_arrays()
    {
        var json = JsonNode.Parse(IpynbFormat.Serialize(TestNotebooks.InMemory()))!;
        var data = json["cells"]![1]!["outputs"]![2]!["data"]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"shape": [2], "dtype": "int64", "ok": true, "none": null}"""), data["application/json"]));
        Assert.IsType<JsonObject>(data["application/vnd.vegalite.v5+json"]);
        Assert.Equal(["<table>\n", "<tr><td>é 😀</td></tr>\n", "</table>"], data["text/html"]!.AsArray().Select(l => (string)l!));
        Assert.Equal(JsonValueKindString, data["image/png"]!.GetValueKind());
        Assert.Equal(["1\n", "2\r", "progress\u2028", "sep\n"],
            json["cells"]![1]!["outputs"]![0]!["text"]!.AsArray().Select(l => (string)l!));
        Assert.Equal(["var x = 1;\r\n", "Console.WriteLine(x);\n"], json["cells"]![1]!["source"]!.AsArray().Select(l => (string)l!));
        Assert.Empty(json["cells"]![3]!["source"]!.AsArray());
        Assert.Null(json["cells"]![1]!["outputs"]![4]!["execution_count"]);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;

    [Fact]
    public void JSON_mime_data_that_is_not_JSON_is_refused_on_write()
    {
        var notebook = new Notebook
        {
            Cells =
            [
                new NotebookCell(NotebookCellKind.Code, "csharp", "x")
                {
                    Outputs = [new DisplayDataOutput(new Dictionary<string, string> { ["application/json"] = "{not json" }, [])],
                },
            ],
        };
        var error = Assert.Throws<ArgumentException>(() => IpynbFormat.Serialize(notebook));
        Assert.StartsWith("cell 1, output 1: the application/json data is not valid JSON", error.Message);
    }

    [Fact]
    public void Ids_are_kept_when_valid_and_derived_stably_when_missing_invalid_or_repeated()
    {
        const string json = """
            {"cells": [
              {"cell_type": "markdown", "id": "keep-me_1", "metadata": {}, "source": "a"},
              {"cell_type": "markdown", "metadata": {}, "source": "b"},
              {"cell_type": "markdown", "id": "has space", "metadata": {}, "source": "c"},
              {"cell_type": "markdown", "id": "keep-me_1", "metadata": {}, "source": "d"},
              {"cell_type": "markdown", "id": "", "metadata": {}, "source": "e"},
              {"cell_type": "markdown", "id": "x", "metadata": {}, "source": "f"}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
            """;
        var ids = IpynbFormat.Parse(json, "nb.ipynb").Cells.Select(c => c.Id).ToList();

        Assert.Equal("keep-me_1", ids[0]);
        Assert.Equal("x", ids[5]);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{1,64}$", id));
        Assert.Equal(ids, IpynbFormat.Parse(json, "nb.ipynb").Cells.Select(c => c.Id));
        // Cells added in memory get ids on write, unique against the rest.
        var notebook = IpynbFormat.Parse(json, "nb.ipynb");
        notebook.Cells.Add(new NotebookCell(NotebookCellKind.Code, "csharp", "a"));
        var written = IpynbFormat.Parse(IpynbFormat.Serialize(notebook), "nb.ipynb").Cells.Select(c => c.Id).ToList();
        Assert.Equal(ids, written.Take(6));
        Assert.DoesNotContain(written[6], ids);
    }

    [Fact]
    public void Languages_and_the_default_are_written_where_Polyglot_Notebooks_reads_them()
    {
        var notebook = IpynbFormat.Read(TestNotebooks.Sample("polyglot.ipynb"));
        notebook.DefaultLanguage = "fsharp";
        notebook.Cells[1].Language = "pwsh";
        notebook.Cells[4].Language = "python";
        var json = JsonNode.Parse(IpynbFormat.Serialize(notebook))!;

        Assert.Equal("pwsh", (string)json["cells"]![1]!["metadata"]!["polyglot_notebook"]!["kernelName"]!);
        Assert.Equal("pwsh", (string)json["cells"]![1]!["metadata"]!["dotnet_interactive"]!["language"]!);
        Assert.Equal("python", (string)json["cells"]![4]!["metadata"]!["polyglot_notebook"]!["kernelName"]!);
        Assert.Null(json["cells"]![0]!["metadata"]!["polyglot_notebook"]);
        var kernelInfo = json["metadata"]!["polyglot_notebook"]!["kernelInfo"]!;
        Assert.Equal("fsharp", (string)kernelInfo["defaultKernelName"]!);
        Assert.Equal(["csharp", "fsharp", "pwsh", "python"], kernelInfo["items"]!.AsArray().Select(i => (string)i!["name"]!));
        // The kernelspec Polyglot wrote is kept.
        Assert.Equal(".net-csharp", (string)json["metadata"]!["kernelspec"]!["name"]!);
        Assert.Equal("polyglot-notebook", (string)json["metadata"]!["language_info"]!["name"]!);

        var again = IpynbFormat.Parse(json.ToJsonString(), "nb.ipynb");
        Assert.Equal("fsharp", again.DefaultLanguage);
        Assert.Equal(["markdown", "pwsh", "fsharp", "pwsh", "python"], again.Cells.Select(c => c.Language));
    }

    [Fact]
    public void Write_replaces_the_file_atomically_and_leaves_nothing_behind_on_failure()
    {
        using var dir = new TempDir();
        var path = dir.File("nb.ipynb");
        File.WriteAllText(path, "old");
        var notebook = TestNotebooks.InMemory();

        IpynbFormat.Write(notebook, path);
        Assert.Equal(IpynbFormat.Serialize(notebook), File.ReadAllText(path));

        notebook.Cells[1].Outputs.Add(new DisplayDataOutput(new Dictionary<string, string> { ["application/json"] = "{" }, []));
        Assert.Throws<ArgumentException>(() => IpynbFormat.Write(notebook, path));
        Assert.Equal(IpynbFormat.Serialize(TestNotebooks.InMemory()), File.ReadAllText(path));

        // A directory in the way: the rename fails and the temporary file is removed.
        var blocked = dir.File("blocked.ipynb");
        Directory.CreateDirectory(blocked);
        Assert.ThrowsAny<IOException>(() => IpynbFormat.Write(TestNotebooks.InMemory(), blocked));
        Assert.Equal(["blocked.ipynb", "nb.ipynb"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }
}
