/// Writing whole files so that readers never see a half-written one.
module Schane.Experiments.AtomicFile

open System
open System.IO
open System.Text

/// <summary>
/// Writes <paramref name="text"/> (UTF-8, no byte-order mark) to a temporary file in the target's folder, then moves
/// it over <paramref name="path"/>: the file is either the old one or the complete new one. Creates the folder.
/// </summary>
let writeAllText (path: string) (text: string) : unit =
    if String.IsNullOrWhiteSpace path then invalidArg (nameof path) "The path is empty."
    let full = Path.GetFullPath path
    let folder =
        match Path.GetDirectoryName full with
        | null -> invalidArg (nameof path) $"'{path}' names no file."
        | folder -> folder
    Directory.CreateDirectory folder |> ignore
    let temporary = Path.Combine(folder, $".{Path.GetFileName full}.{Guid.NewGuid():N}.tmp")
    try
        File.WriteAllText(temporary, text, UTF8Encoding(false))
        File.Move(temporary, full, true)
    finally
        if File.Exists temporary then File.Delete temporary
