using System.CommandLine;
using System.Runtime.InteropServices;
using Schane.Core.Runtime;
using Schane.Distributed;
using TorchSharp;

namespace Schane.Cli.Commands;

/// <summary>`schane info`: what the engine runs on (TorchSharp and libtorch versions, threads, CUDA), to check an installation.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the engine's configuration: TorchSharp and libtorch versions, threads, CUDA devices, the native library in use, whether its convolution gradients are right here.");
        command.SetAction(_ =>
        {
            var threads = torch.get_num_threads(); // loads libtorch first: the lines below read what it found
            var cuda = torch.cuda.is_available();
            Console.WriteLine($"torchsharp={TorchSharpInfo.Version()}");
            Console.WriteLine($"libtorch={torch.__version__}");
            Console.WriteLine($"threads={threads} interop_threads={torch.get_num_interop_threads()}");
            Console.WriteLine($"cuda={cuda} devices={(cuda ? torch.cuda.device_count() : 0)}");
            if (TorchSharpInfo.LoadedLibTorch() is { } library) Console.WriteLine($"native={library}");
            Console.WriteLine($"convolution={OneDnnConvolution()}");
            // Under mpirun every rank prints its own lines; MPI is initialised, which checks the binding end to end.
            if (MpiLaunch.IsLaunched)
            {
                using var mpi = MpiCollective.Initialize();
                Console.WriteLine($"world_size={mpi.WorldSize} rank={mpi.Rank} mpi=open-mpi");
            }
            else
            {
                Console.WriteLine($"world_size=1 mpi={(NativeLibrary.TryLoad("libmpi.so.40", out var libmpi) ? "open-mpi (mpirun -np N ./schane train: data-parallel)" : "missing (apt-get install openmpi-bin)")}");
            }
            Console.WriteLine($"dotnet={Environment.Version}");
            return 0;
        });
        return command;
    }

    // Whether oneDNN's convolution input gradients are right here at a few channel counts (Runtime.ConvolutionCheck).
    private static string OneDnnConvolution()
    {
        int[] counts = [4, 8, 16, 32];
        var right = counts.Select(c => (Channels: c, Right: ConvolutionCheck.OneDnnRightFor(c))).ToArray();
        if (right.Any(r => r.Right is null)) return "not checked (libtorch's oneDNN switch cannot be reached here)";
        var wrong = right.Where(r => r.Right == false).Select(r => r.Channels).ToArray();
        return wrong.Length == 0
            ? $"oneDNN input gradients right at {string.Join(", ", counts)} channels"
            : $"oneDNN input gradients wrong at {string.Join(", ", wrong)} channels, right at {string.Join(", ", counts.Except(wrong))}: " +
              "models with so few channels train with oneDNN off (slower, right)";
    }
}
