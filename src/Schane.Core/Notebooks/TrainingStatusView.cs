using System.Globalization;
using System.Net;
using Schane.Core.Display;

namespace Schane.Core.Notebooks;

/// <summary>How a <see cref="TrainingStatus"/> reads: a text line and an HTML progress bar.</summary>
internal static class TrainingStatusView
{
    private static string F(double x, string format = "0.0000") => x.ToString(format, CultureInfo.InvariantCulture);

    public static string Text(TrainingStatus s)
    {
        if (s.Last is not { } r) return $"training: {s.Status}";
        return $"step {r.Step}/{s.TargetStep} epoch {r.Epoch + 1} loss {F(r.Loss)} (contrastive {F(r.Contrastive)}, CE {F(r.CrossEntropy)}) " +
               $"acc {F(100 * r.Accuracy, "0.0")}% {F(r.ImagesPerSecond, "0")} img/s, {r.Remaining:hh\\:mm\\:ss} left" +
               (s.Status.Length > 0 ? $" — {s.Status}" : "");
    }

    public static string Html(TrainingStatus s)
    {
        if (s.Last is not { } r)
            return $"<div><progress value=\"0\" max=\"1\"></progress> training: {WebUtility.HtmlEncode(s.Status)}</div>";
        return $"<div><progress value=\"{r.Step}\" max=\"{s.TargetStep}\"></progress> step {r.Step}/{s.TargetStep}, epoch {r.Epoch + 1}" +
               $"<br/>loss <b>{F(r.Loss)}</b> (contrastive {F(r.Contrastive)}, cross-entropy {F(r.CrossEntropy)}), batch accuracy {F(100 * r.Accuracy, "0.0")}%" +
               $"<br/>{F(r.ImagesPerSecond, "0")} images/s, {r.Remaining:hh\\:mm\\:ss} left" +
               (s.Status.Length > 0 ? $"<br/><i>{WebUtility.HtmlEncode(s.Status)}</i>" : "") + "</div>";
    }
}

/// <summary><see cref="TrainingStatus"/>'s formatters, in the shape the display convention reads.</summary>
internal sealed class TrainingStatusFormatterSource
{
    /// <summary>HTML (a progress bar) and text (one line).</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter("text/html", typeof(TrainingStatus), value => TrainingStatusView.Html((TrainingStatus)value)),
        new DisplayFormatter("text/plain", typeof(TrainingStatus), value => TrainingStatusView.Text((TrainingStatus)value)),
    ];
}
