using Schane.Interactive.Execution;

namespace Schane.Interactive;

/// <summary>A value shown below a cell, which can be replaced in place (Jupyter's display_id and update_display_data).</summary>
public sealed class DisplayHandle
{
    private readonly CellRun run;

    internal DisplayHandle(CellRun run, string id)
    {
        this.run = run;
        Id = id;
    }

    /// <summary>The display's id (Jupyter's transient display_id).</summary>
    public string Id { get; }

    /// <summary>Shows <paramref name="value"/> in place of what this display shows now.</summary>
    public void Update(object? value) => run.Update(Id, value);
}
