using System.Text;

namespace Schane.Interactive.Execution;

/// <summary>
/// Console.Out or Console.Error while a kernel runs: text written from a cell (or from work the cell started, which
/// carries its async context) goes to that cell; anything else goes to the process's original stream (the kernel's log).
/// </summary>
internal sealed class ConsoleRouter(string name, TextWriter fallback) : TextWriter
{
    private static readonly object InstallGate = new();
    private static bool installed;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (Cell.CurrentRun is { } run) run.Write(name, value);
        else fallback.Write(value);
    }

    public override void Flush()
    {
        if (Cell.CurrentRun is { } run) run.Flush();
        else fallback.Flush();
    }

    /// <summary>Routes Console.Out and Console.Error through routers, once per process.</summary>
    public static void Install()
    {
        lock (InstallGate)
        {
            if (installed) return;
            Console.SetOut(new ConsoleRouter("stdout", Console.Out));
            Console.SetError(new ConsoleRouter("stderr", Console.Error));
            installed = true;
        }
    }
}
