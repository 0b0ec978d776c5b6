/// Rich display in notebooks, by .NET Interactive's formatter convention: a type names its formatter source with an
/// attribute called TypeFormatterSourceAttribute (this assembly's own, found by name), so the experiment types
/// render as HTML or SVG in our notebooks and in .NET Interactive's with no dependency on either.
namespace Schane.Experiments

open System
open System.IO
open System.Net
open System.Text

/// <summary>
/// Names the class that creates a type's display formatters. Notebooks find it by its name and read
/// FormatterSourceType and PreferredMimeTypes by reflection.
/// </summary>
[<Sealed; AttributeUsage(AttributeTargets.Class ||| AttributeTargets.Struct, AllowMultiple = true, Inherited = true)>]
type internal TypeFormatterSourceAttribute(formatterSourceType: Type) =
    inherit Attribute()

    /// A class with a public parameterless constructor and a public CreateTypeFormatters() : seq<obj>.
    member _.FormatterSourceType = formatterSourceType

    /// The MIME types a notebook should prefer for the annotated type, best first.
    member val PreferredMimeTypes: string[] | null = null with get, set

/// <summary>
/// One formatter in the shape the convention reads: MimeType, Type and a single public Format(obj, TextWriter).
/// </summary>
[<Sealed>]
type internal DisplayFormatter(mimeType: string, formattedType: Type, render: obj -> string) =
    /// The MIME type written.
    member _.MimeType = mimeType

    /// The type of the values accepted.
    member _.Type = formattedType

    /// Writes the value as MimeType; false when it is not a Type.
    member _.Format(instance: obj, writer: TextWriter) : bool =
        if formattedType.IsInstanceOfType instance then
            writer.Write(render instance)
            true
        else false

/// Self-contained HTML (no scripts, no external CSS) with every text escaped.
module internal Html =
    /// Escapes text for HTML content and attributes.
    let encode (text: string) : string = if isNull (box text) then "" else WebUtility.HtmlEncode text |> string

    /// A table of plain-text cells (escaped here), with an optional caption.
    let table (caption: string option) (headers: string[]) (rows: string[][]) : string =
        let sb = StringBuilder("<table>")
        caption |> Option.iter (fun c -> sb.Append("<caption>").Append(encode c).Append("</caption>") |> ignore)
        sb.Append("<thead><tr>") |> ignore
        for h in headers do
            sb.Append("<th>").Append(encode h).Append("</th>") |> ignore
        sb.Append("</tr></thead><tbody>") |> ignore
        for row in rows do
            sb.Append("<tr>") |> ignore
            for cell in row do
                sb.Append("<td>").Append(encode cell).Append("</td>") |> ignore
            sb.Append("</tr>") |> ignore
        sb.Append("</tbody></table>").ToString()

    /// A paragraph of plain text (escaped here).
    let paragraph (text: string) = "<p>" + encode text + "</p>"

    /// An SVG document placed inside HTML: without its XML declaration, which is only valid at a file's start.
    let inlineSvg (svg: string) =
        if svg.StartsWith "<?xml" then svg.Substring(svg.IndexOf("?>") + 2).TrimStart() else svg

    /// The formatter list of a source that renders 'T as HTML.
    let formatters<'T> (render: 'T -> string) : seq<obj> =
        Seq.singleton (DisplayFormatter("text/html", typeof<'T>, fun value -> render (value :?> 'T)) :> obj)
