using System.Text.Json.Nodes;
using Schane.Interactive.Documents;

namespace Schane.Interactive.Tests.Documents;

/// <summary>Notebooks for the document tests: the files under Samples/, one built in memory, and comparisons.</summary>
internal static class TestNotebooks
{
    /// <summary>tests/Schane.Interactive.Tests/Documents/Samples, found beside tests/reference (no copy to bin).</summary>
    public static string Sample(string name) =>
        Path.GetFullPath(Path.Combine(Python.ReferenceDir, "..", "Schane.Interactive.Tests", "Documents", "Samples", name));

    /// <summary>Every output kind, JSON mime data, awkward text (CRLF, lone CR, U+2028, control characters, é, emoji).</summary>
    public static Notebook InMemory()
    {
        var code = new NotebookCell(NotebookCellKind.Code, "csharp", "var x = 1;\r\nConsole.WriteLine(x);\n")
        {
            ExecutionCount = 4,
            Metadata = new JsonObject { ["tags"] = new JsonArray("parameters") },
            Outputs =
            [
                new StreamOutput("stdout", "1\n2\rprogress\u2028sep\n"),
                new StreamOutput("stderr", "warning: \u001b[33myellow\u001b[0m"),
                new DisplayDataOutput(new Dictionary<string, string>
                {
                    ["text/plain"] = "tensor([1, 2])\n",
                    ["text/html"] = "<table>\n<tr><td>é 😀</td></tr>\n</table>",
                    ["image/png"] = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
                    ["application/json"] = """{"shape":[2],"dtype":"int64","ok":true,"none":null}""",
                    ["application/vnd.vegalite.v5+json"] = """{"mark":"bar","data":{"values":[{"a":1.5}]}}""",
                }, new JsonObject { ["image/png"] = new JsonObject { ["width"] = 1, ["height"] = 1 } }),
                new ExecuteResultOutput(4, new Dictionary<string, string> { ["text/plain"] = "42" }, []),
                new ExecuteResultOutput(null, new Dictionary<string, string> { ["application/json"] = "[1,\"two\"]" }, []),
                new ErrorOutput("System.DivideByZeroException", "Attempted to divide by zero.",
                    ["System.DivideByZeroException: Attempted to divide by zero.", "   at Submission#0.<<Initialize>>d__0.MoveNext()"]),
            ],
        };
        return new Notebook
        {
            DefaultLanguage = "csharp",
            Cells =
            [
                new NotebookCell(NotebookCellKind.Markdown, "markdown", "# A notebook\n\nWith *markdown*.\n"),
                code,
                new NotebookCell(NotebookCellKind.Code, "fsharp", "let y = 2\n\n\n") { Id = "fsharp-cell" },
                new NotebookCell(NotebookCellKind.Code, "csharp", ""),
                new NotebookCell(NotebookCellKind.Raw, "raw", "\\LaTeX")
                {
                    Metadata = new JsonObject { ["format"] = "text/latex" },
                    Attachments = new JsonObject { ["a.png"] = new JsonObject { ["image/png"] = "iVBORw0KGgo=" } },
                },
            ],
        };
    }

    /// <summary>Asserts the two documents hold the same cells (kind, language, source, id, count, outputs); with
    /// <paramref name="metadata"/>, the same cell and notebook metadata too.</summary>
    public static void AssertSameCells(Notebook expected, Notebook actual, bool metadata = true)
    {
        Assert.Equal(expected.DefaultLanguage, actual.DefaultLanguage);
        Assert.Equal(expected.Cells.Count, actual.Cells.Count);
        for (var i = 0; i < expected.Cells.Count; i++)
        {
            var (e, a) = (expected.Cells[i], actual.Cells[i]);
            Assert.Equal(e.Kind, a.Kind);
            Assert.Equal(e.Language, a.Language);
            Assert.Equal(e.Source, a.Source);
            Assert.Equal(e.Id, a.Id);
            Assert.Equal(e.ExecutionCount, a.ExecutionCount);
            Assert.Equal(e.Outputs, a.Outputs);
            Assert.True(JsonNode.DeepEquals(e.Attachments, a.Attachments), $"cell {i} attachments");
            if (metadata) Assert.True(JsonNode.DeepEquals(e.Metadata, a.Metadata), $"cell {i}: {e.Metadata.ToJsonString()} vs {a.Metadata.ToJsonString()}");
        }
        if (metadata) Assert.True(JsonNode.DeepEquals(expected.Metadata, actual.Metadata), "notebook metadata");
    }

    /// <summary>Asserts our reading of a notebook matches what nbformat_check.py printed nbformat reading of it.</summary>
    public static void AssertMatchesNbformat(Notebook ours, JsonNode nbformat)
    {
        Assert.True(JsonNode.DeepEquals(nbformat["metadata"], ours.Metadata), "notebook metadata");
        var cells = nbformat["cells"]!.AsArray();
        Assert.Equal(cells.Count, ours.Cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var (theirs, cell) = (cells[i]!, ours.Cells[i]);
            Assert.Equal((string)theirs["id"]!, cell.Id);
            Assert.Equal((string)theirs["cell_type"]!, cell.Kind.ToString().ToLowerInvariant());
            Assert.Equal((string)theirs["source"]!, cell.Source);
            Assert.True(JsonNode.DeepEquals(theirs["metadata"], cell.Metadata), $"cell {i} metadata");
            Assert.True(JsonNode.DeepEquals(theirs["attachments"], cell.Attachments), $"cell {i} attachments");
            if (cell.Kind != NotebookCellKind.Code) continue;
            Assert.Equal((int?)theirs["execution_count"], cell.ExecutionCount);
            var outputs = theirs["outputs"]!.AsArray();
            Assert.Equal(outputs.Count, cell.Outputs.Count);
            for (var o = 0; o < outputs.Count; o++) AssertOutput(outputs[o]!, cell.Outputs[o]);
        }
    }

    private static void AssertOutput(JsonNode theirs, CellOutput ours)
    {
        var type = (string)theirs["output_type"]!;
        switch (ours)
        {
            case StreamOutput s:
                Assert.Equal("stream", type);
                Assert.Equal((string)theirs["name"]!, s.Name);
                Assert.Equal((string)theirs["text"]!, s.Text);
                break;
            case DisplayDataOutput d:
                Assert.Equal("display_data", type);
                AssertData(theirs["data"]!.AsObject(), d.Data);
                Assert.True(JsonNode.DeepEquals(theirs["metadata"], d.Metadata));
                break;
            case ExecuteResultOutput r:
                Assert.Equal("execute_result", type);
                Assert.Equal((int?)theirs["execution_count"], r.ExecutionCount);
                AssertData(theirs["data"]!.AsObject(), r.Data);
                Assert.True(JsonNode.DeepEquals(theirs["metadata"], r.Metadata));
                break;
            case ErrorOutput e:
                Assert.Equal("error", type);
                Assert.Equal((string)theirs["ename"]!, e.EName);
                Assert.Equal((string)theirs["evalue"]!, e.EValue);
                Assert.Equal(theirs["traceback"]!.AsArray().Select(l => (string)l!), e.Traceback);
                break;
            default:
                Assert.Fail($"unexpected output {ours}");
                break;
        }
    }

    private static void AssertData(JsonObject theirs, IReadOnlyDictionary<string, string> ours)
    {
        Assert.Equal(theirs.Select(p => p.Key).Order(), ours.Keys.Order());
        foreach (var (mime, value) in theirs)
        {
            // nbformat keeps JSON mime data as JSON values and joins every other type's lines into one string.
            if (mime == "application/json" || mime.EndsWith("+json"))
                Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(ours[mime])), $"{mime}: {ours[mime]}");
            else
                Assert.Equal((string)value!, ours[mime]);
        }
    }
}
