using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis.CSharp.Scripting;

namespace Schane.Scripting;

/// <summary>
/// The cache key of a compiled script: SHA-256 over the host (compiler, runtime, and the build of every default
/// reference: a rebuilt Schane.Core invalidates scripts compiled against the old one), each file's path and text
/// (the script and everything it #loads), each #r'd file's path, size and modification time, and each NuGet package's
/// id and version. The script's arguments are not part of it.
/// </summary>
internal static class ScriptCacheKey
{
    private const string Format = "schane-script-cache/1";

    private static readonly Lazy<string> HostIdentity = new(() =>
    {
        var text = new StringBuilder()
            .AppendLine(Format)
            .AppendLine(typeof(CSharpScript).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion)
            .AppendLine(RuntimeInformation.FrameworkDescription)
            .AppendLine(string.Join(",", ScriptHost.DefaultImports));
        foreach (var assembly in ScriptAssemblies.Host)
            text.AppendLine($"{assembly.GetName().Name} {assembly.ManifestModule.ModuleVersionId}");
        return text.ToString();
    });

    /// <summary>The key, as 64 lowercase hex digits.</summary>
    public static string Compute(ScriptSources sources, IEnumerable<string> referencedFiles, IEnumerable<NuGetReference> packages)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string field)
        {
            // Length-prefixed, so no two different inputs concatenate to the same bytes.
            var bytes = Encoding.UTF8.GetBytes(field);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        Add(HostIdentity.Value);
        foreach (var file in sources.Files)
        {
            Add("file");
            Add(file.Path);
            Add(file.Text.ToString());
        }
        foreach (var path in referencedFiles)
        {
            var info = new FileInfo(path);
            Add("reference");
            Add(path);
            Add(info.Exists ? $"{info.Length} {info.LastWriteTimeUtc.Ticks}" : "missing");
        }
        foreach (var package in packages)
        {
            Add("nuget");
            Add(package.Key);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
