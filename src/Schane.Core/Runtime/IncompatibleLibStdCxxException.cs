namespace Schane.Core.Runtime;

/// <summary>
/// A library needs libstdc++ versions that the system lacks and that it really uses (relocations refer to them), so
/// marking them weak would only move the failure to the first call. The message says which versions, in which file,
/// why, and what to do.
/// </summary>
public sealed class IncompatibleLibStdCxxException : Exception
{
    /// <summary>Creates the error for the plan that found used, missing versions.</summary>
    public IncompatibleLibStdCxxException(CompatibilityPlan plan)
        : base(Describe(plan))
    {
        Plan = plan;
    }

    /// <summary>What was found.</summary>
    public CompatibilityPlan Plan { get; }

    private static string Describe(CompatibilityPlan plan)
    {
        var used = string.Join("; ", plan.Used.Select(u =>
            $"{u.Need.Version} (used by {string.Join(", ", u.Symbols.Take(3))}{(u.Symbols.Count > 3 ? $" and {u.Symbols.Count - 3} more" : "")})"));
        return $"{plan.Library} needs {used} from {LibStdCxxVersionName.Library}, and {plan.SystemSummary()}: this libstdc++ is " +
               "too old for the library, and marking these versions weak would not help because the library calls them. " +
               "Install a newer libstdc++ (e.g. libstdc++6 from Debian backports or a newer distribution release), or use a " +
               "TorchSharp build made for this distribution.";
    }
}
