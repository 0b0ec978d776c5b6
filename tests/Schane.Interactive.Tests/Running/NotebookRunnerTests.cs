using Schane.Interactive.Documents;
using Schane.Interactive.Execution;
using Schane.Interactive.Formatting;
using Schane.Interactive.Running;

namespace Schane.Interactive.Tests.Running;

public class NotebookRunnerTests
{
    private static (Notebook Notebook, IReadOnlyList<string> Failures) Run(string dib, bool allowErrors = false)
    {
        using var folder = new TempDir();
        var notebook = DibFormat.Parse(dib, folder.File("test.dib"));
        using var session = new NotebookSession(folder.Path, Formatter.Format);
        var lines = new List<string>();
        var failures = new NotebookRunner(session) { AllowErrors = allowErrors, Progress = lines.Add }.Run(notebook);
        // One progress line per code cell run: up to the first failure, or all of them.
        var code = notebook.Cells.Where(c => c.Kind == NotebookCellKind.Code).ToList();
        var ran = allowErrors || failures.Count == 0 ? code.Count : code.FindIndex(c => c.Outputs.OfType<ErrorOutput>().Any()) + 1;
        Assert.Equal(ran, lines.Count);
        return (notebook, failures);
    }

    [Fact]
    public void Code_cells_run_in_order_and_keep_their_outputs_as_a_frontend_would()
    {
        var (notebook, failures) = Run("""
            #!markdown

            # Title

            #!csharp

            Console.Write("a");
            Console.Write("b\n");
            Console.Error.WriteLine("warn");
            var shown = display("first");
            shown.Update("second");
            1 + 1

            #!fsharp

            [1; 2; 3] |> List.map (fun x -> x * x)
            """);
        Assert.Empty(failures);
        Assert.Equal(NotebookCellKind.Markdown, notebook.Cells[0].Kind);
        Assert.Empty(notebook.Cells[0].Outputs);

        var csharp = notebook.Cells[1];
        Assert.Equal(1, csharp.ExecutionCount);
        Assert.Collection(csharp.Outputs,
            o => Assert.Equal(new StreamOutput("stdout", "ab\n"), o),
            o => Assert.Equal(new StreamOutput("stderr", "warn\n"), o),
            o => Assert.Equal("second", Assert.IsType<DisplayDataOutput>(o).Data["text/plain"]),
            o =>
            {
                var result = Assert.IsType<ExecuteResultOutput>(o);
                Assert.Equal(1, result.ExecutionCount);
                Assert.Equal("2", result.Data["text/plain"]);
            });

        var fsharp = notebook.Cells[2];
        Assert.Equal(2, fsharp.ExecutionCount);
        Assert.Contains("[1, 4, 9]", Assert.IsType<ExecuteResultOutput>(Assert.Single(fsharp.Outputs)).Data["text/plain"]);
    }

    [Fact]
    public void A_failing_cell_stops_the_run_unless_errors_are_allowed()
    {
        const string dib = """
            #!csharp

            var x = 1;

            #!csharp

            throw new InvalidOperationException("boom");

            #!csharp

            x + 1
            """;
        var (stopped, failures) = Run(dib);
        Assert.Equal("cell 2 (line 7): InvalidOperationException: boom", Assert.Single(failures));
        var error = Assert.IsType<ErrorOutput>(Assert.Single(stopped.Cells[1].Outputs));
        Assert.Equal(("InvalidOperationException", "boom"), (error.EName, error.EValue));
        Assert.Empty(stopped.Cells[2].Outputs);
        Assert.Null(stopped.Cells[2].ExecutionCount);

        var (allowed, _) = Run(dib, allowErrors: true);
        Assert.Equal("2", Assert.IsType<ExecuteResultOutput>(Assert.Single(allowed.Cells[2].Outputs)).Data["text/plain"]);
    }

    [Fact]
    public void A_cell_in_a_language_the_kernel_does_not_run_is_an_error_naming_it()
    {
        var (notebook, failures) = Run("#!csharp\n\n1\n\n#!pwsh\n\nGet-Date\n");
        Assert.Contains("unknown cell language 'pwsh'", Assert.Single(failures));
        Assert.Equal("UnknownCellLanguage", Assert.IsType<ErrorOutput>(Assert.Single(notebook.Cells[1].Outputs)).EName);
    }

    [Fact]
    public void Old_outputs_are_replaced()
    {
        using var folder = new TempDir();
        var notebook = DibFormat.Parse("#!csharp\n\n\"new\"\n", folder.File("x.dib"));
        notebook.Cells[0].Outputs.Add(new StreamOutput("stdout", "stale"));
        notebook.Cells[0].ExecutionCount = 7;
        using var session = new NotebookSession(folder.Path, Formatter.Format);
        Assert.Empty(new NotebookRunner(session).Run(notebook));
        Assert.Equal("new", Assert.IsType<ExecuteResultOutput>(Assert.Single(notebook.Cells[0].Outputs)).Data["text/plain"]);
        Assert.Equal(1, notebook.Cells[0].ExecutionCount);
    }
}
