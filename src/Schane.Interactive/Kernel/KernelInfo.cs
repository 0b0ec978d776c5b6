using System.Reflection;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Kernel;

/// <summary>What the kernel says of itself in kernel_info_reply.</summary>
internal static class KernelInfo
{
    /// <summary>The messaging protocol version spoken.</summary>
    public const string ProtocolVersion = "5.3";

    public static string Version { get; } =
        typeof(KernelInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public static JsonObject Reply() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = ProtocolVersion,
        ["implementation"] = "schane",
        ["implementation_version"] = Version,
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = $"Schane.Interactive {Version}: C# (and #!fsharp) cells on .NET {Environment.Version} with libtorch",
        ["help_links"] = new JsonArray(),
    };
}
