/// GitHub-flavoured Markdown tables and the number formats used in reports.
module Schane.Experiments.Markdown

open System
open System.Text.RegularExpressions

/// Horizontal alignment of a table column.
type Alignment =
    /// Text starts at the left (":---").
    | Left
    /// Text ends at the right ("---:"), for numbers.
    | Right
    /// Text is centred (":---:").
    | Center

/// <summary>"83.41%" for 0.8341 with 2 digits; "n/a" for NaN.</summary>
let percent (digits: int) (fraction: float) : string =
    if Double.IsNaN fraction then "n/a" else Formatting.fixedDigits digits (100.0 * fraction) + "%"

/// <summary>"83.41 ± 0.52" with 2 digits; only the mean when the half-width is NaN (a single seed).</summary>
let meanCi (digits: int) (mean: float) (halfWidth: float) : string = Formatting.meanCi digits mean halfWidth

/// <summary>A summary as "mean ± half-width" (see <see cref="M:Schane.Experiments.Markdown.meanCi(System.Int32,System.Double,System.Double)"/>).</summary>
let summaryCi (digits: int) (summary: Statistics.Summary) : string = summary.Format digits

/// <summary>A summary of fractions (accuracies in 0..1) in percentage points: 0.8341 ± 0.0052 → "83.41 ± 0.52".</summary>
let percentCi (digits: int) (summary: Statistics.Summary) : string =
    Formatting.meanCi digits (100.0 * summary.Mean) (100.0 * summary.HalfWidth95)

// The cells percent, meanCi and plain numbers produce: right-aligned by default.
let private numeric = Regex(@"^[-+−]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?( ± \d+(\.\d*)?)?$|^n/a$", RegexOptions.CultureInvariant)

// Pipes would end the cell; line breaks would end the row.
let private escapeCell (cell: string) =
    let cell = if isNull (box cell) then "" else cell
    cell.Replace("|", "\\|").Replace("\r\n", "<br>").Replace("\n", "<br>").Replace("\r", "<br>")

let private pad (alignment: Alignment) (width: int) (text: string) =
    match alignment with
    | Left -> text.PadRight width
    | Right -> text.PadLeft width
    | Center ->
        let total = width - text.Length
        String(' ', total / 2) + text + String(' ', total - total / 2)

let private render (alignments: Alignment[]) (headers: string[]) (rows: string[][]) =
    let header = Array.map escapeCell headers
    let body = rows |> Array.map (Array.map escapeCell)
    // At least 3 so the delimiter row always has its three dashes.
    let widths =
        Array.init header.Length (fun j -> Seq.max (seq { yield 3; yield header[j].Length; for r in body -> r[j].Length }))
    let line (cells: string[]) =
        "| " + String.Join(" | ", Array.init cells.Length (fun j -> pad alignments[j] widths[j] cells[j])) + " |"
    let rule =
        Array.init header.Length (fun j ->
            match alignments[j] with
            | Left -> ":" + String('-', widths[j] - 1)
            | Right -> String('-', widths[j] - 1) + ":"
            | Center -> ":" + String('-', widths[j] - 2) + ":")
    let lines = [ yield line header; yield "| " + String.Join(" | ", rule) + " |"; for r in body -> line r ]
    String.Join("\n", lines) + "\n"

let private validate (headers: string[]) (rows: string[][]) =
    if isNull (box headers) then nullArg (nameof headers)
    if isNull (box rows) then nullArg (nameof rows)
    if headers.Length = 0 then invalidArg (nameof headers) "A table needs at least one column."
    rows |> Array.iteri (fun i row ->
        if isNull (box row) then invalidArg (nameof rows) $"Row {i} is null."
        if row.Length <> headers.Length then
            invalidArg (nameof rows) $"Row {i} has {row.Length} cells; the header has {headers.Length}.")

/// <summary>
/// A Markdown table with the given column alignments; cells are padded so the source lines up too. "|" in a cell is
/// escaped and line breaks become &lt;br&gt;. Throws <see cref="T:System.ArgumentException"/> when a row's cell count
/// differs from the header's or the alignments do not match the columns.
/// </summary>
let tableWith (alignments: Alignment[]) (headers: string[]) (rows: string[][]) : string =
    validate headers rows
    if isNull (box alignments) then nullArg (nameof alignments)
    if alignments.Length <> headers.Length then
        invalidArg (nameof alignments) $"{alignments.Length} alignments for {headers.Length} columns."
    render alignments headers rows

/// <summary>
/// A Markdown table (see <see cref="M:Schane.Experiments.Markdown.tableWith(Schane.Experiments.Markdown.Alignment[],System.String[],System.String[][])"/>)
/// whose columns are right-aligned when every non-empty body cell is a number as this module formats them
/// ("83.41", "83.41%", "83.41 ± 0.52", "n/a"), and left-aligned otherwise.
/// </summary>
let table (headers: string[]) (rows: string[][]) : string =
    validate headers rows
    let alignments =
        Array.init headers.Length (fun j ->
            let cells = rows |> Array.map (fun r -> r[j]) |> Array.filter (fun c -> not (String.IsNullOrEmpty c))
            if cells.Length > 0 && cells |> Array.forall (fun c -> numeric.IsMatch c) then Right else Left)
    render alignments headers rows
