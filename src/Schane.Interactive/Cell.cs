using Schane.Interactive.Execution;

namespace Schane.Interactive;

/// <summary>
/// The running notebook cell, seen from code inside it (C# and F# alike): show values, and learn when the user
/// interrupts. C# cells also have <c>display(value)</c> and <c>Cancellation</c> as globals; F# cells have <c>display</c>.
/// </summary>
public static class Cell
{
    private static readonly AsyncLocal<CellRun?> Current = new();

    /// <summary>The cell whose code is running on this thread (or in work it started), if any.</summary>
    internal static CellRun? CurrentRun
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    /// <summary>True inside a notebook cell.</summary>
    public static bool IsRunning => Current.Value != null;

    /// <summary>
    /// Fires when the user interrupts the cell (Jupyter's interrupt). Long work should pass it on, e.g.
    /// <c>trainer.Run(Cell.Cancellation)</c>: a run stops at the next step and saves a checkpoint. Outside a cell,
    /// a token that never fires.
    /// </summary>
    public static CancellationToken Cancellation => Current.Value?.Cancellation ?? CancellationToken.None;

    /// <summary>
    /// Shows <paramref name="value"/> below the cell in its richest form (HTML, SVG, text; see the Formatter) and
    /// returns a handle whose <see cref="DisplayHandle.Update"/> replaces it in place.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside a notebook cell.</exception>
    public static DisplayHandle Display(object? value)
    {
        var run = Current.Value ?? throw new InvalidOperationException("display() shows values below a notebook cell; no cell is running");
        return new DisplayHandle(run, run.Display(value));
    }
}
