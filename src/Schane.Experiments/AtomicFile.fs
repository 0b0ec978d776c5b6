/// Writing whole files so that readers never see a half-written one.
module Schane.Experiments.AtomicFile

open System
open System.IO

let private createFolderOf (path: string) =
    if String.IsNullOrWhiteSpace path then invalidArg (nameof path) "The path is empty."
    match Path.GetDirectoryName(Path.GetFullPath path) with
    | null -> invalidArg (nameof path) $"'{path}' names no file."
    | folder -> Directory.CreateDirectory folder |> ignore

/// <summary>
/// Writes <paramref name="text"/> (UTF-8, no byte-order mark) atomically, as Schane.Core.IO.AtomicFile does, creating
/// the folder first: run folders and reports may be written where nothing exists yet.
/// </summary>
let writeAllText (path: string) (text: string) : unit =
    createFolderOf path
    Schane.Core.IO.AtomicFile.WriteAllText(path, text)

/// <summary>Writes <paramref name="bytes"/> atomically (e.g. a PNG image), creating the folder first.</summary>
let writeAllBytes (path: string) (bytes: byte[]) : unit =
    createFolderOf path
    Schane.Core.IO.AtomicFile.Write(path, fun temp -> File.WriteAllBytes(temp, bytes))
