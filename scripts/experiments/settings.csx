// Shared by the sweeps: command-line arguments to run settings. "--kebab-case VALUE" sets any `schane train` setting
// (as in config.json: --train-per-class 200 → trainPerClass = 200); bare numbers are the values to sweep.
using System.Globalization;
using System.Text.Json.Nodes;

static (JsonObject Settings, List<double> Values) ParseSettings(IReadOnlyList<string> args, JsonObject defaults)
{
    var settings = (JsonObject)defaults.DeepClone();
    var values = new List<double>();
    for (var i = 0; i < args.Count; i++)
    {
        if (args[i].StartsWith("--"))
        {
            if (i + 1 >= args.Count) throw new ArgumentException($"{args[i]} needs a value");
            var key = string.Concat(args[i][2..].Split('-').Select((part, k) => k == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
            var text = args[++i];
            settings[key] = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? (number == Math.Floor(number) && !text.Contains('.') ? JsonValue.Create((long)number) : JsonValue.Create(number))
                : JsonValue.Create(text);
        }
        else values.Add(double.Parse(args[i], CultureInfo.InvariantCulture));
    }
    return (settings, values);
}
