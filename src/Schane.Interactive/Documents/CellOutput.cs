namespace Schane.Interactive.Documents;

/// <summary>
/// One output of a code cell: nbformat's four <c>output_type</c>s (<c>nbformat.v4.new_output</c>).
/// Equality is by content (mime bundles and metadata compared by value), so documents can be compared after a round trip.
/// </summary>
public abstract record CellOutput
{
    // Closed: the reader and writer know exactly these four kinds.
    private protected CellOutput() { }
}
