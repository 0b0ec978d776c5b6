using System.Globalization;
using Schane.Interactive.Formatting;

namespace Schane.Interactive.Tests.Formatting;

public class DefaultFormattingTests
{
    public sealed record Point(double X, double Y);

    public sealed class Bag
    {
        public int Count => 3;

        public string Label => "x";
    }

    public sealed class Moody
    {
        public int Calm => 1;

        public int Angry => throw new InvalidOperationException("nope");
    }

    [Fact]
    public void Null_is_plain_text_only() =>
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "<null>" }, Formatter.Format(null));

    [Fact]
    public void Strings_are_shown_as_they_are()
    {
        var bundle = Formatter.Format("a < b");
        Assert.Equal(["text/plain"], bundle.Keys);
        Assert.Equal("a < b", bundle["text/plain"]);
    }

    [Fact]
    public void Numbers_use_the_invariant_culture_whatever_the_thread_culture()
    {
        var german = CultureInfo.GetCultureInfo("de-DE");
        Assert.Equal(",", german.NumberFormat.NumberDecimalSeparator); // otherwise this test could not fail
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = german;
        try
        {
            Assert.Equal("1.5", Formatter.Format(1.5)["text/plain"]);
            Assert.Equal("1234567.25", Formatter.Format(1234567.25m)["text/plain"]);
            Assert.Equal("-3", Formatter.Format(-3)["text/plain"]);
            Assert.Equal("0.1", Formatter.Format(0.1f)["text/plain"]);
            Assert.Equal("Point { X = 0.5, Y = -2 }", Formatter.Format(new Point(0.5, -2))["text/plain"]);
            Assert.Same(german, CultureInfo.CurrentCulture);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Records_and_anonymous_types_are_tables_of_their_properties_with_html_escaped()
    {
        var point = Formatter.Format(new Point(1.5, -2));
        Assert.Equal(["text/html", "text/plain"], point.Keys);
        Assert.Contains("<caption>Point</caption>", point["text/html"]);
        Assert.Contains("<tr><td>X</td><td>1.5</td></tr>", point["text/html"]);
        Assert.Contains("<tr><td>Y</td><td>-2</td></tr>", point["text/html"]);

        var anonymous = Formatter.Format(new { Name = "<script>alert('x')</script>", Score = 0.25 });
        var html = anonymous["text/html"];
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.Contains("<tr><td>Score</td><td>0.25</td></tr>", html);
        Assert.Equal("{ Name = <script>alert('x')</script>, Score = 0.25 }", anonymous["text/plain"]);
    }

    [Fact]
    public void Objects_without_their_own_ToString_show_their_properties_and_a_getter_that_throws_is_noted()
    {
        Assert.Equal("Bag { Count = 3, Label = x }", Formatter.Format(new Bag())["text/plain"]);
        var moody = Formatter.Format(new Moody());
        Assert.Contains("<tr><td>Angry</td><td>(threw InvalidOperationException: nope)</td></tr>", moody["text/html"]);
        Assert.Equal("Moody { Calm = 1, Angry = (threw InvalidOperationException: nope) }", moody["text/plain"]);
    }

    [Fact]
    public void Sequences_preview_their_first_twenty_items()
    {
        var numbers = Formatter.Format(Enumerable.Range(0, 100).ToList());
        Assert.Equal(["text/plain"], numbers.Keys); // numbers are no table
        Assert.Equal("[" + string.Join(", ", Enumerable.Range(0, 20)) + ", …] (first 20 of 100 items)", numbers["text/plain"]);

        Assert.Equal("[1.5, 2]", Formatter.Format(new[] { 1.5, 2.0 })["text/plain"]);
        Assert.Equal("[\"a\", \"b \\\"c\\\"\"]", Formatter.Format(new[] { "a", "b \"c\"" })["text/plain"]);
        Assert.Equal("[]", Formatter.Format(Array.Empty<int>())["text/plain"]);
    }

    [Fact]
    public void An_endless_sequence_is_read_only_as_far_as_the_preview()
    {
        var read = 0;
        IEnumerable<int> Endless()
        {
            for (var i = 0; ; i++)
            {
                read++;
                yield return i;
            }
        }
        var text = Formatter.Format(Endless())["text/plain"];
        Assert.EndsWith("19, …] (first 20 items)", text);
        Assert.Equal(21, read);
    }

    [Fact]
    public void Sequences_of_records_and_dictionaries_are_html_tables()
    {
        var points = Enumerable.Range(0, 30).Select(i => new Point(i, -i)).ToList();
        var html = Formatter.Format(points)["text/html"];
        Assert.Contains("<caption>List&lt;Point&gt; (first 20 of 30 items)</caption>", html);
        Assert.Contains("<thead><tr><th>#</th><th>X</th><th>Y</th></tr></thead>", html);
        Assert.Contains("<tr><td>19</td><td>19</td><td>-19</td></tr>", html);
        Assert.DoesNotContain("<td>20</td>", html);

        var scores = Formatter.Format(new Dictionary<string, int> { ["a&b"] = 1, ["c"] = 2 });
        Assert.Contains("<th>Key</th><th>Value</th>", scores["text/html"]);
        Assert.Contains("<tr><td>0</td><td>a&amp;b</td><td>1</td></tr>", scores["text/html"]);
        Assert.Equal("[[a&b, 1], [c, 2]]", scores["text/plain"]);
    }

    [Fact]
    public void Exceptions_show_their_message_stack_and_causes()
    {
        Exception caught;
        try
        {
            try { throw new FormatException("inner <cause>"); }
            catch (Exception inner) { throw new InvalidOperationException("outer <problem>", inner); }
        }
        catch (Exception e) { caught = e; }

        var bundle = Formatter.Format(caught);
        Assert.Equal(["text/html", "text/plain"], bundle.Keys);
        Assert.Equal(caught.ToString(), bundle["text/plain"]);
        var html = bundle["text/html"];
        Assert.Contains("<summary><b>InvalidOperationException</b>: outer &lt;problem&gt;</summary>", html);
        Assert.Contains("caused by <b>FormatException</b>: inner &lt;cause&gt;", html);
        Assert.Contains(nameof(Exceptions_show_their_message_stack_and_causes), html); // the stack trace
    }

    [Fact]
    public void HtmlString_is_displayed_as_given()
    {
        var bundle = Formatter.Format(new HtmlString("<b>bold</b>"));
        Assert.Equal("<b>bold</b>", bundle["text/html"]);
        Assert.Equal("<b>bold</b>", bundle["text/plain"]);
    }
}
