namespace Schane.Experiments

open System.Net
open Schane.Experiments.Display
open System.Text.RegularExpressions

/// <summary>
/// An SVG document that notebooks display as an image (image/svg+xml), e.g. a chart of the Chart module
/// or any SVG text. The Svg module's functions return the text itself; <c>Chart.*</c> return it wrapped in this type.
/// </summary>
[<Sealed; TypeFormatterSource(typeof<FormatterSource<SvgImageDisplay>>, PreferredMimeTypes = [| "image/svg+xml"; "text/plain" |])>]
type SvgImage(svg: string) =
    do if isNull (box svg) then nullArg (nameof svg)

    static let titlePattern = Regex("<title>(.*?)</title>", RegexOptions.Singleline ||| RegexOptions.CultureInvariant)

    /// The SVG text.
    member _.Svg = svg

    /// The text of the document's first &lt;title&gt; element, or "" when it has none.
    member _.Title =
        let m = titlePattern.Match svg
        if m.Success then WebUtility.HtmlDecode m.Groups[1].Value else ""

    /// <summary>Writes the document to <paramref name="path"/> atomically (see Svg.save).</summary>
    member _.Save(path: string) : unit = Svg.save path svg

    /// "SVG image: title" (or "SVG image" without a title): what a text-only display shows.
    override this.ToString() = if this.Title = "" then "SVG image" else "SVG image: " + this.Title

/// SvgImage's display (see Display.fs): the SVG text as image/svg+xml.
and internal SvgImageDisplay() =
    interface IDisplaySource with
        member _.CreateTypeFormatters() = Html.formatters "image/svg+xml" (fun (image: SvgImage) -> image.Svg)

/// The charts of the Svg module as <see cref="T:Schane.Experiments.SvgImage"/>, which notebooks display as images.
module Chart =
    /// <summary>A line chart of named series of (x, y) points (see Svg.lineChart).</summary>
    let line (title: string) (xLabel: string) (yLabel: string) (series: (string * (float * float)[])[]) : SvgImage =
        SvgImage(Svg.lineChart title xLabel yLabel series)

    /// <summary>A bar chart of (label, mean, half-width) with error bars (see Svg.errorBarChart).</summary>
    let errorBars (title: string) (yLabel: string) (bars: (string * float * float)[]) : SvgImage =
        SvgImage(Svg.errorBarChart title yLabel bars)

    /// <summary>A scatter plot of (x, y, class index) points coloured by class (see Svg.scatter).</summary>
    let scatter (title: string) (xLabel: string) (yLabel: string) (points: (float * float * int)[]) (classNames: string[]) : SvgImage =
        SvgImage(Svg.scatter title xLabel yLabel points classNames)
