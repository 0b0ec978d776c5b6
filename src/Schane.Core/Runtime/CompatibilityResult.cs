namespace Schane.Core.Runtime;

/// <summary>The outcome of the compatibility step on one library, with a sentence that says what was done and why.</summary>
/// <param name="Library">The library.</param>
/// <param name="Outcome">What was done.</param>
/// <param name="Versions">The requirements concerned: those marked weak now, or found weak; empty for nothing to do.</param>
/// <param name="Message">One line for a person, e.g. "GLIBCXX_3.4.32 marked weak: …".</param>
public sealed record CompatibilityResult(string Library, CompatibilityOutcome Outcome, IReadOnlyList<VersionNeed> Versions, string Message);
