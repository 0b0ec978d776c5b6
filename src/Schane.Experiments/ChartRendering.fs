/// A ScottPlot plot rendered as a standalone SVG document (text as text) or as PNG bytes.
module internal Schane.Experiments.ChartRendering

open System
open System.Security.Cryptography
open System.Text
open System.Text.RegularExpressions
open System.Xml
open System.Xml.Linq
open ScottPlot

// The characters XML 1.0 allows (surrogate pairs whole), so any title makes a well-formed document.
let private xmlText (text: string) =
    let sb = StringBuilder(text.Length)
    let mutable i = 0
    while i < text.Length do
        if i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]) then
            sb.Append(text, i, 2) |> ignore
            i <- i + 2
        else
            if XmlConvert.IsXmlChar text[i] then sb.Append text[i] |> ignore
            i <- i + 1
    sb.ToString()

// A clip path's id where Skia writes it: id="cl_2b" and url(#cl_2b).
let private clipId = Regex("(id=\"|url\(#)(cl_[0-9a-f]+)(\"|\))", RegexOptions.CultureInvariant)

/// <summary>
/// The plot as SVG of <paramref name="width"/> × <paramref name="height"/> pixels, with a &lt;title&gt; (what the
/// chart shows, for screen readers and SvgImage.Title) and a viewBox (so a page can scale it), which ScottPlot's
/// document lacks.
/// </summary>
let svg (title: string) (plt: Plot) (width: int) (height: int) : string =
    let xml = plt.GetSvgXml(width, height)
    let start = xml.IndexOf "<svg"
    let close = xml.IndexOf('>', start)
    let titleElement = XElement(XName.Get("title", "http://www.w3.org/2000/svg"), xmlText title).ToString()
    // The title element's own xmlns is the root's default namespace: drop the repetition.
    let titleElement = titleElement.Replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
    let document = xml.Substring(0, close) + $" viewBox=\"0 0 {width} {height}\">\n\t" + titleElement + xml.Substring(close + 1)
    // Skia numbers clip paths from a process-wide counter. Named instead by the chart's content and their order, the
    // same chart is the same text every time, and two charts inline in one HTML page (a notebook) keep distinct ids.
    let content = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(clipId.Replace(document, "$1$3")))).Substring(0, 10)
    let ids = Collections.Generic.Dictionary<string, string>()
    clipId.Replace(document, fun m ->
        let id = m.Groups[2].Value
        if not (ids.ContainsKey id) then ids[id] <- $"clip-{content}-{ids.Count}"
        m.Groups[1].Value + ids[id] + m.Groups[3].Value)

/// <summary>The plot as a PNG image of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
let png (plt: Plot) (width: int) (height: int) : byte[] = plt.GetImageBytes(width, height, ImageFormat.Png)
