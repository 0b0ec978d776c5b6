using System.Runtime.InteropServices;

namespace Schane.Core;

/// <summary>What a user reads of an error that came from libtorch.</summary>
public static class TorchErrors
{
    /// <summary>
    /// The exception's message; for libtorch's errors (TorchSharp raises them as <see cref="ExternalException"/>) only
    /// the lines before "Exception raised from …", where libtorch appends its C++ stack, which says nothing to a user.
    /// </summary>
    public static string MessageOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is not ExternalException) return exception.Message;
        var cut = exception.Message.IndexOf("Exception raised from ", StringComparison.Ordinal);
        return (cut > 0 ? exception.Message[..cut] : exception.Message).TrimEnd();
    }
}
