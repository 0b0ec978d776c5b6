namespace Schane.Cli.Commands;

/// <summary>How to start this program again: the dotnet host and this assembly, or the apphost alone.</summary>
internal static class SelfCommand
{
    /// <summary>The command line that runs this program with <paramref name="arguments"/>: program first.</summary>
    public static IReadOnlyList<string> With(params string[] arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var assembly = typeof(SelfCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, assembly, .. arguments] : [host, .. arguments];
    }
}
