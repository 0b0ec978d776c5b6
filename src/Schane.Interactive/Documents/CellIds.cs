using System.Security.Cryptography;
using System.Text;

namespace Schane.Interactive.Documents;

/// <summary>
/// nbformat 4.5 cell ids: valid ones ([A-Za-z0-9-_]{1,64}) are kept; missing, invalid and repeated ones are replaced by
/// ids derived from the cell's position and source, so reading the same file twice gives the same ids.
/// </summary>
internal static class CellIds
{
    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The id each cell gets: its own where valid and not taken by an earlier cell, else a derived one.</summary>
    public static string[] Resolve(IReadOnlyList<NotebookCell> cells)
    {
        var ids = new string[cells.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<int>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (IsValid(cells[i].Id) && taken.Add(cells[i].Id)) ids[i] = cells[i].Id;
            else missing.Add(i);
        }
        // Derived ids come second so that they never take an id a later cell states.
        foreach (var i in missing)
        {
            var baseId = Derive(i, cells[i].Source);
            var id = baseId;
            for (var n = 2; !taken.Add(id); n++) id = $"{baseId}-{n}";
            ids[i] = id;
        }
        return ids;
    }

    private static string Derive(int index, string source)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{index}\n{source}"));
        return Convert.ToHexStringLower(hash, 0, 8);
    }
}
