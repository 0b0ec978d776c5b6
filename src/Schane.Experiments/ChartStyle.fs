/// The look every chart shares: a ScottPlot plot of 720 × 450 pixels, one sans-serif font for every text, and
/// matplotlib's "tab10" colours.
module internal Schane.Experiments.ChartStyle

open System
open System.Globalization
open ScottPlot
open SkiaSharp

/// Width of every chart, in pixels.
let width = 720

/// Height of a chart, in pixels (a bar chart with many bars grows taller; see ErrorBarChart).
let height = 450

/// Size of tick labels and legend entries, in pixels.
let textSize = 12.0f

// matplotlib's "tab10" (ScottPlot's Category10): distinguishable, and familiar to readers of ML papers.
let private palette = Palettes.Category10()

/// <summary>The fixed colour of series or class <paramref name="index"/> (ten colours, repeating).</summary>
let colour (index: int) : Color = palette.GetColor(((index % palette.Colors.Length) + palette.Colors.Length) % palette.Colors.Length)

// Where Linux's SkiaSharp looks for fonts: SkiaSharp.NativeAssets.Linux.NoDependencies has no fontconfig, it reads
// the font files under this folder itself.
let private fontFolder = "/usr/share/fonts"

/// The font family of every text: DejaVu Sans (Debian's fonts-dejavu-core, which ./schane installs) where it is
/// installed, else the system's default family. Resolved once; throws a clear error where no font is installed at
/// all, since every label would then be drawn as nothing.
let private family =
    lazy
        (let manager = SKFontManager.Default
         // Without font files Skia still lists one family: an empty one, whose typeface has no glyph.
         let families = manager.FontFamilies |> Seq.filter (String.IsNullOrWhiteSpace >> not) |> Seq.toArray
         if families.Length = 0 then
             let where = if OperatingSystem.IsLinux() then $" (SkiaSharp reads the font files under {fontFolder})" else ""
             invalidOp
                 $"Charts need a font and none is installed{where}. Install one, e.g. on Debian/Ubuntu: apt-get install fonts-dejavu-core (./schane installs it)."
         let installed = families |> Array.exists (fun f -> String.Equals(f, "DejaVu Sans", StringComparison.OrdinalIgnoreCase))
         if installed then "DejaVu Sans" else SKTypeface.Default.FamilyName)

/// <summary>
/// The font family for <paramref name="text"/>: the charts' family when it has a glyph for every character, else the
/// installed family ScottPlot finds for them (e.g. a CJK font for Chinese class names).
/// </summary>
let fontFor (text: string) : string =
    let name = family.Force()
    if String.IsNullOrEmpty text then name
    else
        use typeface = SKTypeface.FromFamilyName name
        if typeface.ContainsGlyphs text then name else Fonts.Detect text

/// <summary>
/// A tick label as the reports' tables write numbers, whatever the machine's culture (ScottPlot's own uses it): whole
/// and large numbers without decimals, others with up to 10 decimals.
/// </summary>
let tickLabel (value: float) : string =
    let value = value + 0.0 // −0 → 0
    if value = Math.Round value || abs value > 1000.0 then value.ToString("N0", CultureInfo.InvariantCulture)
    else Math.Round(value, 10).ToString("G", CultureInfo.InvariantCulture)

/// <summary>Numeric ticks labelled by tickLabel; only whole numbers when <paramref name="integers"/>.</summary>
let ticks (integers: bool) : ITickGenerator =
    TickGenerators.NumericAutomatic(IntegerTicksOnly = integers, LabelFormatter = Func<float, string>(tickLabel))

/// <summary>
/// A white plot with a bold title and axis labels, every text in the charts' font, and light grid lines. The caller
/// adds the data and disposes the plot.
/// </summary>
let plot (title: string) (xLabel: string) (yLabel: string) : Plot =
    let plt = new Plot()
    plt.Title title
    plt.XLabel xLabel
    plt.YLabel yLabel
    plt.Axes.Title.Label.FontName <- fontFor title
    plt.Axes.Title.Label.FontSize <- 16.0f
    plt.Axes.Bottom.TickGenerator <- ticks false
    plt.Axes.Left.TickGenerator <- ticks false
    for axis in plt.Axes.GetAxes() do
        axis.Label.FontName <- fontFor axis.Label.Text
        axis.Label.FontSize <- 14.0f
        axis.TickLabelStyle.FontName <- family.Force()
        axis.TickLabelStyle.FontSize <- textSize
    plt.Legend.FontSize <- Nullable textSize
    plt.Legend.FontName <- family.Force()
    plt

/// <summary>
/// Says <paramref name="text"/> in the middle of a plot that has nothing to draw, in place of its meaningless ticks
/// and grid.
/// </summary>
let noData (plt: Plot) (text: string) : unit =
    let note = plt.Add.Annotation(text, Alignment.MiddleCenter)
    note.LabelFontName <- fontFor text
    note.LabelFontSize <- 14.0f
    note.LabelBackgroundColor <- Colors.Transparent
    note.LabelBorderColor <- Colors.Transparent
    note.LabelShadowColor <- Colors.Transparent
    plt.HideGrid()
    for axis in [| plt.Axes.Bottom :> IAxis; plt.Axes.Left |] do
        axis.TickLabelStyle.IsVisible <- false
        axis.MajorTickStyle.Length <- 0.0f
        axis.MinorTickStyle.Length <- 0.0f

/// <summary>Sets the legend's font to one that has every glyph of <paramref name="entries"/>.</summary>
let legendFont (plt: Plot) (entries: string seq) : unit = plt.Legend.FontName <- fontFor (String.Concat entries)

/// <summary>Width in pixels of <paramref name="text"/> drawn at the tick-label size in the charts' font.</summary>
let measure (text: string) : float =
    use typeface = SKTypeface.FromFamilyName(fontFor text)
    use font = new SKFont(typeface, textSize)
    float (font.MeasureText text)
