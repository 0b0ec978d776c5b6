namespace Schane.Core.Tests.Runtime;

/// <summary>A fresh temporary folder per test, deleted with everything in it afterwards.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("schane-runtime-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
