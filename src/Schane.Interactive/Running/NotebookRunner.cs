using System.Diagnostics;
using System.Text.Json.Nodes;
using Schane.Interactive.Documents;
using Schane.Interactive.Execution;

namespace Schane.Interactive.Running;

/// <summary>
/// Runs a notebook without Jupyter, as <c>jupyter nbconvert --execute</c> does with a kernel: code cells in order
/// in one <see cref="NotebookSession"/>, each cell's old outputs replaced by the new ones (streams merged, displays
/// updated in place, the value as execute_result, failures as error outputs). Like nbconvert, it stops at the first
/// failing cell unless <see cref="AllowErrors"/> is set; the notebook keeps the outputs up to there.
/// </summary>
public sealed class NotebookRunner(NotebookSession session)
{
    /// <summary>Go on after a failing cell (nbconvert's --allow-errors).</summary>
    public bool AllowErrors { get; init; }

    /// <summary>Receives a line per cell: its number, language and time, or how it failed.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>
    /// Runs the code cells of <paramref name="notebook"/> (in place) and returns the failures, each as
    /// <c>cell N: ename: evalue</c>; empty when every cell ran. <paramref name="cancellation"/> interrupts the
    /// running cell and stops the run.
    /// </summary>
    public IReadOnlyList<string> Run(Notebook notebook, CancellationToken cancellation = default)
    {
        var failures = new List<string>();
        var code = notebook.Cells.Where(c => c.Kind == NotebookCellKind.Code).ToList();
        for (var i = 0; i < code.Count; i++)
        {
            var cell = code[i];
            var label = cell.Label;
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            if (cancellation.IsCancellationRequested)
            {
                failures.Add($"{label}: not run (interrupted)");
                break;
            }
            var clock = Stopwatch.StartNew();
            var output = new RunnerOutput(cell.Outputs);
            CellResult result;
            if (CellLanguages.TryParse(cell.Language) is not { } language)
                result = CellResult.Error.Of("UnknownCellLanguage", $"unknown cell language '{cell.Language}' (this kernel runs {CellLanguages.Known})", "");
            else
            {
                result = session.Execute(cell.Source, language, output, cancellation);
                cell.ExecutionCount = session.ExecutionCount;
            }
            switch (result)
            {
                case CellResult.Ok { Value: { } value }:
                    output.Add(new ExecuteResultOutput(session.ExecutionCount, value, new JsonObject()));
                    break;
                case CellResult.Error error:
                    output.Add(new ErrorOutput(error.Name, error.Message, error.Traceback));
                    failures.Add($"{label}: {error.Name}: {error.Message}");
                    break;
            }
            var status = result is CellResult.Error ? "failed" : "ran";
            Progress?.Invoke($"{label} ({i + 1}/{code.Count} code cells, {cell.Language}): {status} in {clock.Elapsed.TotalSeconds:0.0} s");
            if (result is CellResult.Error && !AllowErrors) break;
        }
        return failures;
    }

    /// <summary>Collects a cell's outputs as Jupyter's notebook frontends store them.</summary>
    private sealed class RunnerOutput(List<CellOutput> outputs) : ICellOutput
    {
        private readonly Dictionary<string, int> displays = [];

        public void Add(CellOutput output)
        {
            lock (outputs) outputs.Add(output);
        }

        // Consecutive writes to one stream are one output, as in a frontend.
        public void Stream(string name, string text)
        {
            lock (outputs)
            {
                if (outputs.Count > 0 && outputs[^1] is StreamOutput last && last.Name == name) outputs[^1] = last with { Text = last.Text + text };
                else outputs.Add(new StreamOutput(name, text));
            }
        }

        public void Display(IReadOnlyDictionary<string, string> data, string displayId)
        {
            lock (outputs)
            {
                displays[displayId] = outputs.Count;
                outputs.Add(new DisplayDataOutput(data, new JsonObject()));
            }
        }

        public void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId)
        {
            lock (outputs)
                if (displays.TryGetValue(displayId, out var index)) outputs[index] = new DisplayDataOutput(data, new JsonObject());
        }
    }
}
