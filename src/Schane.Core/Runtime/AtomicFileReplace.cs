namespace Schane.Core.Runtime;

/// <summary>
/// Replaces a file's contents all at once: the new bytes go to a temporary file beside it, which then takes its name
/// (rename). A reader sees the old file or the new one, never half of each, and a process that has the old one mapped
/// (a running dotnet that loaded the library) keeps its copy.
/// </summary>
internal static class AtomicFileReplace
{
    /// <summary>Writes <paramref name="contents"/> over <paramref name="path"/>, keeping its Unix permissions.</summary>
    public static void Write(string path, byte[] contents)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);  // only left when something above failed
        }
    }
}
