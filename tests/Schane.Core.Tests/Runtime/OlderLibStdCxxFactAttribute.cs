using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>
/// A test that needs the system libstdc++ to lack GLIBCXX_3.4.32 (Debian 12 and older), as the patch then has something
/// to do; skipped on newer systems, where the tests with an injected newer libstdc++ cover them.
/// </summary>
public sealed class OlderLibStdCxxFactAttribute : FactAttribute
{
    public OlderLibStdCxxFactAttribute()
    {
        if (LibStdCxx.FindOnSystem().Versions.Contains("GLIBCXX_3.4.32")) Skip = "the system libstdc++ has GLIBCXX_3.4.32: nothing to patch";
    }
}
