using Schane.Core;
using Schane.Core.Losses;
using Schane.Core.Training;
using System.Runtime.InteropServices;

namespace Schane.Cli.Commands;

/// <summary>How long-running commands report expected failures (a message, exit code 1).</summary>
internal static class CommandErrors
{
    /// <summary>
    /// Runs <paramref name="action"/>; bad input, I/O problems, a diverged run and a failed libtorch call (TorchSharp
    /// reports those as <see cref="ExternalException"/>: a shape or dtype mismatch) print one message and return 1.
    /// </summary>
    public static int Guard(string command, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException
                                      or FormatException or WeightingException or TrainingDivergedException or ExternalException)
        {
            Console.Error.WriteLine($"schane {command}: {TorchErrors.MessageOf(e)}");
            return 1;
        }
    }
}
