using Schane.Interactive.Formatting;

namespace Schane.Interactive.Tests.Formatting;

// A library's side of .NET Interactive's convention, written here from scratch: an attribute class of the test's own
// (found by its name, not by a type of ours), formatter sources, and formatter objects of the convention's shape.

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[]? PreferredMimeTypes { get; set; }
}

// Same shape, wrong name: must be ignored.
[AttributeUsage(AttributeTargets.Class)]
internal sealed class FormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
}

internal sealed class TestFormatter(string mimeType, Type type, Func<object, TextWriter, bool> format)
{
    public string MimeType { get; } = mimeType;

    public Type Type { get; } = type;

    public bool Format(object instance, TextWriter writer) => format(instance, writer);
}

[TypeFormatterSource(typeof(GreetingSource), PreferredMimeTypes = ["text/markdown", "text/html"])]
public sealed class Greeting(string name)
{
    public string Name => name;

    public override string ToString() => "Greeting " + name;
}

internal sealed class GreetingSource
{
    public static int Created;

    public GreetingSource() => Interlocked.Increment(ref Created);

    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new TestFormatter("text/html", typeof(Greeting), (o, w) => { w.Write("<b>Hello, " + ((Greeting)o).Name + "</b>"); return true; }),
        new TestFormatter("text/markdown", typeof(Greeting), (o, w) => { w.Write("**Hello, " + ((Greeting)o).Name + "**"); return true; }),
    ];
}

[TypeFormatterSource(typeof(AnimalSource))]
public class Animal
{
    public string Sound { get; init; } = "…";
}

public sealed class Dog : Animal;

internal sealed class AnimalSource
{
    // No Type property on this formatter: the convention then takes the annotated type (Animal).
    private sealed class HtmlFormatter
    {
        public string MimeType => "text/html";

        public bool Format(object instance, TextWriter writer)
        {
            writer.Write("<i>" + ((Animal)instance).Sound + "</i>");
            return true;
        }
    }

    public IEnumerable<object> CreateTypeFormatters() => [new HtmlFormatter()];
}

[TypeFormatterSource(typeof(ShapeSource))]
public interface IShape
{
    double Area { get; }
}

public sealed class Square(double side) : IShape
{
    public double Area => side * side;
}

internal sealed class ShapeSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
        [new TestFormatter("image/svg+xml", typeof(IShape), (o, w) => { w.Write($"<svg data-area=\"{((IShape)o).Area}\"/>"); return true; })];
}

[FormatterSource(typeof(GreetingSource))]
public sealed class Decoy
{
    public int Value => 1;
}

[TypeFormatterSource(typeof(FallbackSource))]
public sealed class Flaky(string mode)
{
    public string Mode => mode;

    public override string ToString() => "Flaky " + mode;
}

// Three text/html formatters in order: one that declines, one that throws on "throw", one that always writes.
internal sealed class FallbackSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new TestFormatter("text/html", typeof(Flaky), (o, w) => false),
        new TestFormatter("text/html", typeof(Flaky), (o, w) =>
        {
            if (((Flaky)o).Mode == "throw") throw new InvalidOperationException("formatter broke");
            w.Write("<p>first</p>");
            return true;
        }),
        new TestFormatter("text/html", typeof(Flaky), (o, w) => { w.Write("<p>second</p>"); return true; }),
    ];
}

[TypeFormatterSource(typeof(OnlyThrowsSource))]
public sealed class Fragile
{
    public override string ToString() => "fragile";
}

internal sealed class OnlyThrowsSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
        [new TestFormatter("text/html", typeof(Fragile), (o, w) => throw new ArgumentException("no html today"))];
}

[TypeFormatterSource(typeof(BrokenSource))]
public sealed class Broken
{
    public int Answer => 42;
}

internal sealed class BrokenSource
{
    public BrokenSource() => throw new InvalidOperationException("source cannot start");

    public IEnumerable<object> CreateTypeFormatters() => [];
}

public class ConventionTests
{
    [Fact]
    public void A_type_with_its_own_attribute_class_displays_by_its_formatters_in_its_preferred_order()
    {
        var bundle = Formatter.Format(new Greeting("Ada"));
        Assert.Equal(["text/markdown", "text/html", "text/plain"], bundle.Keys);
        Assert.Equal("**Hello, Ada**", bundle["text/markdown"]);
        Assert.Equal("<b>Hello, Ada</b>", bundle["text/html"]);
        Assert.Equal("Greeting Ada", bundle["text/plain"]);
    }

    [Fact]
    public void The_formatter_source_is_created_once_per_type()
    {
        for (var i = 0; i < 5; i++) Formatter.Format(new Greeting("x" + i));
        Assert.Equal(1, Volatile.Read(ref GreetingSource.Created));
    }

    [Fact]
    public void Base_types_and_interfaces_lend_their_formatters()
    {
        Assert.Equal("<i>woof</i>", Formatter.Format(new Dog { Sound = "woof" })["text/html"]);
        var square = Formatter.Format(new Square(3));
        Assert.Equal("<svg data-area=\"9\"/>", square["image/svg+xml"]);
        // The type has a rich form of its own, so the defaults add no HTML table that a notebook would prefer.
        Assert.False(square.ContainsKey("text/html"));
    }

    [Fact]
    public void An_attribute_of_the_same_shape_but_another_name_is_not_the_convention()
    {
        var bundle = Formatter.Format(new Decoy());
        Assert.DoesNotContain("Hello", string.Concat(bundle.Values));
        Assert.Contains("<td>Value</td>", bundle["text/html"]); // the default property table instead
    }

    [Fact]
    public void A_formatter_that_declines_or_throws_gives_way_to_the_next()
    {
        var fine = Formatter.Format(new Flaky("fine"));
        Assert.Equal("<p>first</p>", fine["text/html"]);
        Assert.Equal("Flaky fine", fine["text/plain"]);

        var broken = Formatter.Format(new Flaky("throw"));
        Assert.Equal("<p>second</p>", broken["text/html"]);
        Assert.StartsWith("Flaky throw\n", broken["text/plain"]);
        Assert.Contains("text/html formatter from FallbackSource failed", broken["text/plain"]);
        Assert.Contains("formatter broke", broken["text/plain"]);
    }

    [Fact]
    public void When_every_formatter_of_a_mime_type_throws_the_cell_still_displays_as_text()
    {
        var bundle = Formatter.Format(new Fragile());
        Assert.Equal(["text/plain"], bundle.Keys);
        Assert.StartsWith("fragile\n", bundle["text/plain"]);
        Assert.Contains("no html today", bundle["text/plain"]);
    }

    [Fact]
    public void A_source_that_cannot_be_created_is_reported_and_the_defaults_apply()
    {
        var bundle = Formatter.Format(new Broken());
        Assert.Contains("<td>Answer</td>", bundle["text/html"]);
        Assert.Contains("Broken { Answer = 42 }", bundle["text/plain"]);
        Assert.Contains("the formatter source of " + typeof(Broken).FullName + " failed", bundle["text/plain"]);
        Assert.Contains("source cannot start", bundle["text/plain"]);
    }
}
