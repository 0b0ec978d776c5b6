namespace Schane.Distributed;

/// <summary>An MPI call that returned an error (the communicator returns errors instead of aborting).</summary>
public sealed class MpiException : Exception
{
    /// <summary>An exception for <paramref name="call"/> failing with MPI error <paramref name="code"/>.</summary>
    public MpiException(string call, int code)
        : base($"{call} failed: {OpenMpiNative.ErrorText(code)} (MPI error {code})") => ErrorCode = code;

    /// <summary>The MPI error code.</summary>
    public int ErrorCode { get; }
}
