using Schane.Core.Tests.Runtime;

namespace Schane.Core.Tests;

/// <summary>
/// The test assembly's entry point, in place of the empty one Microsoft.NET.Test.Sdk generates: with the argument
/// "torchsharp" it is the child process of <see cref="TorchSharpLoadTests"/>; otherwise it does nothing.
/// </summary>
internal static class TestProgram
{
    public static int Main(string[] args) => args is ["torchsharp"] ? TorchSharpChild.Run() : 0;
}
