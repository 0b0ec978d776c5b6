namespace Schane.Experiments

open System
open System.Net
open System.Text.RegularExpressions
open ScottPlot
open Schane.Experiments.Display

/// <summary>
/// An SVG document that notebooks display as an image: a chart of the Chart module (image/svg+xml and image/png, for
/// front ends and viewers that show no SVG), or any SVG text (image/svg+xml only).
/// </summary>
[<Sealed; TypeFormatterSource(typeof<FormatterSource<SvgImageDisplay>>, PreferredMimeTypes = [| "image/svg+xml"; "image/png"; "text/plain" |])>]
type SvgImage private (svg: string, png: Lazy<byte[]> option) =
    do if isNull (box svg) then nullArg (nameof svg)

    static let titlePattern = Regex("<title>(.*?)</title>", RegexOptions.Singleline ||| RegexOptions.CultureInvariant)

    /// <summary>An image of SVG text (it has no PNG form: <see cref="P:Schane.Experiments.SvgImage.HasPng"/> is false).</summary>
    new(svg: string) = SvgImage(svg, None)

    /// A chart: its SVG text, and its PNG rendered from the same plot when first asked for.
    internal new(svg: string, renderPng: unit -> byte[]) = SvgImage(svg, Some(Lazy<byte[]>(renderPng)))

    /// The SVG text.
    member _.Svg = svg

    /// The text of the document's first &lt;title&gt; element, or "" when it has none.
    member _.Title =
        let m = titlePattern.Match svg
        if m.Success then WebUtility.HtmlDecode m.Groups[1].Value else ""

    /// Whether the image can be rendered as PNG: true for the charts of the Chart module, false for SVG text.
    member _.HasPng = png.IsSome

    /// <summary>
    /// The chart as a PNG image of the SVG's size (a copy: change it freely). Throws
    /// <see cref="T:System.InvalidOperationException"/> for an image made from SVG text.
    /// </summary>
    member this.Png: byte[] =
        match png with
        | Some bytes -> Array.copy bytes.Value
        | None -> invalidOp $"{this} was made from SVG text, which has no PNG form; the charts of Chart.line/errorBars/scatter have one."

    /// <summary>Writes the SVG document to <paramref name="path"/> atomically, creating its folder.</summary>
    member _.Save(path: string) : unit = AtomicFile.writeAllText path svg

    /// <summary>Writes the PNG image (see Png) to <paramref name="path"/> atomically, creating its folder.</summary>
    member this.SavePng(path: string) : unit = AtomicFile.writeAllBytes path this.Png

    /// <summary>
    /// Writes <paramref name="name"/>.svg and <paramref name="name"/>.png (see Save and SavePng) into
    /// <paramref name="folder"/>: the pair that run, comparison and experiment reports keep of each chart.
    /// </summary>
    member this.SaveSvgAndPng(folder: string, name: string) : unit =
        this.Save(IO.Path.Combine(folder, name + ".svg"))
        this.SavePng(IO.Path.Combine(folder, name + ".png"))

    /// "SVG image: title" (or "SVG image" without a title): what a text-only display shows.
    override this.ToString() = if this.Title = "" then "SVG image" else "SVG image: " + this.Title

/// SvgImage's display (see Display.fs): the SVG text as image/svg+xml; a chart's PNG as image/png, base64 as Jupyter
/// stores it; its ToString as text/plain (not a dump of its properties).
and internal SvgImageDisplay() =
    interface IDisplaySource with
        member _.CreateTypeFormatters() =
            Seq.concat
                [ Html.formatters "image/svg+xml" (fun (image: SvgImage) -> image.Svg)
                  Html.formattersWhen "image/png" (fun (image: SvgImage) -> image.HasPng) (fun image -> Convert.ToBase64String image.Png)
                  Html.formatters "text/plain" (fun (image: SvgImage) -> image.ToString()) ]

/// <summary>
/// Charts drawn by ScottPlot as <see cref="T:Schane.Experiments.SvgImage"/>: SVG (text stays text) that notebooks
/// display, and PNG of the same plot. 720 × 450 pixels, DejaVu Sans, matplotlib's tab10 colours.
/// </summary>
module Chart =
    let private checkText (name: string) (value: string) = if isNull (box value) then nullArg name

    // The SVG now, the PNG from a second plot of the same data when asked for (a ScottPlot plot is disposable).
    let private image (title: string) (height: int) (build: unit -> Plot) : SvgImage =
        let svg =
            use plt = build ()
            ChartRendering.svg title plt ChartStyle.width height
        SvgImage(svg, fun () ->
            use plt = build ()
            ChartRendering.png plt ChartStyle.width height)

    /// <summary>
    /// A line chart of named series of (x, y) points, in the given order, with a legend right of the data. Points
    /// with a NaN or infinite coordinate are skipped; series of at most 40 points get a marker per point, so a single
    /// point stays visible.
    /// </summary>
    let line (title: string) (xLabel: string) (yLabel: string) (series: (string * (float * float)[])[]) : SvgImage =
        checkText (nameof title) title
        checkText (nameof xLabel) xLabel
        checkText (nameof yLabel) yLabel
        if isNull (box series) then nullArg (nameof series)
        image title ChartStyle.height (fun () -> LineChart.plot title xLabel yLabel series)

    /// <summary>
    /// A bar chart of (label, mean, half-width), each bar from 0 with an error bar of ±half-width. A bar with a
    /// non-finite mean is left out (its label stays); a NaN half-width (a single seed) draws the bar without an error
    /// bar. When the labels do not fit side by side (long labels, many bars) the bars lie horizontally, one row per
    /// bar, and the chart grows taller. Throws <see cref="T:System.ArgumentException"/> for a negative half-width.
    /// </summary>
    let errorBars (title: string) (yLabel: string) (bars: (string * float * float)[]) : SvgImage =
        checkText (nameof title) title
        checkText (nameof yLabel) yLabel
        if isNull (box bars) then nullArg (nameof bars)
        let labels = bars |> Array.map (fun (label, _, _) -> if isNull (box label) then "" else label)
        image title (ErrorBarChart.height labels) (fun () -> ErrorBarChart.plot title yLabel bars)

    /// <summary>
    /// A scatter plot of (x, y, class index) points, one dot per finite point coloured by class, with the class names
    /// as legend. Throws <see cref="T:System.ArgumentException"/> for a class index outside the names.
    /// </summary>
    let scatter (title: string) (xLabel: string) (yLabel: string) (points: (float * float * int)[]) (classNames: string[]) : SvgImage =
        checkText (nameof title) title
        checkText (nameof xLabel) xLabel
        checkText (nameof yLabel) yLabel
        if isNull (box points) then nullArg (nameof points)
        if isNull (box classNames) then nullArg (nameof classNames)
        image title ChartStyle.height (fun () -> ScatterChart.plot title xLabel yLabel points classNames)
