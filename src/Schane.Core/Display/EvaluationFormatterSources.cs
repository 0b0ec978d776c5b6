using Schane.Core.Evaluation;

namespace Schane.Core.Display;

/// <summary><see cref="TopKAccuracy"/>'s formatters (found through <see cref="TypeFormatterSourceAttribute"/>): an HTML table.</summary>
internal sealed class TopKAccuracyFormatterSource
{
    /// <summary>The formatters, in the shape the display convention reads.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
        [new DisplayFormatter("text/html", typeof(TopKAccuracy), value => EvaluationHtml.Of((TopKAccuracy)value))];
}

/// <summary><see cref="EmbeddingQuality"/>'s formatters: an HTML table of the four measures.</summary>
internal sealed class EmbeddingQualityFormatterSource
{
    /// <summary>The formatters, in the shape the display convention reads.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
        [new DisplayFormatter("text/html", typeof(EmbeddingQuality), value => EvaluationHtml.Of((EmbeddingQuality)value))];
}

/// <summary><see cref="FewShotEpisode"/>'s formatters: an HTML table of the rows per class.</summary>
internal sealed class FewShotEpisodeFormatterSource
{
    /// <summary>The formatters, in the shape the display convention reads.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
        [new DisplayFormatter("text/html", typeof(FewShotEpisode), value => EvaluationHtml.Of((FewShotEpisode)value))];
}
