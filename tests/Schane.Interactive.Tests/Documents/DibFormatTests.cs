using System.Text.Json.Nodes;
using Schane.Interactive.Documents;

namespace Schane.Interactive.Tests.Documents;

public class DibFormatTests
{
    [Fact]
    public void A_dib_with_meta_and_mixed_languages()
    {
        var notebook = DibFormat.Read(TestNotebooks.Sample("mixed.dib"));

        // The meta block names the default (fsharp) and a python kernel with the alias "py".
        Assert.Equal("fsharp", notebook.DefaultLanguage);
        Assert.Equal("fsharp", (string)notebook.Metadata["kernelInfo"]!["defaultKernelName"]!);
        Assert.Equal(["markdown", "fsharp", "csharp", "python", "csharp", "markdown"], notebook.Cells.Select(c => c.Language));
        Assert.Equal(
            [NotebookCellKind.Markdown, NotebookCellKind.Code, NotebookCellKind.Code, NotebookCellKind.Code, NotebookCellKind.Code,
                NotebookCellKind.Markdown],
            notebook.Cells.Select(c => c.Kind));
        Assert.Equal(
            [
                "# Mixed\n\nA .dib file as Polyglot Notebooks writes it.",
                "let x = 1\n\nprintfn \"%d\" x",
                "#!time\nvar y = 2;\nConsole.WriteLine(y);", // a magic command is no kernel: it stays in the cell
                "print(\"python via an alias the meta block lists\")",
                "   \nint z = 3;", // only empty lines are trimmed, as .NET Interactive does
                "the end",
            ],
            notebook.Cells.Select(c => c.Source));
        Assert.Equal([7, 13, 20, 26, 31, 36], notebook.Cells.Select(c => c.Line));
        Assert.Equal("cell 2 (line 13)", notebook.Cells[1].Label);
        Assert.All(notebook.Cells, c => Assert.Empty(c.Outputs));
        Assert.Equal(notebook.Cells.Count, notebook.Cells.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Without_meta_text_before_the_first_kernel_line_is_csharp()
    {
        const string text = "\r\n\r\nvar a = 1;\r\n#!FSHARP\r\nlet b = 2\r\n #!csharp\r\n#!unknown --flag\r\n#!f#  \r\n\r\nlet c = 3\r\n#!pwsh\r\n\r\n\r\n#!js\r\nconsole.log(1)";
        var notebook = DibFormat.Parse(text, "nb.dib");

        Assert.Equal("csharp", notebook.DefaultLanguage);
        Assert.Empty(notebook.Metadata);
        // The empty pwsh cell vanishes; an indented "#!csharp" is no cell marker.
        Assert.Equal(["csharp", "fsharp", "fsharp", "javascript"], notebook.Cells.Select(c => c.Language));
        Assert.Equal(["var a = 1;", "let b = 2\n #!csharp\n#!unknown --flag", "let c = 3", "console.log(1)"],
            notebook.Cells.Select(c => c.Source));
        Assert.Equal([3, 5, 10, 15], notebook.Cells.Select(c => c.Line));
    }

    [Fact]
    public void Serialize_writes_meta_then_each_cell_under_its_kernel_line()
    {
        var notebook = new Notebook
        {
            DefaultLanguage = "fsharp",
            Cells =
            [
                new NotebookCell(NotebookCellKind.Markdown, "markdown", "\n# Title\n"),
                new NotebookCell(NotebookCellKind.Code, "fsharp", "let x = 1\r\n\r\nx")
                {
                    Outputs = [new StreamOutput("stdout", "dropped: .dib has no outputs")], ExecutionCount = 3,
                },
                new NotebookCell(NotebookCellKind.Code, "csharp", "\n\n"),
                new NotebookCell(NotebookCellKind.Code, "python", "print(1)"),
            ],
        };
        Assert.Equal(
            """
            #!meta

            {"kernelInfo":{"defaultKernelName":"fsharp","items":[{"aliases":[],"name":"fsharp"},{"aliases":[],"name":"csharp"},{"aliases":[],"name":"python"}]}}

            #!markdown

            # Title

            #!fsharp

            let x = 1

            x

            #!python

            print(1)

            """.ReplaceLineEndings("\n"),
            DibFormat.Serialize(notebook));
    }

    [Fact]
    public void Round_trips()
    {
        var first = DibFormat.Read(TestNotebooks.Sample("mixed.dib"));
        var text = DibFormat.Serialize(first);
        var second = DibFormat.Parse(text, "again.dib");

        // Ids derive from position and source, so even they survive a format that has none.
        TestNotebooks.AssertSameCells(first, second, metadata: false);
        Assert.Equal(text, DibFormat.Serialize(second));
        Assert.True(JsonNode.DeepEquals(first.Metadata["kernelInfo"]!["items"], second.Metadata["kernelInfo"]!["items"]));
    }

    [Fact]
    public void An_ipynb_becomes_a_dib_and_back_keeping_cells_and_languages()
    {
        var ipynb = IpynbFormat.Read(TestNotebooks.Sample("polyglot.ipynb"));
        var dib = DibFormat.Parse(DibFormat.Serialize(ipynb), "converted.dib");

        // The last cell's magic line "#!fsharp" names a kernel, so in a .dib it starts the cell it switches to.
        Assert.Equal(["markdown", "csharp", "fsharp", "pwsh", "fsharp"], dib.Cells.Select(c => c.Language));
        Assert.Equal(ipynb.Cells.Take(4).Select(c => c.Source), dib.Cells.Take(4).Select(c => c.Source));
        Assert.Equal("printfn \"magic stays in the source\"", dib.Cells[4].Source);

        var back = IpynbFormat.Parse(IpynbFormat.Serialize(dib), "back.ipynb");
        Assert.Equal(dib.Cells.Select(c => (c.Kind, c.Language, c.Source, c.Id)), back.Cells.Select(c => (c.Kind, c.Language, c.Source, c.Id)));
    }

    [Fact]
    public void Raw_cells_and_cells_without_a_language_cannot_be_written()
    {
        var raw = new Notebook { Cells = [new NotebookCell(NotebookCellKind.Raw, "raw", "x")] };
        Assert.Contains("cell 1 is a raw cell", Assert.Throws<ArgumentException>(() => DibFormat.Serialize(raw)).Message);
        var nameless = new Notebook { Cells = [new NotebookCell(NotebookCellKind.Code, " ", "x")] };
        Assert.Contains("cannot name a .dib cell", Assert.Throws<ArgumentException>(() => DibFormat.Serialize(nameless)).Message);
    }
}
