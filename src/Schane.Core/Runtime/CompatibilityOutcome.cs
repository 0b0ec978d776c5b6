namespace Schane.Core.Runtime;

/// <summary>What <see cref="LibStdCxxCompatibility.Apply"/> did to a library.</summary>
public enum CompatibilityOutcome
{
    /// <summary>The system libstdc++ defines every version the library needs: the file was left alone.</summary>
    NothingToDo,

    /// <summary>Marker requirements the system lacks were marked weak in the file.</summary>
    Patched,

    /// <summary>The marker requirements the system lacks were weak already (an earlier run): the file was left alone.</summary>
    AlreadyPatched,
}
