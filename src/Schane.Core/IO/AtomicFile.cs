namespace Schane.Core.IO;

/// <summary>
/// Writes a file through a temporary one in the same folder, renamed over the target when complete: a reader never
/// sees half a file, and a failed write leaves the previous file in place. (Neither .NET nor TorchSharp has this.)
/// </summary>
public static class AtomicFile
{
    /// <summary><see cref="Write"/> of <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));

    /// <summary>Calls <paramref name="write"/> with a temporary path, then moves that file to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{path}: the folder {directory} does not exist");
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }
}
