using Schane.Interactive.Execution;

namespace Schane.Interactive.Tests.Execution;

/// <summary>One session shared by the tests of a class (starting Roslyn and FSI takes seconds); names do not collide.</summary>
public sealed class SessionFixture : IDisposable
{
    public TempDir Folder { get; } = new();

    public NotebookSession Session { get; }

    public SessionFixture() => Session = new NotebookSession(Folder.Path, PlainText.Format);

    public (CellResult Result, RecordingOutput Output) Run(string source, CellLanguage language = CellLanguage.CSharp, CancellationToken interrupt = default)
    {
        var output = new RecordingOutput();
        return (Session.Execute(source, language, output, interrupt), output);
    }

    public void Dispose()
    {
        Session.Dispose();
        Folder.Dispose();
    }
}

/// <summary>A formatter for tests: text/plain only.</summary>
public static class PlainText
{
    public static IReadOnlyDictionary<string, string> Format(object? value) =>
        new Dictionary<string, string> { ["text/plain"] = value?.ToString() ?? "null" };
}

public class NotebookSessionTests(SessionFixture fixture) : IClassFixture<SessionFixture>
{
    internal static string ValueOf(CellResult result) => result switch
    {
        CellResult.Ok { Value: { } value } => value["text/plain"],
        CellResult.Ok => "<no value>",
        CellResult.Error error => throw new Xunit.Sdk.XunitException($"the cell failed: {error.Name}: {error.Message}\n{string.Join("\n", error.Traceback)}"),
        _ => throw new InvalidOperationException(),
    };

    [Fact]
    public void State_carries_across_cells_and_a_final_expression_is_the_result()
    {
        Assert.Equal("<no value>", ValueOf(fixture.Run("var carried = 2;").Result));
        Assert.Equal("6", ValueOf(fixture.Run("carried * 3").Result));
        Assert.Equal("<no value>", ValueOf(fixture.Run("Console.WriteLine(carried)").Result));
    }

    [Fact]
    public void Console_output_is_the_cell_s_stream()
    {
        var (result, output) = fixture.Run("Console.WriteLine(\"to stdout\"); Console.Error.Write(\"to stderr\"); Console.Write(\"tail\");");
        Assert.IsType<CellResult.Ok>(result);
        Assert.Equal("to stdout\ntail", output.Stdout.Replace("\r\n", "\n"));
        Assert.Equal("to stderr", output.Stderr);
    }

    [Fact]
    public void Display_shows_values_and_updates_them_in_place()
    {
        var (result, output) = fixture.Run("Console.WriteLine(\"before\"); var shown = display(1); shown.Update(2); Cell.Display(\"x\");");
        Assert.IsType<CellResult.Ok>(result);
        var kinds = output.Events.Select(e => e.Kind).ToList();
        Assert.Equal(["stream", "display", "update", "display"], kinds);
        Assert.Equal(output.Events[1].Name, output.Events[2].Name);
        Assert.Equal("2", output.Events[2].Data!["text/plain"]);
    }

    [Fact]
    public void A_compile_error_names_the_cell_line_and_column_and_keeps_the_state()
    {
        fixture.Run("var kept = 5;");
        var (result, _) = fixture.Run("var a = 1;\nvar b = missing + 1;");
        var error = Assert.IsType<CellResult.Error>(result);
        Assert.Equal("CompilationError", error.Name);
        Assert.StartsWith("CS0103", error.Message);
        var report = string.Join("\n", error.Traceback);
        Assert.Matches(@"cell\d+\.csx\(2,9\): error CS0103: The name 'missing' does not exist", report);
        Assert.Contains("    var b = missing + 1;", report);
        Assert.Equal("5", ValueOf(fixture.Run("kept").Result));
    }

    [Fact]
    public void An_exception_reports_its_type_message_and_the_cell_line()
    {
        var (result, _) = fixture.Run("var before = 1;\nthrow new InvalidOperationException(\"boom\");");
        var error = Assert.IsType<CellResult.Error>(result);
        Assert.Equal("InvalidOperationException", error.Name);
        Assert.Equal("boom", error.Message);
        Assert.Matches(@"cell\d+\.csx\(2\): error: System.InvalidOperationException: boom", error.Traceback[0]);
        Assert.Equal("1", ValueOf(fixture.Run("before").Result));
    }

    [Fact]
    public void FSharp_cells_keep_their_own_state_and_show_values()
    {
        Assert.Equal("<no value>", ValueOf(fixture.Run("#!fsharp\nlet answer = 40 + 2").Result));
        Assert.Equal("42", ValueOf(fixture.Run("answer", CellLanguage.FSharp).Result));
        var (result, output) = fixture.Run("#!fsharp\nprintfn \"hi %d\" answer\ndisplay answer");
        Assert.Equal("<no value>", ValueOf(result));
        Assert.Equal("hi 42\n", output.Stdout.Replace("\r\n", "\n"));
        Assert.Equal("42", Assert.Single(output.Events, e => e.Kind == "display").Data!["text/plain"]);
    }

    [Fact]
    public void FSharp_cells_see_TorchSharp_and_keep_FSharp_s_own_math()
    {
        // TorchSharp.torch is opened for F# cells as for C# ones; its exp, cos, max, min, float… must not hide F#'s.
        Assert.Equal("2.5", ValueOf(fixture.Run("#!fsharp\nmax 1.0 (exp 0.0 + cos 0.0) + sqrt (float 1) / 2.0 |> min 10.0").Result));
        Assert.Equal("6", ValueOf(fixture.Run("#!fsharp\nlet six = ones(2L, 3L).sum()\nsix.item<float32>()").Result));
        Assert.Equal("2", ValueOf(fixture.Run("#!fsharp\n(torch.exp(zeros(1L)) + 1.0).item<float32>() |> float").Result));
    }

    [Fact]
    public void An_FSharp_compile_error_and_exception_are_reported()
    {
        var compile = Assert.IsType<CellResult.Error>(fixture.Run("let f (x: int) = x + \"s\"", CellLanguage.FSharp).Result);
        Assert.Equal("CompilationError", compile.Name);
        Assert.Matches(@"cell\d+\.fsx\(1,\d+\): error FS0001", string.Join("\n", compile.Traceback));
        // A parse error FSI reports as a successful evaluation of nothing is still an error.
        var parse = Assert.IsType<CellResult.Error>(fixture.Run("let s = \"a\"\n$\"{s.Replace(\\\"a\\\", \\\"b\\\")} z\"", CellLanguage.FSharp).Result);
        Assert.Equal("CompilationError", parse.Name);
        var thrown = Assert.IsType<CellResult.Error>(fixture.Run("(failwith \"bad\" : unit)", CellLanguage.FSharp).Result);
        Assert.True(thrown.Name == "Exception", string.Join("\n", thrown.Traceback));
        Assert.Equal("Exception", thrown.Name);
        Assert.Equal("bad", thrown.Message);
    }

    [Fact]
    public void A_cell_can_switch_languages_and_show_markdown()
    {
        var (result, output) = fixture.Run("1 + 1\n#!markdown\n# Title\n#!fsharp\n3 * 3");
        Assert.Equal("9", ValueOf(result));
        Assert.Equal("2", output.Events[0].Data!["text/plain"]);
        Assert.Equal("# Title", output.Events[1].Data!["text/markdown"]);
    }

    [Fact]
    public void An_unknown_cell_language_is_an_error_naming_the_line()
    {
        var error = Assert.IsType<CellResult.Error>(fixture.Run("var x = 1;\n#!pwsh\nGet-Date").Result);
        Assert.Equal("UnknownCellLanguage", error.Name);
        Assert.Contains("line 2: unknown cell language '#!pwsh'", error.Message);
    }

    [Fact]
    public void Load_resolves_relative_to_the_working_directory()
    {
        File.WriteAllText(Path.Combine(fixture.Folder.Path, "helper.csx"), "int Twice(int x) => 2 * x;");
        Assert.Equal("14", ValueOf(fixture.Run("#load \"helper.csx\"\nTwice(7)").Result));
    }

    [Fact]
    public void Completions_come_from_the_session_s_symbols()
    {
        fixture.Run("var numbers = new List<int> { 1, 2 };");
        Assert.Contains("Count", fixture.Session.Complete("numbers.Cou", 11, CellLanguage.CSharp).Matches);
        var math = fixture.Session.Complete("var m = Math.Ab", 15, CellLanguage.CSharp);
        Assert.Equal(["Abs"], math.Matches);
        Assert.Equal((13, 15), (math.Start, math.End));
        Assert.Contains("numbers", fixture.Session.Complete("numb", 4, CellLanguage.CSharp).Matches);
        Assert.Contains("torch", fixture.Session.Complete("torc", 4, CellLanguage.CSharp).Matches);
        Assert.Contains("Console", fixture.Session.Complete("System.Con", 10, CellLanguage.FSharp).Matches);
    }

    [Theory]
    [InlineData("let fsharpish = [1; 2] |> List.sum", "this looks like F#; start the cell with a line #!fsharp")]
    [InlineData("using var t = torch.zeros(2);", "cannot declare `using var` at its top level")]
    public void Compile_errors_that_say_little_come_with_a_hint(string code, string hint) =>
        Assert.Contains(hint, string.Join("\n", Assert.IsType<CellResult.Error>(fixture.Run(code).Result).Traceback));

    [Fact]
    public void A_training_run_shows_live_progress_that_ends_at_its_last_step()
    {
        var (result, output) = fixture.Run("""
            var progressAll = ImageDataset.FashionMnist("train");
            var progressFive = progressAll.WhereClasses([0, 1, 2, 5, 8]);
            var progressData = progressFive.Subsample(10, seed: 1);
            progressAll.Dispose();
            progressFive.Dispose();
            var progressTrainer = new Trainer(new ModelSpec { Width = 4, Classes = 5, ProjectionDimension = 16 }, progressData,
                new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 7 });
            TrainingProgress.Run(progressTrainer, epochs: 1)
            """);
        Assert.Equal("Completed", ValueOf(result));
        var shown = Assert.Single(output.Events, e => e.Kind == "display");
        var last = output.Events.Last(e => e.Kind == "update");
        Assert.Equal(shown.Name, last.Name);
        Assert.Matches(@"^step 3/3 epoch 1 loss \d+\.\d{4} .* — done$", last.Data!["text/plain"]);
        fixture.Run("progressTrainer.Dispose(); progressData.Dispose();");
    }

    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("for (var i = 0; i < 3; i++) {", "incomplete")]
    [InlineData("var x = 1 +", "incomplete")]
    [InlineData("var x = );", "invalid")]
    public void Is_complete_tells_whole_cells_from_unfinished_ones(string code, string status) =>
        Assert.Equal(status, fixture.Session.IsComplete(code, CellLanguage.CSharp).Status);
}

public class InterruptTests
{
    [Fact]
    public void An_interrupt_cancels_a_cell_that_listens_and_abandons_one_that_does_not()
    {
        using var folder = new TempDir();
        using var session = new NotebookSession(folder.Path, PlainText.Format) { InterruptGrace = TimeSpan.FromMilliseconds(300) };
        var output = new RecordingOutput();
        session.Execute("var state = 1;", CellLanguage.CSharp, output, default);

        // Each cell interrupts itself by printing: the interrupt comes once the cell runs (compiling takes a while).
        using (var interrupt = new CancellationTokenSource())
        {
            output.OnStream = _ => interrupt.Cancel();
            var result = session.Execute("Console.WriteLine(\"running\");\nwhile (!Cancellation.IsCancellationRequested) Thread.Sleep(5);\n\"stopped\"",
                CellLanguage.CSharp, output, interrupt.Token);
            Assert.Equal("stopped", Assert.IsType<CellResult.Ok>(result).Value!["text/plain"]);
        }
        using (var interrupt = new CancellationTokenSource())
        {
            output.OnStream = _ => interrupt.Cancel();
            var result = session.Execute("Console.WriteLine(\"running\");\nwhile (true) Thread.Sleep(5);", CellLanguage.CSharp, output, interrupt.Token);
            var error = Assert.IsType<CellResult.Error>(result);
            Assert.Equal("OperationCanceledException", error.Name);
            Assert.Contains("abandoned", string.Join("\n", error.Traceback));
        }
        // The session lives on.
        output.OnStream = null;
        Assert.Equal("41", NotebookSessionTests.ValueOf(session.Execute("state + 40", CellLanguage.CSharp, output, default)));
    }
}
