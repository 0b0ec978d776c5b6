using Schane.Core;
using Schane.Core.Notebooks;
using Schane.Scripting.FSharp;

namespace Schane.Interactive.Execution;

/// <summary>
/// The state behind a notebook: a C# session and (started on the first F# cell) an F# session, which cells
/// continue one after another. Each cell runs on a thread of its own with a large stack, so an interrupt can give
/// up on a cell that ignores <see cref="Cell.Cancellation"/>: after <see cref="InterruptGrace"/> the cell is
/// abandoned (its state is not kept, its later output dropped) and the session takes the next cell.
/// </summary>
public sealed class NotebookSession : IDisposable
{
    private const int StackSize = 16 * 1024 * 1024;
    private readonly string workingDirectory;
    private readonly Func<object?, IReadOnlyDictionary<string, string>> format;
    private readonly CSharpSession csharp;
    private readonly Lazy<FSharpSession> fsharp;

    /// <summary>
    /// A session whose <c>#r</c>, <c>#load</c> and relative paths start in <paramref name="workingDirectory"/> and
    /// which shows values through <paramref name="format"/> (value → MIME bundle).
    /// </summary>
    public NotebookSession(string workingDirectory, Func<object?, IReadOnlyDictionary<string, string>> format)
    {
        this.workingDirectory = Path.GetFullPath(workingDirectory);
        this.format = format;
        csharp = new CSharpSession(this.workingDirectory);
        fsharp = new Lazy<FSharpSession>(() => new FSharpSession([typeof(Cell).Assembly.Location], FSharpPrelude, this.workingDirectory));
        ConsoleRouter.Install();
        // Library code (TrainingProgress, users' helpers) shows values and sees interrupts through the core's seam.
        NotebookHost.Register(KernelName, value => Cell.Display(value).Update, () => Cell.Cancellation);
    }

    /// <summary>This host's name, as <see cref="NotebookHost.Name"/> reports it.</summary>
    public const string KernelName = "schane-csharp";

    // F# cells see the same namespaces as C# cells, and display as a function returning unit (so it shows no value).
    // F#'s operators are opened again after TorchSharp.torch, whose exp, log, max, min, float… would otherwise hide
    // them for plain numbers (torch's stay at hand as torch.exp or t.exp()).
    private static string FSharpPrelude => string.Join('\n',
        ["open TorchSharp", "open type TorchSharp.torch", "open Microsoft.FSharp.Core.Operators", "open Schane.Core.Losses", "open Schane.Core.Data", "open Schane.Core.Models", "open Schane.Core.Training",
         "open Schane.Core.Evaluation", "open Schane.Experiments", "open Schane.Core.Notebooks", "open Schane.Interactive",
         "let display (value: obj) : unit = Cell.Display value |> ignore"]);

    /// <summary>How long an interrupted cell may take to stop before it is abandoned.</summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The number of cells run so far (Jupyter's execution_count of the last one).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>
    /// Runs a cell of <paramref name="source"/> (in <paramref name="language"/> unless magic lines switch it) and
    /// waits for it; its output goes to <paramref name="output"/> while it runs. <paramref name="interrupt"/> cancels it.
    /// </summary>
    internal CellResult Execute(string source, CellLanguage language, ICellOutput output, CancellationToken interrupt)
    {
        var number = ++ExecutionCount;
        IReadOnlyList<CellSubmission> submissions;
        try { submissions = CellSubmission.Split(source, language); }
        catch (UnknownCellLanguageException e) { return CellResult.Error.Of("UnknownCellLanguage", e.Message, e.Message); }

        var run = new CellRun(output, format, interrupt);
        CellResult? result = null;
        using var done = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            Cell.CurrentRun = run;
            try { result = RunSubmissions(number, submissions, run); }
            catch (Exception e) { result = CellResult.Error.Of(e.GetType().Name, TorchErrors.MessageOf(e), e.ToString()); }
            finally
            {
                Cell.CurrentRun = null;
                // The waiter may be gone (abandoned cell); the event outlives it only until disposed.
                try { done.Set(); } catch (ObjectDisposedException) { }
            }
        }, StackSize) { IsBackground = true, Name = $"notebook cell {number}" };
        thread.Start();
        try { done.Wait(interrupt); }
        catch (OperationCanceledException)
        {
            if (!done.Wait(InterruptGrace))
            {
                run.Flush();
                run.Abandoned = true;
                run.Dispose();
                return CellResult.Error.Of("OperationCanceledException", "the cell was interrupted",
                    $"the cell was interrupted and did not stop within {InterruptGrace.TotalSeconds:0.#} s (it ignores Cell.Cancellation); " +
                    "it was abandoned: what it defined is not kept");
            }
        }
        thread.Join();
        run.Dispose();
        return result!;
    }

    private CellResult RunSubmissions(int number, IReadOnlyList<CellSubmission> submissions, CellRun run)
    {
        CellResult result = new CellResult.Ok(null);
        for (var i = 0; i < submissions.Count; i++)
        {
            var submission = submissions[i];
            // A multi-language cell names its parts cell3.csx, cell3-2.fsx, ...; line numbers count from the part.
            var suffix = i == 0 ? "" : $"-{i + 1}";
            result = submission.Language switch
            {
                CellLanguage.CSharp => csharp.Run($"cell{number}{suffix}.csx", submission.Code, run),
                CellLanguage.FSharp => RunFSharp($"cell{number}{suffix}.fsx", submission.Code, run),
                _ => ShowMarkdown(submission.Code, run),
            };
            if (result is CellResult.Error) return result;
            // Only the last part's value is the cell's result; earlier ones are shown as they come.
            if (i < submissions.Count - 1 && result is CellResult.Ok { Value: { } value }) run.Show(value);
        }
        return result;
    }

    private CellResult RunFSharp(string name, string code, CellRun run) => fsharp.Value.Evaluate(name, code, run.Cancellation) switch
    {
        FSharpSubmission.Ran { value.Value: var (value, type) } when type != typeof(void) && type != typeof(Microsoft.FSharp.Core.Unit) =>
            new CellResult.Ok(run.Format(value)),
        FSharpSubmission.Ran => new CellResult.Ok(null),
        FSharpSubmission.CompileError error => CellResult.Error.Of("CompilationError", FirstLine(error.message), error.message),
        FSharpSubmission.Threw threw => CellResult.Error.Of(threw.error.GetType().Name, threw.error.Message, threw.report),
        _ => throw new InvalidOperationException("unknown F# submission result"),
    };

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd();

    private static CellResult ShowMarkdown(string markdown, CellRun run)
    {
        var text = markdown.Trim('\n');
        run.Show(new Dictionary<string, string> { ["text/markdown"] = text, ["text/plain"] = text });
        return new CellResult.Ok(null);
    }

    /// <summary>Completions at <paramref name="cursor"/> (a UTF-16 offset) in a cell of <paramref name="language"/>.</summary>
    public Completion Complete(string code, int cursor, CellLanguage language)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var (part, offset) = PartAt(code, cursor, language);
        var completion = part.Language switch
        {
            CellLanguage.CSharp => CSharpCompletion.Complete(csharp, part.Code, cursor - offset),
            CellLanguage.FSharp => FSharpCompletion(part.Code, cursor - offset),
            _ => new Completion([], cursor - offset, cursor - offset),
        };
        return completion with { Start = completion.Start + offset, End = completion.End + offset };
    }

    // The submission of a multi-language cell that holds the cursor, and where its code starts in the cell.
    private static (CellSubmission Part, int Offset) PartAt(string code, int cursor, CellLanguage language)
    {
        IReadOnlyList<CellSubmission> parts;
        try { parts = CellSubmission.Split(code, language); }
        catch (UnknownCellLanguageException) { return (new CellSubmission(language, code, 1), 0); }
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < code.Length; i++) if (code[i] == '\n') lineStarts.Add(i + 1);
        var chosen = (parts[0], lineStarts[parts[0].FirstLine - 1]);
        foreach (var part in parts)
            if (lineStarts[part.FirstLine - 1] <= cursor) chosen = (part, lineStarts[part.FirstLine - 1]);
        return chosen;
    }

    private Completion FSharpCompletion(string code, int cursor)
    {
        var (start, prefix) = Completion.WordAt(code, cursor);
        var qualifier = start;
        while (qualifier > 0 && (char.IsLetterOrDigit(code[qualifier - 1]) || code[qualifier - 1] is '_' or '.')) qualifier--;
        var names = fsharp.Value.Completions(code[qualifier..cursor]);
        return new Completion(names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList(), start, cursor);
    }

    /// <summary>Jupyter's is_complete for a cell: complete, incomplete (with the indent to continue), or invalid.</summary>
    public (string Status, string Indent) IsComplete(string code, CellLanguage language)
    {
        var (part, _) = PartAt(code, code.Length, language);
        return part.Language == CellLanguage.CSharp ? CSharpSession.IsComplete(part.Code) : ("complete", "");
    }

    /// <summary>Ends the F# session, if one started.</summary>
    public void Dispose()
    {
        if (fsharp.IsValueCreated) ((IDisposable)fsharp.Value).Dispose();
    }
}
