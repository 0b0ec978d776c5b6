namespace Schane.Interactive.Protocol;

/// <summary>
/// Received frames are not a Jupyter message: no "&lt;IDS|MSG&gt;" delimiter, too few frames, or a header,
/// parent_header, metadata or content frame that is not a JSON object. The message says which frame and why.
/// </summary>
public sealed class MalformedMessageException : Exception
{
    /// <summary>An exception with the given reason.</summary>
    public MalformedMessageException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
