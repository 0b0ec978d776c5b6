namespace Schane.Interactive.Execution;

/// <summary>
/// The globals of C# cells: <c>display(value)</c> as .NET Interactive names it, and <c>Cancellation</c>, the
/// running cell's interrupt (see <see cref="Cell"/>).
/// </summary>
public sealed class CellGlobals
{
    /// <summary>Shows <paramref name="value"/> below the cell; <see cref="Cell.Display"/>.</summary>
#pragma warning disable IDE1006 // .NET Interactive's notebooks call it display(...): the same cells run in both.
    public DisplayHandle display(object? value) => Cell.Display(value);
#pragma warning restore IDE1006

    /// <summary>Fires when the user interrupts the cell; <see cref="Cell.Cancellation"/>.</summary>
    public CancellationToken Cancellation => Cell.Cancellation;
}
