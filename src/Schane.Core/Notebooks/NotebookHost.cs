namespace Schane.Core.Notebooks;

/// <summary>
/// What the notebook this process runs in can do for library code: show a value below the running cell and replace it
/// in place, and tell when the user interrupts. Each notebook host registers itself once (our schane-csharp kernel at
/// its start; .NET Interactive through the extension script in Schane.Core's package), so that
/// <see cref="TrainingProgress"/> and user code work the same in both; outside a notebook nothing is shown and the
/// token never fires.
/// </summary>
public static class NotebookHost
{
    private static volatile Registration? current;

    /// <summary>True when a notebook host has registered itself in this process.</summary>
    public static bool IsAvailable => current != null;

    /// <summary>The host's name (e.g. "schane-csharp", ".NET Interactive"), or null outside a notebook.</summary>
    public static string? Name => current?.Name;

    /// <summary>
    /// Registers the notebook host of this process (a later registration replaces an earlier one).
    /// </summary>
    /// <param name="name">The host's name, for messages.</param>
    /// <param name="display">Shows a value below the running cell and returns how to replace it in place.</param>
    /// <param name="cancellation">The running cell's interrupt token.</param>
    public static void Register(string name, Func<object?, Action<object?>> display, Func<CancellationToken> cancellation)
    {
        ArgumentNullException.ThrowIfNull(display);
        ArgumentNullException.ThrowIfNull(cancellation);
        current = new Registration(name, display, cancellation);
    }

    /// <summary>
    /// Shows <paramref name="value"/> below the running cell in its richest form and returns an action that replaces
    /// it in place; outside a notebook, shows nothing and returns an action that does nothing.
    /// </summary>
    public static Action<object?> Display(object? value) => current is { } host ? host.Display(value) : _ => { };

    /// <summary>Fires when the user interrupts the running cell; outside a notebook, a token that never fires.</summary>
    public static CancellationToken Cancellation => current?.Cancellation() ?? CancellationToken.None;

    private sealed record Registration(string Name, Func<object?, Action<object?>> Display, Func<CancellationToken> Cancellation);
}
