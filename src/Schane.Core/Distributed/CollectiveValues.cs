using System.Runtime.InteropServices;
using System.Text;

namespace Schane.Core.Distributed;

/// <summary>Small .NET values over a collective: what rank 0 decided (a run's name, a path), sent to every rank.</summary>
public static class CollectiveValues
{
    /// <summary>Rank <paramref name="root"/>'s <paramref name="text"/> on every rank (the others' argument is ignored).</summary>
    public static string Broadcast(ICollective collective, string text, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(collective);
        ArgumentNullException.ThrowIfNull(text);
        if (collective.WorldSize == 1) return text;
        var bytes = collective.Rank == root ? Encoding.UTF8.GetBytes(text) : [];
        Span<long> length = [bytes.LongLength];
        collective.Broadcast(MemoryMarshal.AsBytes(length), root);
        if (collective.Rank != root) bytes = new byte[length[0]];
        collective.Broadcast(bytes, root);
        return Encoding.UTF8.GetString(bytes);
    }
}
