using Schane.Core.Display;
namespace Schane.Core.Evaluation;

/// <summary>
/// One N-way K-shot task drawn from a labelled feature set: the rows of the support and query examples, and their
/// episode-local labels 0…N−1 (the i-th sampled class is label i). Support and query rows never overlap.
/// </summary>
/// <param name="Support">Row indices of the N·K support examples.</param>
/// <param name="SupportLabels">Episode-local label of each support row.</param>
/// <param name="Query">Row indices of the N·Q query examples.</param>
/// <param name="QueryLabels">Episode-local label of each query row.</param>
[TypeFormatterSource(typeof(FewShotEpisodeFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record FewShotEpisode(long[] Support, int[] SupportLabels, long[] Query, int[] QueryLabels)
{
    /// <summary>N, the number of classes in the episode.</summary>
    public int Ways => SupportLabels.Length == 0 ? 0 : SupportLabels.Max() + 1;
}
