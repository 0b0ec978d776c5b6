using Schane.Interactive.Documents;

namespace Schane.Interactive.Tests.Documents;

public class NotebookFormatErrorTests
{
    private static NotebookFormatException Ipynb(string json) =>
        Assert.Throws<NotebookFormatException>(() => IpynbFormat.Parse(json, "nb.ipynb"));

    private static string Notebook(string cells) =>
        $$"""{"cells": [{{cells}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""";

    [Fact]
    public void Malformed_JSON_names_the_line_and_column()
    {
        var error = Ipynb("{\n \"cells\": [\n  {\"cell_type\": \"code\",, \"source\": \"\"}\n ]\n}");

        Assert.Equal((3, 24), (error.Line, error.Column)); // the second comma
        Assert.StartsWith("nb.ipynb(3,24): invalid JSON: ", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
        Assert.Equal("nb.ipynb", error.Path);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("{\"cells\": [", 1, 12)]
    [InlineData("{\"cells\": []} trailing", 1, 15)]
    public void Empty_truncated_and_trailing_text_is_invalid_JSON(string json, int line, int column)
    {
        var error = Ipynb(json);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains("invalid JSON", error.Message);
    }

    [Theory]
    [InlineData("""{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}""", "nb.ipynb: no \"cells\" field: not a Jupyter notebook")]
    [InlineData("""{"cells": [], "metadata": {}}""", "nb.ipynb: no \"nbformat\" field: not a Jupyter notebook")]
    [InlineData("[1, 2]", "nb.ipynb: expected a JSON object (a notebook), found an array")]
    [InlineData("""{"cells": {}, "nbformat": 4}""", "nb.ipynb: cells: expected an array, found an object")]
    [InlineData("""{"cells": [], "nbformat": "4"}""", "nb.ipynb: nbformat: expected an integer, found a string")]
    [InlineData("""{"cells": [], "nbformat": 4, "nbformat_minor": 4.5}""", "nb.ipynb: nbformat_minor: expected an integer, found the number 4.5")]
    [InlineData("""{"cells": [], "nbformat": 4, "metadata": []}""", "nb.ipynb: metadata: expected an object, found an array")]
    public void Structural_errors_name_the_JSON_path(string json, string message) =>
        Assert.Equal(message, Ipynb(json).Message);

    [Theory]
    [InlineData("""{"cell_type": "code", "source": 5}""", "cells[1].source", "expected a string or an array of strings")]
    [InlineData("""{"cell_type": "code", "source": ["a", 5]}""", "cells[1].source", "expected a string or an array of strings")]
    [InlineData("""{"source": "x"}""", "cells[1]", "missing \"cell_type\"")]
    [InlineData("""{"cell_type": "code"}""", "cells[1]", "missing \"source\"")]
    [InlineData("""{"cell_type": "heading", "source": "x"}""", "cells[1].cell_type", "unknown cell type \"heading\" (expected code, markdown or raw)")]
    [InlineData("""{"cell_type": "code", "source": "", "execution_count": "1"}""", "cells[1].execution_count", "expected an integer, found a string")]
    [InlineData("""{"cell_type": "code", "source": "", "id": 7}""", "cells[1].id", "expected a string, found the number 7")]
    [InlineData("""{"cell_type": "code", "source": "", "metadata": null}""", "cells[1].metadata", "expected an object, found null")]
    [InlineData("""{"cell_type": "code", "source": "", "outputs": {}}""", "cells[1].outputs", "expected an array, found an object")]
    [InlineData("""{"cell_type": "code", "source": "", "outputs": [{"output_type": "pyout"}]}""", "cells[1].outputs[0].output_type",
        "unknown output type \"pyout\" (expected stream, display_data, execute_result or error)")]
    [InlineData("""{"cell_type": "code", "source": "", "outputs": [{"output_type": "stream", "text": "x"}]}""", "cells[1].outputs[0]", "missing \"name\"")]
    [InlineData("""{"cell_type": "code", "source": "", "outputs": [{"output_type": "display_data", "data": {"text/plain": 5}}]}""",
        "cells[1].outputs[0].data[\"text/plain\"]", "expected a string or an array of strings")]
    [InlineData("""{"cell_type": "code", "source": "", "outputs": [{"output_type": "error", "ename": "E", "evalue": "v", "traceback": "t"}]}""",
        "cells[1].outputs[0].traceback", "expected an array of strings, found a string")]
    [InlineData("""{"cell_type": "code", "source": "", "outputs": [{"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["a", false]}]}""",
        "cells[1].outputs[0].traceback[1]", "expected a string, found false")]
    [InlineData("""{"cell_type": "markdown", "source": "", "attachments": "x"}""", "cells[1].attachments", "expected an object, found a string")]
    [InlineData("7", "cells[1]", "expected a cell object, found the number 7")]
    public void Wrong_types_in_cells_name_the_JSON_path(string cell, string jsonPath, string reason)
    {
        var error = Ipynb(Notebook("""{"cell_type": "markdown", "source": "fine"}, """ + cell));
        Assert.Equal(jsonPath, error.JsonPath);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"nb.ipynb: {jsonPath}: {reason}", error.Message);
        Assert.Null(error.Line);
    }

    [Fact]
    public void JSON_mime_data_may_be_any_JSON_value()
    {
        var notebook = IpynbFormat.Parse(Notebook(
            """{"cell_type": "code", "source": "", "outputs": [{"output_type": "display_data", "data": {"application/json": 5, "application/x+json": "s"}}]}"""),
            "nb.ipynb");
        var data = Assert.IsType<DisplayDataOutput>(notebook.Cells[0].Outputs[0]).Data;
        Assert.Equal(("5", "\"s\""), (data["application/json"], data["application/x+json"]));
    }

    [Theory]
    [InlineData(3, "nbformat 3 is not supported; only nbformat 4 is (convert it: jupyter nbconvert --to notebook --nbformat 4)")]
    [InlineData(2, "nbformat 2 is not supported; only nbformat 4 is (convert it: jupyter nbconvert --to notebook --nbformat 4)")]
    [InlineData(5, "nbformat 5 is not supported; only nbformat 4 is")]
    public void Other_nbformat_versions_are_refused(int version, string reason)
    {
        // nbformat 3 keeps its cells in "worksheets"; the version is checked before anything else.
        var error = Ipynb($$"""{"worksheets": [{"cells": []}], "metadata": {}, "nbformat": {{version}}, "nbformat_minor": 0}""");
        Assert.Equal($"nb.ipynb: {reason}", error.Message);
    }

    [Theory]
    [InlineData("notes.txt", "notes.txt: not a notebook: the extension .txt; expected .ipynb or .dib")]
    [InlineData("dir/notebook", "dir/notebook: not a notebook: no extension; expected .ipynb or .dib")]
    public void An_unknown_extension_names_the_file_and_the_accepted_ones(string path, string message)
    {
        var error = Assert.Throws<NotebookFormatException>(() => NotebookFile.Read(path));
        Assert.Equal(message, error.Message);
        Assert.Equal(path, error.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n\r\n")]
    [InlineData("#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\"}}\n")]
    [InlineData("#!csharp\n\n#!fsharp\n\n")]
    public void An_empty_dib_is_refused(string text)
    {
        var error = Assert.Throws<NotebookFormatException>(() => DibFormat.Parse(text, "nb.dib"));
        Assert.Equal("nb.dib: the file holds no cells", error.Message);
    }

    [Fact]
    public void A_malformed_dib_meta_block_names_the_file_line()
    {
        var error = Assert.Throws<NotebookFormatException>(() =>
            DibFormat.Parse("\n#!meta\n\n{\"kernelInfo\":\n  {\"defaultKernelName\" \"csharp\"}}\n\n#!csharp\nx", "nb.dib"));
        Assert.Equal((5, 24), (error.Line, error.Column));
        Assert.StartsWith("nb.dib(5,24): #!meta: invalid JSON: ", error.Message);

        var array = Assert.Throws<NotebookFormatException>(() => DibFormat.Parse("#!meta\n[1]\n#!csharp\nx", "nb.dib"));
        Assert.Equal("nb.dib(1): #!meta: expected a JSON object", array.Message);
    }
}
