namespace Schane.Interactive.Formatting;

/// <summary>
/// HTML to display as it is: a notebook cell that returns <c>new HtmlString("&lt;b&gt;hi&lt;/b&gt;")</c> shows bold text.
/// The HTML is the caller's own and is not escaped; its text/plain form is the same markup.
/// </summary>
/// <param name="Html">The markup.</param>
public sealed record HtmlString(string Html)
{
    /// <summary>The markup.</summary>
    public override string ToString() => Html;
}
