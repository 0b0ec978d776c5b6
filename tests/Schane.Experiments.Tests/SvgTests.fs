module Schane.Experiments.Tests.SvgTests

open System
open System.IO
open System.Xml.Linq
open Xunit
open Schane.Experiments
open Schane.Experiments.Tests.Assertions

let private ns = XNamespace.Get "http://www.w3.org/2000/svg"

let private attrText (name: string) (e: XElement) = (nonNull (e.Attribute(XName.Get name))).Value

let private attr (name: string) (e: XElement) = float (attrText name e)

// Parsing proves the document is well-formed XML; the root must be a standalone SVG 1.1 element.
let private parse (svg: string) =
    let doc = XDocument.Parse svg
    let root = doc.Root
    Assert.NotNull root
    let root = nonNull root
    Assert.Equal(ns + "svg", root.Name)
    Assert.Equal("1.1", attrText "version" root)
    Assert.Equal("0 0 720 450", attrText "viewBox" root)
    root

let private withClass (root: XElement) (name: string) (cls: string) =
    root.Descendants(ns + name)
    |> Seq.filter (fun e -> match e.Attribute(XName.Get "class") with null -> false | a -> a.Value = cls)
    |> Seq.toArray

let private texts (root: XElement) = root.Descendants(ns + "text") |> Seq.map (fun e -> e.Value) |> Seq.toArray

[<Fact>]
let ``line chart draws one polyline per series with legend and ticks`` () =
    let svg =
        Svg.lineChart "Loss" "epoch" "loss"
            [| "a", Array.init 10 (fun i -> float i, 1.0 / float (i + 1))
               "b", [| 0.0, 0.2; 9.0, 0.8 |]
               "c", [| 4.0, 0.5 |] |]
    let root = parse svg
    Assert.Equal(3, (withClass root "polyline" "series").Length)
    Assert.Equal(13, (withClass root "circle" "marker").Length)
    Assert.Equal(3, root.Descendants(ns + "g") |> Seq.length)
    let labels = texts root
    for expected in [ "Loss"; "epoch"; "loss"; "a"; "b"; "c"; "0.0"; "0.2"; "1.0"; "0"; "10" ] do
        Assert.Contains(expected, labels)
    // Every coordinate lies inside the canvas.
    for c in withClass root "circle" "marker" do
        Assert.InRange(attr "cx" c, 0.0, 720.0)
        Assert.InRange(attr "cy" c, 0.0, 450.0)

[<Fact>]
let ``line chart skips non-finite points and survives constant or empty data`` () =
    let root =
        parse (Svg.lineChart "t" "x" "y" [| "flat", [| 0.0, 3.0; 1.0, 3.0; nan, 1.0; 2.0, infinity |]; "none", [| nan, nan |] |])
    Assert.Single(withClass root "polyline" "series") |> ignore
    let markers = withClass root "circle" "marker"
    Assert.Equal(2, markers.Length)
    // The constant series sits inside a widened axis, at a finite height.
    for m in markers do
        Assert.InRange(attr "cy" m, 48.0, 392.0)
    Assert.DoesNotContain("NaN", Svg.lineChart "t" "x" "y" [| "s", [| 1.0, 1.0 |] |])
    parse (Svg.lineChart "empty" "x" "y" [||]) |> ignore

[<Fact>]
let ``long series have no markers`` () =
    let root = parse (Svg.lineChart "t" "x" "y" [| "long", Array.init 100 (fun i -> float i, float (i * i)) |])
    let polyline = Assert.Single(withClass root "polyline" "series")
    Assert.Equal(100, (attrText "points" polyline).Split(' ').Length)
    Assert.Empty(withClass root "circle" "marker")

[<Fact>]
let ``text is escaped`` () =
    let svg = Svg.lineChart "a < b & c > d" "x \"q\" 'r'" "y" [| "<s>&", [| 0.0, 0.0; 1.0, 1.0 |] |]
    Assert.Contains("a &lt; b &amp; c &gt; d", svg)
    let labels = texts (parse svg)
    Assert.Contains("a < b & c > d", labels)
    Assert.Contains("x \"q\" 'r'", labels)
    Assert.Contains("<s>&", labels)
    Assert.Equal("ab", Svg.escape "a\u0001b")

[<Fact>]
let ``error bar chart draws bars and three lines per error bar`` () =
    let root =
        parse (Svg.errorBarChart "Accuracy" "%" [| "CE", 81.2, 0.6; "SupCon", 82.9, 0.5; "SCHaNe", 83.4, 0.52; "1 seed", 80.0, nan; "failed", nan, nan |])
    Assert.Equal(4, (withClass root "rect" "bar").Length)
    Assert.Equal(9, (withClass root "line" "error-bar").Length)
    let labels = texts root
    for expected in [ "CE"; "SupCon"; "SCHaNe"; "1 seed"; "failed"; "0"; "100" ] do
        Assert.Contains(expected, labels)
    // The error bar of CE spans mean ± 0.6 on the 0..100 axis (344 px tall).
    let vertical = (withClass root "line" "error-bar")[0]
    near 0.02 (1.2 * 344.0 / 100.0) (attr "y1" vertical - attr "y2" vertical)

[<Fact>]
let ``error bar chart handles negative means and rejects negative widths`` () =
    let root = parse (Svg.errorBarChart "Δ" "pp" [| "gain", 1.5, 0.5; "loss", -2.0, 1.0 |])
    let bars = withClass root "rect" "bar"
    Assert.Equal(2, bars.Length)
    for b in bars do
        Assert.True(attr "height" b > 0.0)
    throwsWith<ArgumentException> [ "negative half-width" ] (fun () -> Svg.errorBarChart "t" "y" [| "x", 1.0, -0.1 |] |> ignore)

[<Fact>]
let ``scatter draws one circle per finite point coloured by class`` () =
    let points = [| 0.0, 0.0, 0; 1.0, 2.0, 1; 2.0, 1.0, 2; nan, 1.0, 0; 3.0, 3.0, 1 |]
    let root = parse (Svg.scatter "PCA" "PC1" "PC2" points [| "T-shirt"; "Trouser & co"; "Pullover" |])
    let circles = withClass root "circle" "point"
    Assert.Equal(4, circles.Length)
    let fills = circles |> Array.map (attrText "fill")
    Assert.Equal<string[]>([| Svg.colour 0; Svg.colour 1; Svg.colour 2; Svg.colour 1 |], fills)
    Assert.Contains("Trouser & co", texts root)
    Assert.Equal(3, root.Descendants(ns + "g") |> Seq.length)
    // A single point still plots.
    Assert.Single(withClass (parse (Svg.scatter "one" "x" "y" [| 5.0, 5.0, 0 |] [| "c" |])) "circle" "point") |> ignore
    throwsWith<ArgumentException> [ "Class index 3"; "3 class names" ] (fun () ->
        Svg.scatter "t" "x" "y" [| 0.0, 0.0, 3 |] [| "a"; "b"; "c" |] |> ignore)

[<Fact>]
let ``palette repeats after ten colours`` () =
    Assert.Equal(10, Array.init 10 Svg.colour |> Array.distinct |> Array.length)
    Assert.Equal(Svg.colour 0, Svg.colour 10)

[<Fact>]
let ``save replaces the file atomically and leaves no temporary behind`` () =
    let folder = Path.Combine(Path.GetTempPath(), $"schane-svg-{Guid.NewGuid():N}")
    try
        let path = Path.Combine(folder, "sub", "chart.svg")
        Svg.save path "<svg/>"
        Assert.Equal("<svg/>", File.ReadAllText path)
        let svg = Svg.scatter "t" "x" "y" [| 1.0, 2.0, 0 |] [| "a" |]
        Svg.save path svg
        Assert.Equal(svg, File.ReadAllText path)
        Assert.Equal<string[]>([| path |], Directory.GetFiles(Path.Combine(folder, "sub")))
    finally
        if Directory.Exists folder then Directory.Delete(folder, true)
