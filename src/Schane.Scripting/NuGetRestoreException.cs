namespace Schane.Scripting;

/// <summary>A package could not be restored: it does not exist, the version does not, or the source is unreachable.</summary>
internal sealed class NuGetRestoreException(string message) : Exception(message);
