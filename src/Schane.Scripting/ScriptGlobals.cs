namespace Schane.Scripting;

/// <summary>
/// What a script sees as globals: <c>Args</c>, the arguments after <c>--</c> on the command line, as dotnet-script
/// exposes them (so the same script runs under both).
/// </summary>
public sealed class ScriptGlobals
{
    /// <summary>Creates the globals with the script's arguments.</summary>
    public ScriptGlobals(IReadOnlyList<string> args) => Args = args;

    /// <summary>Globals with no arguments.</summary>
    public static ScriptGlobals Empty { get; } = new([]);

    /// <summary>The script's command-line arguments (<c>schane run FILE.csx -- a b</c> gives ["a", "b"]).</summary>
    public IReadOnlyList<string> Args { get; }
}
