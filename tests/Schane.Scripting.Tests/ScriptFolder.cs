namespace Schane.Scripting.Tests;

/// <summary>A temporary folder of scripts with its own script cache, so tests never share compiled entries.</summary>
internal sealed class ScriptFolder : IDisposable
{
    private readonly TempDir dir = new();

    public string Path => dir.Path;

    public string CacheDirectory => dir.File(".cache");

    /// <summary>Lines the host logged ("compiled …", "cached …", restores).</summary>
    public List<string> Log { get; } = [];

    /// <summary>Writes <paramref name="name"/> (folders created) and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = dir.File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public ScriptHost Host(bool useCache = true) => new() { CacheDirectory = CacheDirectory, UseCompiledCache = useCache, Log = Log.Add };

    /// <summary>Compiles and runs <paramref name="path"/>; returns the script and its value.</summary>
    public (CompiledScript Script, object? Value) Run(string path, params string[] args)
    {
        var script = Host().Compile(path);
        return (script, script.Run(new ScriptGlobals(args)));
    }

    public void Dispose() => dir.Dispose();
}
