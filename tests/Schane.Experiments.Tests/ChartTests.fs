module Schane.Experiments.Tests.ChartTests

open System
open System.Globalization
open System.IO
open System.Xml.Linq
open SkiaSharp
open Xunit
open Schane.Experiments
open Schane.Experiments.Tests.Assertions

let private ns = XNamespace.Get "http://www.w3.org/2000/svg"

let private attr (name: string) (e: XElement) = match e.Attribute(XName.Get name) with null -> "" | a -> a.Value

// Parsing proves the document is well-formed XML; the root must be an SVG element with its size and a viewBox.
let private parse (image: SvgImage) =
    let root = nonNull (XDocument.Parse image.Svg).Root
    Assert.Equal(ns + "svg", root.Name)
    Assert.Equal("0 0 " + attr "width" root + " " + attr "height" root, attr "viewBox" root)
    root

let private size (root: XElement) = int (attr "width" root), int (attr "height" root)

/// The real text of the document (<text> elements, trimmed): what a reader sees and a search finds.
let private texts (root: XElement) = root.Descendants(ns + "text") |> Seq.map (fun e -> e.Value.Trim()) |> Seq.toArray

/// A text element's box in image pixels. Skia writes transform="translate(x y)", a glyph x offset list and one y
/// (the baseline); the box spans the first glyph to the text's measured width in the element's own font, and from the
/// font's ascent above the baseline to its descent below it.
type private TextBox =
    { Text: string; Left: float; Right: float; Top: float; Bottom: float }

let private boxOf (e: XElement) =
    let number (s: string) = Double.Parse(s.Trim(), CultureInfo.InvariantCulture)
    let transform = attr "transform" e
    Assert.StartsWith("translate(", transform)
    Assert.DoesNotContain("rotate", transform)
    let xy = transform.Substring(10).TrimEnd(')').Split(' ', StringSplitOptions.RemoveEmptyEntries) |> Array.map number
    let first (list: string) = number (list.Split(',', StringSplitOptions.RemoveEmptyEntries)[0])
    let text = e.Value.Trim()
    use typeface = SKTypeface.FromFamilyName(attr "font-family" e)
    use font = new SKFont(typeface, float32 (number (attr "font-size" e)))
    let left = xy[0] + first (attr "x" e)
    let baseline = xy[1] + first (attr "y" e)
    { Text = text; Left = left; Right = left + float (font.MeasureText text)
      Top = baseline + float font.Metrics.Ascent; Bottom = baseline + float font.Metrics.Descent }

let private labelBoxes (root: XElement) (labels: string[]) =
    root.Descendants(ns + "text") |> Seq.filter (fun e -> Array.contains (e.Value.Trim()) labels) |> Seq.map boxOf |> Seq.toArray

let private overlap (a: TextBox) (b: TextBox) = a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom

/// Fails when two labels overlap or one leaves the image.
let private assertReadable (image: SvgImage) (labels: string[]) =
    let root = parse image
    let width, height = size root
    let boxes = labelBoxes root labels
    Assert.Equal(labels.Length, boxes.Length)
    for b in boxes do
        Assert.True(b.Left >= 0.0 && b.Right <= float width && b.Top >= 0.0 && b.Bottom <= float height, $"'{b.Text}' leaves the image: {b}")
    for i in 0 .. boxes.Length - 1 do
        for j in i + 1 .. boxes.Length - 1 do
            Assert.False(overlap boxes[i] boxes[j], $"'{boxes[i].Text}' overlaps '{boxes[j].Text}': {boxes[i]} {boxes[j]}")

let private decode (png: byte[]) = nonNull (SKBitmap.Decode png)

// Pixels at least this dark are ink (text, axes), not the white background or a light grid line.
let private darkPixels (bitmap: SKBitmap) (rows: int) (fromRow: int) =
    let mutable count = 0
    for y in fromRow .. fromRow + rows - 1 do
        for x in 0 .. bitmap.Width - 1 do
            let c = bitmap.GetPixel(x, y)
            if int c.Red + int c.Green + int c.Blue < 200 then count <- count + 1
    count

let private series =
    [| "objective", Array.init 30 (fun i -> float i, 2.0 / float (i + 1))
       "contrastive", Array.init 30 (fun i -> float i, 1.5 / float (i + 1))
       "cross-entropy", [| 0.0, 0.5; 29.0, 0.1 |] |]

[<Fact>]
let ``a line chart is SVG with its title, axis labels and legend as real text`` () =
    let chart = Chart.line "Training loss" "step" "loss" series
    let root = parse chart
    Assert.Equal((720, 450), size root)
    Assert.Equal("Training loss", chart.Title)
    Assert.Equal("Training loss", (root.Element(ns + "title") |> nonNull).Value)
    let words = texts root
    for expected in [ "Training loss"; "step"; "loss"; "objective"; "contrastive"; "cross-entropy" ] do
        Assert.Contains(expected, words)
    Assert.Contains("DejaVu Sans", chart.Svg)
    // Numeric tick labels on both axes.
    Assert.True(words |> Array.filter (fun w -> fst (Double.TryParse(w, CultureInfo.InvariantCulture))) |> Array.length >= 6)

[<Fact>]
let ``whole-number x values (steps) get whole-number ticks; tick labels are culture-invariant`` () =
    let ticks (chart: SvgImage) =
        let numeric =
            (parse chart).Descendants(ns + "text")
            |> Seq.filter (fun e -> fst (Double.TryParse(e.Value.Trim(), CultureInfo.InvariantCulture)))
            |> Seq.map boxOf
            |> Seq.toArray
        // The x axis's labels are the lowest row of numbers.
        let bottom = numeric |> Array.map (fun b -> b.Top) |> Array.max
        numeric |> Array.filter (fun b -> b.Top = bottom) |> Array.map (fun b -> b.Text)
    let steps = ticks (Chart.line "t" "step" "loss" [| "loss", Array.init 7 (fun i -> float (i + 1), 1.0 / float (i + 1)) |])
    Assert.True(steps.Length >= 3, String.Join(" ", steps))
    Assert.All(steps, fun t -> Assert.DoesNotContain(".", t))
    // Tick labels are written as the reports' tables write numbers, whatever the culture.
    let culture = CultureInfo.CurrentCulture
    try
        CultureInfo.CurrentCulture <- CultureInfo "de-DE"
        Assert.Equal("0,5", (0.5).ToString()) // the culture is real (not .NET's invariant mode)
        let fractions = ticks (Chart.line "t" "β" "w" [| "w", [| 0.0, 1.0; 0.5, 2.0; 1.0, 3.0 |] |])
        Assert.Contains(fractions, fun t -> t.Contains ".")
        Assert.DoesNotContain(fractions, fun t -> t.Contains ",")
    finally
        CultureInfo.CurrentCulture <- culture

[<Fact>]
let ``non-finite points are skipped; an empty series keeps its legend entry; no data says so`` () =
    let chart = Chart.line "t" "x" "y" [| "flat", [| 0.0, 3.0; 1.0, 3.0; nan, 1.0; 2.0, infinity |]; "none", [| nan, nan |] |]
    let words = texts (parse chart)
    Assert.Contains("flat", words)
    Assert.Contains("none", words)
    Assert.DoesNotContain("NaN", chart.Svg)
    let empty = Chart.line "empty" "x" "y" [||]
    let words = texts (parse empty)
    Assert.Contains("no finite points to draw", words)
    // Without data there are no meaningless ticks: only the title, the axis labels and the note.
    Assert.Equal<string[]>(Array.sort [| "empty"; "x"; "y"; "no finite points to draw" |], Array.sort words)

[<Fact>]
let ``text is escaped and characters XML forbids are dropped`` () =
    let chart = Chart.line "a < b & c > d\u0001 β → τ" "x \"q\" 'r'" "y" [| "<s>&", [| 0.0, 0.0; 1.0, 1.0 |] |]
    Assert.Contains("<title>a &lt; b &amp; c &gt; d β → τ</title>", chart.Svg)
    Assert.Equal("a < b & c > d β → τ", chart.Title)
    let words = texts (parse chart)
    Assert.Contains("x \"q\" 'r'", words)
    Assert.Contains("<s>&", words)

[<Fact>]
let ``error bars label every bar, also one without a value`` () =
    let bars = [| "CE", 81.2, 0.6; "SupCon", 82.9, 0.5; "SCHaNe", 83.4, 0.52; "1 seed", 80.0, nan; "failed", nan, nan |]
    let chart = Chart.errorBars "Accuracy" "accuracy (%)" bars
    let words = texts (parse chart)
    for label, _, _ in bars do
        Assert.Contains(label, words)
    Assert.Contains("accuracy (%)", words)
    assertReadable chart (bars |> Array.map (fun (l, _, _) -> l))
    throwsWith<ArgumentException> [ "negative half-width"; "'x'" ] (fun () -> Chart.errorBars "t" "y" [| "x", 1.0, -0.1 |] |> ignore)

[<Fact>]
let ``bar labels never overlap: many or long labels turn the bars sideways and the chart grows`` () =
    let few = Chart.errorBars "four" "accuracy (%)" [| "ce", 81.2, 0.6; "supcon", 82.9, 0.5; "hcl", 83.0, 1.2; "schane", 83.4, 0.5 |]
    assertReadable few [| "ce"; "supcon"; "hcl"; "schane" |]
    Assert.Equal((720, 450), size (parse few))
    for count in [ 12; 40 ] do
        let labels = Array.init count (fun i -> $"schane-seed{i}")
        let chart = Chart.errorBars $"{count} bars" "accuracy (%)" (labels |> Array.mapi (fun i l -> l, 50.0 + float i, 1.0))
        assertReadable chart labels
        let _, height = size (parse chart)
        Assert.True(height >= 450 && (count < 20 || height > 450), $"{count} bars: {height} px high")
    // Five long labels do not fit side by side either.
    let long = Array.init 5 (fun i -> $"SCHaNe + cross-entropy, β = {i}, τ = 0.5")
    assertReadable (Chart.errorBars "long" "accuracy (%)" (long |> Array.map (fun l -> l, 80.0, 1.0))) long

[<Fact>]
let ``a scatter plot lists every class and rejects an unknown class`` () =
    let points = [| 0.0, 0.0, 0; 1.0, 1.0, 1; 2.0, 0.5, 2; 1.5, 1.5, 1; nan, 1.0, 0 |]
    let chart = Chart.scatter "PCA" "PC 1" "PC 2" points [| "T-shirt"; "Trouser & co"; "Pullover"; "Bag" |]
    let words = texts (parse chart)
    for expected in [ "PCA"; "PC 1"; "PC 2"; "T-shirt"; "Trouser & co"; "Pullover"; "Bag" ] do
        Assert.Contains(expected, words)
    throwsWith<ArgumentException> [ "Class index 3"; "3 class names" ] (fun () ->
        Chart.scatter "t" "x" "y" [| 0.0, 0.0, 3 |] [| "a"; "b"; "c" |] |> ignore)

[<Fact>]
let ``a chart's PNG has the SVG's size and its text is drawn`` () =
    let chart = Chart.line "Training loss" "step" "loss" series
    Assert.True chart.HasPng
    use bitmap = decode chart.Png
    Assert.Equal((720, 450), (bitmap.Width, bitmap.Height))
    // The title's glyphs are ink in the top band, which holds nothing else: a title three times as long has about
    // three times as much (no font, no glyphs: both would be blank).
    let ink = darkPixels bitmap 30 0
    Assert.True(ink > 200, $"the title is not drawn ({ink} dark pixels)")
    use longer = decode (Chart.line "Training loss, Training loss, Training loss" "step" "loss" series).Png
    Assert.True(darkPixels longer 30 0 > 2 * ink, $"{darkPixels longer 30 0} against {ink} dark pixels")
    let tall = Chart.errorBars "many" "accuracy (%)" (Array.init 40 (fun i -> $"method {i}", float i, 1.0))
    use tallBitmap = decode tall.Png
    Assert.Equal(size (parse tall), (tallBitmap.Width, tallBitmap.Height))

[<Fact>]
let ``the same data gives the same SVG and PNG`` () =
    let points = Array.init 300 (fun i -> float (i % 17), float (i % 13), i % 3)
    let a = Chart.scatter "PCA" "PC 1" "PC 2" points [| "a"; "b"; "c" |]
    let b = Chart.scatter "PCA" "PC 1" "PC 2" points [| "a"; "b"; "c" |]
    Assert.Equal(a.Svg, b.Svg)
    Assert.Equal<byte[]>(a.Png, b.Png)

[<Fact>]
let ``two charts inline in one page keep distinct element ids`` () =
    let ids (chart: SvgImage) =
        (parse chart).Descendants() |> Seq.map (attr "id") |> Seq.filter (fun id -> id <> "") |> Set.ofSeq
    let a = ids (Chart.line "a" "x" "y" series)
    let b = ids (Chart.line "b" "x" "y" series)
    Assert.NotEmpty a
    Assert.Empty(Set.intersect a b)

[<Fact>]
let ``an image of SVG text has no PNG; both forms save atomically into a new folder`` () =
    let text = SvgImage("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>hand made</title></svg>")
    Assert.False text.HasPng
    Assert.Equal("hand made", text.Title)
    throwsWith<InvalidOperationException> [ "SVG text"; "Chart.line" ] (fun () -> text.Png |> ignore)
    let folder = Path.Combine(Path.GetTempPath(), $"schane-chart-{Guid.NewGuid():N}")
    try
        let chart = Chart.errorBars "t" "y" [| "a", 1.0, 0.1 |]
        chart.Save(Path.Combine(folder, "sub", "chart.svg"))
        chart.SavePng(Path.Combine(folder, "sub", "chart.png"))
        Assert.Equal(chart.Svg, File.ReadAllText(Path.Combine(folder, "sub", "chart.svg")))
        Assert.Equal<byte[]>(chart.Png, File.ReadAllBytes(Path.Combine(folder, "sub", "chart.png")))
        Assert.Equal<string[]>([| "chart.png"; "chart.svg" |], Directory.GetFiles(Path.Combine(folder, "sub")) |> Array.map (fun f -> FileInfo(f).Name) |> Array.sort)
    finally
        if Directory.Exists folder then Directory.Delete(folder, true)

[<Fact>]
let ``null arguments are rejected by name`` () =
    throwsWith<ArgumentNullException> [ "title" ] (fun () -> Chart.line Unchecked.defaultof<string> "x" "y" [||] |> ignore)
    throwsWith<ArgumentNullException> [ "bars" ] (fun () -> Chart.errorBars "t" "y" Unchecked.defaultof<_> |> ignore)
    throwsWith<ArgumentNullException> [ "classNames" ] (fun () -> Chart.scatter "t" "x" "y" [||] Unchecked.defaultof<_> |> ignore)
