using static TorchSharp.torch;

namespace Schane.Core.Display;

/// <summary>
/// The display formatters of TorchSharp's <see cref="Tensor"/>, in the shape of .NET Interactive's convention
/// (<c>CreateTypeFormatters()</c>): text/html, a metadata line and a value preview; text/plain, PyTorch's repr. A
/// disposed tensor displays as such. TorchSharp's Tensor cannot carry our <see cref="TypeFormatterSourceAttribute"/>,
/// so a notebook host registers this source for it explicitly.
/// </summary>
public sealed class TensorFormatterSource
{
    /// <summary>The preferred MIME types of a tensor's display, best first.</summary>
    public static IReadOnlyList<string> PreferredMimeTypes { get; } = ["text/html", "text/plain"];

    /// <summary>
    /// The formatters: objects with public <c>MimeType</c>, <c>Type</c> and <c>bool Format(object, TextWriter)</c>,
    /// as the convention reads them.
    /// </summary>
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new DisplayFormatter("text/html", typeof(Tensor),
            value => value is Tensor { IsInvalid: false } t ? TensorHtml.Render(TensorPreview.Read(t)) : TensorHtml.Disposed());
        yield return new DisplayFormatter("text/plain", typeof(Tensor),
            value => value is Tensor { IsInvalid: false } t ? TensorText.Repr(TensorPreview.Read(t)) : "Tensor(disposed)");
    }

    /// <summary>The text/html display of <paramref name="tensor"/>.</summary>
    public static string Html(Tensor tensor) =>
        tensor is { IsInvalid: false } ? TensorHtml.Render(TensorPreview.Read(tensor)) : TensorHtml.Disposed();

    /// <summary>The text/plain display of <paramref name="tensor"/>: PyTorch's repr.</summary>
    public static string Text(Tensor tensor) =>
        tensor is { IsInvalid: false } ? TensorText.Repr(TensorPreview.Read(tensor)) : "Tensor(disposed)";
}
