namespace Schane.Engine;

/// <summary>An error raised by libtorch, with the .NET call that caused it.</summary>
public class TorchException : Exception
{
    /// <summary>Creates the exception from libtorch's message and the name of the .NET call.</summary>
    public TorchException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner cause.</summary>
    public TorchException(string message, Exception inner) : base(message, inner) { }
}
