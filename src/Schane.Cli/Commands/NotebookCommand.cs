using System.CommandLine;
using Schane.Interactive.Documents;
using Schane.Interactive.Execution;
using Schane.Interactive.Formatting;
using Schane.Interactive.Running;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane notebook run IN.ipynb|IN.dib [--output OUT.ipynb] [--allow-errors]`: runs a notebook without Jupyter
/// (<see cref="NotebookRunner"/>) in the notebook's folder and writes it with its outputs (nbformat 4.5). Exit code
/// 0 when every cell ran, 1 when one failed (the notebook is written up to it), 130 when interrupted by Ctrl-C.
/// </summary>
internal static class NotebookCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("notebook") { Description = "The notebook: .ipynb (Jupyter, VS Code Polyglot Notebooks) or .dib (.NET Interactive)." };
        var output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "Where to write the executed notebook (.ipynb). Default: the input itself for .ipynb, NAME.ipynb beside a .dib.",
        };
        var allowErrors = new Option<bool>("--allow-errors") { Description = "Run every cell even after one fails (as nbconvert's --allow-errors)." };
        var run = new Command("run", "Execute a notebook headless and write its outputs.") { input, output, allowErrors };
        run.SetAction(parse => CommandErrors.Guard("notebook run", () =>
            Run(parse.GetValue(input)!, parse.GetValue(output), parse.GetValue(allowErrors))));
        return new Command("notebook", "Notebooks without Jupyter.") { run };
    }

    private static int Run(FileInfo input, FileInfo? output, bool allowErrors)
    {
        Notebook notebook;
        try { notebook = NotebookFile.Read(input.FullName); }
        catch (NotebookFormatException e)
        {
            Console.Error.WriteLine($"schane notebook run: {e.Message}");
            return 1;
        }
        var target = output?.FullName ?? Path.ChangeExtension(input.FullName, ".ipynb");
        using var cancel = new Interruption();
        var folder = Path.GetDirectoryName(input.FullName)!;
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;  // as a kernel started by Jupyter: relative paths start at the notebook
        IReadOnlyList<string> failures;
        try
        {
            using var session = new NotebookSession(folder, Formatter.Format);
            var runner = new NotebookRunner(session) { AllowErrors = allowErrors, Progress = line => Console.Error.WriteLine($"schane notebook run: {line}") };
            failures = runner.Run(notebook, cancel.Token);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
        IpynbFormat.Write(notebook, target);
        Console.Error.WriteLine($"schane notebook run: wrote {target}");
        foreach (var failure in failures) Console.Error.WriteLine($"schane notebook run: {failure}");
        if (cancel.IsCancellationRequested) return 130;
        return failures.Count > 0 ? 1 : 0;
    }
}
