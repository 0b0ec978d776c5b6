using Schane.Interactive.Formatting;

namespace Schane.Interactive.Tests.Formatting;

// Registrations are process-wide: each test registers for types of its own, so tests running side by side never
// see each other's.
public class RegistrationTests
{
    public sealed record Temperature(double Celsius);

    public class Vehicle
    {
        public override string ToString() => "vehicle";
    }

    public sealed class Bicycle : Vehicle;

    public interface ILabelled
    {
        string Label { get; }
    }

    public sealed class Parcel(string label) : ILabelled
    {
        public string Label => label;

        public override string ToString() => "parcel";
    }

    [TypeFormatterSource(typeof(BadgeSource))]
    public sealed class Badge
    {
        public override string ToString() => "badge";
    }

    internal sealed class BadgeSource
    {
        public IEnumerable<object> CreateTypeFormatters() =>
            [new TestFormatter("text/html", typeof(Badge), (o, w) => { w.Write("<b>library</b>"); return true; })];
    }

    public sealed class Gauge
    {
        public override string ToString() => "gauge";
    }

    [Fact]
    public void A_registered_formatter_adds_a_mime_type_and_can_replace_text_plain()
    {
        Formatter.Register<Temperature>("text/html", t => $"<span>{t.Celsius} °C</span>");
        Formatter.Register<Temperature>("text/plain", t => $"{t.Celsius} degrees");
        try
        {
            var bundle = Formatter.Format(new Temperature(21.5));
            Assert.Equal("<span>21.5 °C</span>", bundle["text/html"]);
            Assert.Equal("21.5 degrees", bundle["text/plain"]);
        }
        finally
        {
            Assert.True(Formatter.Unregister<Temperature>("text/html"));
            Assert.True(Formatter.Unregister<Temperature>("text/plain"));
        }
        Assert.False(Formatter.Unregister<Temperature>("text/html"));
        // The defaults again: a record shows its properties.
        Assert.Contains("<td>Celsius</td>", Formatter.Format(new Temperature(21.5))["text/html"]);
    }

    [Fact]
    public void The_most_specific_registration_wins_and_the_latest_replaces_an_earlier_one()
    {
        Formatter.Register<Vehicle>("text/html", _ => "<p>any vehicle</p>");
        Formatter.Register<Bicycle>("text/html", _ => "<p>old bicycle</p>");
        Formatter.Register<Bicycle>("text/html", _ => "<p>bicycle</p>");
        Formatter.Register<ILabelled>("text/html", l => "<p>label " + l.Label + "</p>");
        try
        {
            Assert.Equal("<p>bicycle</p>", Formatter.Format(new Bicycle())["text/html"]);
            Assert.Equal("<p>any vehicle</p>", Formatter.Format(new Vehicle())["text/html"]);
            Assert.Equal("<p>label A-7</p>", Formatter.Format(new Parcel("A-7"))["text/html"]);
        }
        finally
        {
            Formatter.Unregister<Vehicle>("text/html");
            Formatter.Unregister<Bicycle>("text/html");
            Formatter.Unregister<ILabelled>("text/html");
        }
    }

    [Fact]
    public void A_registration_overrides_what_the_type_carries_and_unregistering_restores_it()
    {
        Assert.Equal("<b>library</b>", Formatter.Format(new Badge())["text/html"]);
        Formatter.Register<Badge>("text/html", _ => "<b>mine</b>");
        try
        {
            Assert.Equal("<b>mine</b>", Formatter.Format(new Badge())["text/html"]);
        }
        finally
        {
            Formatter.Unregister<Badge>("text/html");
        }
        Assert.Equal("<b>library</b>", Formatter.Format(new Badge())["text/html"]);
    }

    [Fact]
    public void A_registration_that_returns_null_or_throws_falls_back()
    {
        Formatter.Register<Gauge>("text/plain", _ => null);
        Assert.Equal("gauge", Formatter.Format(new Gauge())["text/plain"]);
        Formatter.Register<Gauge>("text/plain", _ => throw new InvalidOperationException("gauge stuck"));
        try
        {
            var text = Formatter.Format(new Gauge())["text/plain"];
            Assert.StartsWith("gauge\n", text);
            Assert.Contains("Formatter.Register<Gauge>", text);
            Assert.Contains("gauge stuck", text);
        }
        finally
        {
            Formatter.Unregister<Gauge>("text/plain");
        }
    }

    [Theory]
    [InlineData("html")]
    [InlineData(" ")]
    public void Registering_needs_a_mime_type(string mimeType) =>
        Assert.Throws<ArgumentException>(() => Formatter.Register<Gauge>(mimeType, _ => ""));
}
