namespace Schane.Interactive.Protocol;

/// <summary>
/// A received message is unsigned or its signature does not match its frames under our key
/// (jupyter_client raises ValueError("Invalid Signature") / ValueError("Unsigned Message")).
/// </summary>
public sealed class InvalidSignatureException : Exception
{
    /// <summary>An exception with the given reason.</summary>
    public InvalidSignatureException(string message) : base(message)
    {
    }
}
