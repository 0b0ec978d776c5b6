/// Rich display in notebooks, by .NET Interactive's formatter convention: a type names its formatter source with an
/// attribute called TypeFormatterSourceAttribute (this assembly's own, found by name), so the experiment types
/// render as HTML or SVG in our notebooks and in .NET Interactive's with no dependency on either.
///
/// The convention reads the attribute, the source and its formatters by reflection, public members only. F# compiles
/// the members of an internal type as internal, so these three types are public (out of the way, in this namespace);
/// each displayed type's own code stays internal, behind FormatterSource.
namespace Schane.Experiments.Display

open System
open System.ComponentModel
open System.IO
open System.Text

/// What FormatterSource creates for a displayed type: that type's formatters.
type internal IDisplaySource =
    /// The formatters (DisplayFormatter instances).
    abstract CreateTypeFormatters: unit -> seq<obj>

/// <summary>
/// Names the class that creates a type's display formatters. Notebooks find it by its name and read
/// FormatterSourceType and PreferredMimeTypes by reflection.
/// </summary>
[<Sealed; EditorBrowsable(EditorBrowsableState.Never)>]
[<AttributeUsage(AttributeTargets.Class ||| AttributeTargets.Struct, AllowMultiple = true, Inherited = true)>]
type TypeFormatterSourceAttribute(formatterSourceType: Type) =
    inherit Attribute()

    /// A class with a public parameterless constructor and a public CreateTypeFormatters() : seq&lt;obj&gt;.
    member _.FormatterSourceType = formatterSourceType

    /// The MIME types a notebook should prefer for the annotated type, best first.
    member val PreferredMimeTypes: string[] | null = null with get, set

/// <summary>
/// One formatter in the shape the convention reads: MimeType, Type and a single public Format(obj, TextWriter).
/// </summary>
[<Sealed; EditorBrowsable(EditorBrowsableState.Never)>]
type DisplayFormatter internal (mimeType: string, formattedType: Type, accepts: obj -> bool, render: obj -> string) =
    /// The MIME type written.
    member _.MimeType = mimeType

    /// The type of the values accepted.
    member _.Type = formattedType

    /// Writes the value as MimeType; false when it is not a Type, or a value this MIME type has no form for.
    member _.Format(instance: obj, writer: TextWriter) : bool =
        if formattedType.IsInstanceOfType instance && accepts instance then
            writer.Write(render instance)
            true
        else false

/// <summary>
/// The formatter source that TypeFormatterSourceAttribute names: creates the internal display 'Source of a type
/// and returns its formatters.
/// </summary>
[<Sealed; EditorBrowsable(EditorBrowsableState.Never)>]
type FormatterSource<'Source when 'Source: (new: unit -> 'Source)>() =
    /// The formatters of 'Source.
    member _.CreateTypeFormatters() : seq<obj> =
        match box (new 'Source()) with
        | :? IDisplaySource as source -> source.CreateTypeFormatters()
        | _ -> Seq.empty

/// Self-contained HTML (no scripts, no external CSS) with every text escaped.
module internal Html =
    /// Escapes text for HTML content and attributes: & < > " ' (other characters stay as they are, in UTF-8).
    let encode (text: string) : string =
        if isNull (box text) then ""
        else
            let sb = StringBuilder(text.Length + 16)
            for c in text do
                match c with
                | '&' -> sb.Append "&amp;" |> ignore
                | '<' -> sb.Append "&lt;" |> ignore
                | '>' -> sb.Append "&gt;" |> ignore
                | '"' -> sb.Append "&quot;" |> ignore
                | '\'' -> sb.Append "&#39;" |> ignore
                | c -> sb.Append c |> ignore
            sb.ToString()

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

    /// The formatters that render the values of 'T that <paramref name="accepts"/> as one MIME type.
    let formattersWhen<'T> (mimeType: string) (accepts: 'T -> bool) (render: 'T -> string) : seq<obj> =
        Seq.singleton (DisplayFormatter(mimeType, typeof<'T>, (fun value -> accepts (value :?> 'T)), fun value -> render (value :?> 'T)) :> obj)

    /// The formatters that render 'T as one MIME type.
    let formatters<'T> (mimeType: string) (render: 'T -> string) : seq<obj> = formattersWhen mimeType (fun _ -> true) render
