namespace Schane.Scripting;

/// <summary>
/// A script did not compile, threw, or produced the wrong kind of value. The message is written the way compilers
/// write it — <c>file(line,col): error CSxxxx: message</c> followed by the offending line — so editors can jump to it.
/// </summary>
public sealed class ScriptErrorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScriptErrorException(string message, Exception? inner = null) : base(message, inner) { }
}
