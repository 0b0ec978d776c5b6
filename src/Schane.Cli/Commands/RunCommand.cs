using System.CommandLine;
using Schane.Scripting;
using Schane.Scripting.FSharp;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane run FILE.csx|FILE.fsx [-- args]`: runs a C# script on <see cref="ScriptHost"/> with TorchSharp, the core
/// and the experiments referenced and imported, or an F# script in-process on <see cref="FSharpScript"/> (the same
/// assemblies referenced, nothing opened; arguments in fsi.CommandLineArgs). The exit code is the script's <c>return</c> value when it is an int (as
/// dotnet-script does), else <see cref="Environment.ExitCode"/> (0 unless the script set it); 1 for a compile error,
/// an exception, a missing file or a package that cannot be restored.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The script: C# (.csx) or F# (.fsx)." };
        var scriptArgs = new Argument<string[]>("args") { Description = "The script's arguments (its Args); put them after --.", Arity = ArgumentArity.ZeroOrMore };
        var noCache = new Option<bool>("--no-cache") { Description = "Compile the script even when the compiled-script cache has it, and do not store it." };
        var verbose = new Option<bool>("--verbose") { Description = "Say on stderr whether the script was compiled or taken from the cache, and each package restore." };
        var command = new Command("run", "Run a C# script (.csx: #r, #r \"nuget: Name, Version\", #load and Args as in dotnet-script; compiled scripts are cached) or an F# script (.fsx, as dotnet fsi runs it).")
        {
            file, scriptArgs, noCache, verbose,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (string.Equals(path.Extension, ".fsx", StringComparison.OrdinalIgnoreCase))
                return FSharpScript.Run(path.ToString(), parse.GetValue(scriptArgs) ?? [], Console.Out, Console.Error);
            var host = new ScriptHost
            {
                UseCompiledCache = !parse.GetValue(noCache),
                Log = parse.GetValue(verbose) ? line => Console.Error.WriteLine($"schane run: {line}") : null,
            };
            try
            {
                var script = host.Compile(path.FullName);
                var result = script.Run(new ScriptGlobals(parse.GetValue(scriptArgs) ?? []));
                return result is int exitCode ? exitCode : Environment.ExitCode;
            }
            catch (ScriptErrorException e)
            {
                // Compiler-style lines (file(line,col): error ...) start the line, where editors look for them.
                Console.Error.WriteLine(e.Message);
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"schane run: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
