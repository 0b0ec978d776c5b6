/// A small dependency-free writer of standalone SVG 1.1 charts: line charts, bar charts with error bars and
/// scatter plots. Non-finite values are skipped; constant data and single points get a widened axis.
module Schane.Experiments.Svg

open System
open System.Globalization
open System.Text

// matplotlib's "tab10": distinguishable, and familiar to readers of ML papers.
let private palette =
    [| "#1f77b4"; "#ff7f0e"; "#2ca02c"; "#d62728"; "#9467bd"; "#8c564b"; "#e377c2"; "#7f7f7f"; "#bcbd22"; "#17becf" |]

/// The fixed colour of series or class <paramref name="index"/> (ten colours, repeating).
let colour (index: int) : string = palette[((index % palette.Length) + palette.Length) % palette.Length]

/// <summary>Escapes text for XML content and attributes (&amp; &lt; &gt; " ') and drops characters XML 1.0 forbids.</summary>
let escape (text: string) : string =
    let sb = StringBuilder(text.Length)
    for i in 0 .. text.Length - 1 do
        let ch = text[i]
        match ch with
        | '&' -> sb.Append "&amp;" |> ignore
        | '<' -> sb.Append "&lt;" |> ignore
        | '>' -> sb.Append "&gt;" |> ignore
        | '"' -> sb.Append "&quot;" |> ignore
        | '\'' -> sb.Append "&apos;" |> ignore
        | c when c < ' ' && c <> '\t' && c <> '\n' && c <> '\r' -> ()
        | '\uFFFE' | '\uFFFF' -> ()
        | c when Char.IsHighSurrogate c && not (i + 1 < text.Length && Char.IsLowSurrogate text[i + 1]) -> ()
        | c when Char.IsLowSurrogate c && not (i > 0 && Char.IsHighSurrogate text[i - 1]) -> ()
        | c -> sb.Append c |> ignore
    sb.ToString()

let private width = 720.0
let private height = 450.0
let private top = 48.0
let private left = 76.0
let private bottom = height - 58.0

// Coordinates with at most two decimals: sub-pixel precision without bloating large scatter plots.
let private n (x: float) = x.ToString("0.##", CultureInfo.InvariantCulture)

let private finite (x: float, y: float) = Double.IsFinite x && Double.IsFinite y

/// A linear map from a tick-aligned data range onto a pixel range (the range is never empty: Ticks widens it).
type private Axis =
    { Ticks: float[]
      PixelFrom: float
      PixelTo: float }

    member a.Map(x: float) =
        let lo, hi = a.Ticks[0], a.Ticks[a.Ticks.Length - 1]
        a.PixelFrom + (x - lo) / (hi - lo) * (a.PixelTo - a.PixelFrom)

    member a.Label(x: float) =
        Formatting.fixedDigits (Ticks.decimals (a.Ticks[1] - a.Ticks[0])) x

let private axis (values: float seq) (pixelFrom: float) (pixelTo: float) =
    let values = Seq.toArray values
    let ticks = if values.Length = 0 then Ticks.nice 0.0 1.0 6 else Ticks.nice (Array.min values) (Array.max values) 6
    { Ticks = ticks; PixelFrom = pixelFrom; PixelTo = pixelTo }

let private line (sb: StringBuilder) (cls: string) (x1: float) (y1: float) (x2: float) (y2: float) (stroke: string) =
    sb.Append($"""<line class="{cls}" x1="{n x1}" y1="{n y1}" x2="{n x2}" y2="{n y2}" stroke="{stroke}"/>""").Append('\n')
    |> ignore

let private text (sb: StringBuilder) (cls: string) (x: float) (y: float) (anchor: string) (extra: string) (content: string) =
    sb.Append($"""<text class="{cls}" x="{n x}" y="{n y}" text-anchor="{anchor}"{extra}>{escape content}</text>""")
      .Append('\n')
    |> ignore

let private document (title: string) (body: StringBuilder -> unit) : string =
    let sb = StringBuilder()
    sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n")
      .Append($"""<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{n width}" height="{n height}" viewBox="0 0 {n width} {n height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">""")
      .Append('\n')
      .Append($"<title>{escape title}</title>\n")
      .Append($"""<rect width="{n width}" height="{n height}" fill="white"/>""")
      .Append('\n')
    |> ignore
    text sb "title" (width / 2.0) 26.0 "middle" " font-size=\"15\" font-weight=\"bold\"" title
    body sb
    sb.Append("</svg>\n").ToString()

// Grid, tick labels and the y axis; the x axis gets numeric ticks unless it is categorical (xAxis = None).
let private frame (sb: StringBuilder) (right: float) (xAxis: Axis option) (yAxis: Axis) (xLabel: string) (yLabel: string) =
    for t in yAxis.Ticks do
        let y = yAxis.Map t
        line sb "grid" left y right y "#e0e0e0"
        text sb "tick" (left - 6.0) (y + 4.0) "end" "" (yAxis.Label t)
    match xAxis with
    | Some xa ->
        for t in xa.Ticks do
            let x = xa.Map t
            line sb "grid" x top x bottom "#e0e0e0"
            text sb "tick" x (bottom + 16.0) "middle" "" (xa.Label t)
    | None -> ()
    line sb "axis" left bottom right bottom "black"
    line sb "axis" left top left bottom "black"
    if xLabel <> "" then text sb "axis-label" ((left + right) / 2.0) (height - 14.0) "middle" "" xLabel
    if yLabel <> "" then
        let cx, cy = 20.0, (top + bottom) / 2.0
        text sb "axis-label" cx cy "middle" $" transform=\"rotate(-90 {n cx} {n cy})\"" yLabel

// Legend entries right of the plot: a line sample for series, a dot for classes.
let private legend (sb: StringBuilder) (right: float) (names: string[]) (dots: bool) =
    names |> Array.iteri (fun i name ->
        let y = top + 8.0 + 20.0 * float i
        let x = right + 16.0
        sb.Append("<g class=\"legend\">\n") |> ignore
        if dots then sb.Append($"""<circle cx="{n (x + 10.0)}" cy="{n y}" r="5" fill="{colour i}"/>""").Append('\n') |> ignore
        else line sb "legend-line" x y (x + 20.0) y (colour i)
        text sb "legend-text" (x + 28.0) (y + 4.0) "start" "" name
        sb.Append("</g>\n") |> ignore)

let private checkText (name: string) (value: string) = if isNull (box value) then nullArg name

/// <summary>
/// A line chart of named series of (x, y) points, in the given order, with a legend and 1-2-5 ticks. Points with a
/// NaN or infinite coordinate are skipped. Each series with a finite point is one polyline; series of at most 40
/// points also get a marker (circle) per point, so a single point stays visible.
/// </summary>
let lineChart (title: string) (xLabel: string) (yLabel: string) (series: (string * (float * float)[])[]) : string =
    checkText (nameof title) title
    checkText (nameof xLabel) xLabel
    checkText (nameof yLabel) yLabel
    if isNull (box series) then nullArg (nameof series)
    let right = width - 190.0
    let kept = series |> Array.map (fun (_, points) -> points |> Array.filter finite)
    let all = Array.concat kept
    let xa = axis (Array.map fst all) left right
    let ya = axis (Array.map snd all) bottom top
    document title (fun sb ->
        frame sb right (Some xa) ya xLabel yLabel
        kept |> Array.iteri (fun i points ->
            if points.Length > 0 then
                let coordinates = points |> Array.map (fun (x, y) -> $"{n (xa.Map x)},{n (ya.Map y)}") |> String.concat " "
                sb.Append($"""<polyline class="series" fill="none" stroke="{colour i}" stroke-width="2" points="{coordinates}"/>""")
                  .Append('\n')
                |> ignore
                if points.Length <= 40 then
                    for x, y in points do
                        sb.Append($"""<circle class="marker" cx="{n (xa.Map x)}" cy="{n (ya.Map y)}" r="3" fill="{colour i}"/>""")
                          .Append('\n')
                        |> ignore)
        legend sb right (Array.map fst series) false)

/// <summary>
/// A bar chart of (label, mean, half-width) with an error bar of ±half-width on each bar (a vertical line and two
/// caps). Bars start at 0, which the y axis always includes. A bar with a non-finite mean is left out (its label
/// stays); a NaN half-width (a single seed) draws the bar without an error bar. Negative half-widths are rejected.
/// </summary>
let errorBarChart (title: string) (yLabel: string) (bars: (string * float * float)[]) : string =
    checkText (nameof title) title
    checkText (nameof yLabel) yLabel
    if isNull (box bars) then nullArg (nameof bars)
    for label, _, hw in bars do
        if hw < 0.0 then invalidArg (nameof bars) $"Bar '{label}' has a negative half-width ({hw})."
    let right = width - 24.0
    let extent =
        [| yield 0.0
           for _, mean, hw in bars do
               if Double.IsFinite mean then
                   yield mean
                   if Double.IsFinite hw then
                       yield mean - hw
                       yield mean + hw |]
    let ya = axis extent bottom top
    let slot = (right - left) / float (max 1 bars.Length)
    document title (fun sb ->
        frame sb right None ya "" yLabel
        bars |> Array.iteri (fun i (label, mean, hw) ->
            let centre = left + slot * (float i + 0.5)
            text sb "category" centre (bottom + 16.0) "middle" "" label
            if Double.IsFinite mean then
                let y0, y1 = ya.Map 0.0, ya.Map mean
                let barWidth = slot * 0.6
                sb.Append($"""<rect class="bar" x="{n (centre - barWidth / 2.0)}" y="{n (min y0 y1)}" width="{n barWidth}" height="{n (abs (y1 - y0))}" fill="{colour i}" fill-opacity="0.8"/>""")
                  .Append('\n')
                |> ignore
                if Double.IsFinite hw then
                    let lo, hi = ya.Map(mean - hw), ya.Map(mean + hw)
                    let cap = Math.Min(barWidth / 4.0, 8.0)
                    line sb "error-bar" centre lo centre hi "black"
                    line sb "error-bar" (centre - cap) lo (centre + cap) lo "black"
                    line sb "error-bar" (centre - cap) hi (centre + cap) hi "black"))

/// <summary>
/// A scatter plot of (x, y, class index) points, one circle per finite point coloured by class, with the class
/// names as legend. Throws <see cref="T:System.ArgumentException"/> for a class index outside the names.
/// </summary>
let scatter (title: string) (xLabel: string) (yLabel: string) (points: (float * float * int)[]) (classNames: string[])
    : string =
    checkText (nameof title) title
    checkText (nameof xLabel) xLabel
    checkText (nameof yLabel) yLabel
    if isNull (box points) then nullArg (nameof points)
    if isNull (box classNames) then nullArg (nameof classNames)
    for _, _, c in points do
        if c < 0 || c >= classNames.Length then
            invalidArg (nameof points) $"Class index {c} is outside the {classNames.Length} class names."
    let kept = points |> Array.filter (fun (x, y, _) -> finite (x, y))
    let right = width - 190.0
    let xa = axis (kept |> Array.map (fun (x, _, _) -> x)) left right
    let ya = axis (kept |> Array.map (fun (_, y, _) -> y)) bottom top
    document title (fun sb ->
        frame sb right (Some xa) ya xLabel yLabel
        for x, y, c in kept do
            sb.Append($"""<circle class="point" cx="{n (xa.Map x)}" cy="{n (ya.Map y)}" r="3" fill="{colour c}" fill-opacity="0.7"/>""")
              .Append('\n')
            |> ignore
        legend sb right classNames true)

/// <summary>Writes the SVG document to <paramref name="path"/> atomically (see AtomicFile.writeAllText).</summary>
let save (path: string) (svg: string) : unit = AtomicFile.writeAllText path svg
