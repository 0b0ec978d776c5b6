namespace Schane.Scripting;

/// <summary>
/// Compiled scripts on disk, one folder per cache key: <c>&lt;key&gt;/script.dll</c>, <c>script.pdb</c> and
/// <c>manifest.txt</c>. A folder is written under a temporary name and renamed into place, so it is either whole or
/// absent; two processes compiling the same script at once both succeed and one folder stays.
/// </summary>
internal sealed class ScriptCache(string directory)
{
    private const string AssemblyFile = "script.dll", PdbFile = "script.pdb", ManifestFile = "manifest.txt";

    /// <summary>The entry for <paramref name="key"/>, or null when there is none or it no longer fits (a private assembly moved).</summary>
    public ScriptCacheEntry? TryLoad(string key)
    {
        var folder = Path.Combine(directory, key);
        if (!Directory.Exists(folder)) return null;
        try
        {
            var manifest = ReadManifest(Path.Combine(folder, ManifestFile));
            if (manifest == null || !manifest.FilesExist()) return null;
            return new ScriptCacheEntry(File.ReadAllBytes(Path.Combine(folder, AssemblyFile)), File.ReadAllBytes(Path.Combine(folder, PdbFile)), manifest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores an entry; false (and the script still runs) when the cache folder cannot be written.</summary>
    public bool TryStore(string key, ScriptCacheEntry entry)
    {
        var folder = Path.Combine(directory, key);
        var temporary = Path.Combine(directory, $".{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temporary);
            File.WriteAllBytes(Path.Combine(temporary, AssemblyFile), entry.Assembly);
            File.WriteAllBytes(Path.Combine(temporary, PdbFile), entry.Pdb);
            var manifest = entry.Manifest;
            File.WriteAllLines(Path.Combine(temporary, ManifestFile), manifest.References.Select(r => $"reference\t{r}")
                .Concat(manifest.PackageAssemblies.Select(a => $"package\t{a}"))
                .Concat(manifest.ProbingDirectories.Select(d => $"probe\t{d}")));
            // Stores follow misses: a folder already there did not load (stale or damaged) and is replaced.
            if (Directory.Exists(folder)) Remove(key);
            Directory.Move(temporary, folder);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Directory.Exists(folder);
        }
        finally
        {
            try { if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Deletes an entry that turned out unusable (e.g. a truncated assembly).</summary>
    public void Remove(string key)
    {
        try { Directory.Delete(Path.Combine(directory, key), recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    // One line per item, "reference<TAB>path", "package<TAB>path" or "probe<TAB>folder": read on every cached run,
    // so kept plain.
    private static ScriptManifest? ReadManifest(string file)
    {
        var references = new List<string>();
        var packages = new List<string>();
        var probing = new List<string>();
        foreach (var line in File.ReadLines(file))
        {
            var tab = line.IndexOf('\t');
            if (tab < 0) return null;
            var value = line[(tab + 1)..];
            switch (line[..tab])
            {
                case "reference": references.Add(value); break;
                case "package": packages.Add(value); break;
                case "probe": probing.Add(value); break;
                default: return null;
            }
        }
        return new ScriptManifest(references, packages, probing);
    }
}
