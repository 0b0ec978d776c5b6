using System.CommandLine;
using Schane.Engine;

namespace Schane.Cli.Commands;

/// <summary>`schane info`: what the engine runs on (libtorch threads, CUDA), to check an installation.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the engine's configuration: threads, CUDA devices, the native library in use.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"threads={Torch.Threads}");
            Console.WriteLine($"cuda={Torch.CudaIsAvailable} devices={Torch.CudaDeviceCount}");
            Console.WriteLine($"dotnet={Environment.Version}");
            return 0;
        });
        return command;
    }
}
