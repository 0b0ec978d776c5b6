namespace Schane.Engine.Display;

/// <summary>
/// Creates <see cref="Tensor"/>'s formatters (found through <see cref="TypeFormatterSourceAttribute"/>): text/html,
/// a metadata line and a value preview; text/plain, PyTorch's repr. A disposed tensor displays as such.
/// </summary>
internal sealed class TensorFormatterSource
{
    /// <summary>The formatters, in the shape the display convention reads.</summary>
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new DisplayFormatter("text/html", typeof(Tensor),
            value => value is Tensor { IsDisposed: false } t ? TensorHtml.Render(TensorPreview.Read(t)) : TensorHtml.Disposed());
        yield return new DisplayFormatter("text/plain", typeof(Tensor),
            value => value is Tensor { IsDisposed: false } t ? TensorText.Repr(TensorPreview.Read(t)) : "Tensor(disposed)");
    }
}
