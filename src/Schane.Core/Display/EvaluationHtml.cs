using Schane.Core.Evaluation;

namespace Schane.Core.Display;

/// <summary>The evaluation results as HTML tables, for notebooks.</summary>
internal static class EvaluationHtml
{
    // Rows listed per class in an episode: enough to recognise it, few enough to stay a preview.
    private const int ListedRows = 10;

    /// <summary>Top-1 and top-5 accuracy with the sample count.</summary>
    public static string Of(TopKAccuracy accuracy) =>
        Html.Table(null, ["top-1", "top-5", "samples"],
            [[Html.Percent(accuracy.Top1), Html.Percent(accuracy.Top5), Html.Count(accuracy.Count)]]);

    /// <summary>The four measures of embedding quality with how to read them.</summary>
    public static string Of(EmbeddingQuality quality) =>
        Html.Table("Embedding quality (L2-normalised embeddings)", ["measure", "value", "reading"],
        [
            ["alignment", Html.Number(quality.Alignment), "mean ‖zᵢ − zⱼ‖² over same-class pairs; lower is better"],
            ["uniformity", Html.Number(quality.Uniformity), "log mean exp(−2‖zᵢ − zⱼ‖²) over all pairs; lower is more uniform"],
            ["intra-class cosine", Html.Number(quality.IntraClassCosine), "mean cosine of same-class pairs"],
            ["inter-class cosine", Html.Number(quality.InterClassCosine), "mean cosine of different-class pairs"],
        ]);

    /// <summary>An episode: per episode-local class, its support and query rows.</summary>
    public static string Of(FewShotEpisode episode)
    {
        var ways = episode.Ways;
        var caption = $"{ways}-way episode: {episode.Support.Length} support and {episode.Query.Length} query examples";
        var rows = Enumerable.Range(0, ways).Select(c => (IReadOnlyList<string>)
        [
            c.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Rows(episode.Support, episode.SupportLabels, c),
            Rows(episode.Query, episode.QueryLabels, c),
        ]);
        return Html.Table(caption, ["class", "support rows", "query rows"], rows);
    }

    private static string Rows(long[] rows, int[] labels, int label)
    {
        var mine = rows.Where((_, i) => i < labels.Length && labels[i] == label).ToArray();
        var listed = string.Join(", ", mine.Take(ListedRows));
        return mine.Length > ListedRows ? $"{listed}, … ({mine.Length} rows)" : listed;
    }
}
