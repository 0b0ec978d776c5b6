module Schane.Experiments.Tests.MarkdownTests

open System
open Xunit
open Schane.Experiments
open Schane.Experiments.Tests.Assertions

[<Fact>]
let ``numbers format invariantly`` () =
    Assert.Equal("83.41%", Markdown.percent 2 0.8341)
    Assert.Equal("100%", Markdown.percent 0 1.0)
    Assert.Equal("n/a", Markdown.percent 2 nan)
    Assert.Equal("83.41 ± 0.52", Markdown.meanCi 2 83.4123 0.5189)
    Assert.Equal("83.4", Markdown.meanCi 1 83.41 nan)
    Assert.Equal("0.00 ± 0.10", Markdown.meanCi 2 -0.001 0.1)
    Assert.Equal("n/a", Markdown.meanCi 2 nan 1.0)

[<Fact>]
let ``culture does not leak into numbers`` () =
    let saved = Globalization.CultureInfo.CurrentCulture
    try
        Globalization.CultureInfo.CurrentCulture <- Globalization.CultureInfo.GetCultureInfo "de-DE"
        Assert.Equal("83.41 ± 0.52", Markdown.meanCi 2 83.41 0.52)
        Assert.Equal("12.50%", Markdown.percent 2 0.125)
    finally
        Globalization.CultureInfo.CurrentCulture <- saved

[<Fact>]
let ``summaries format as mean and interval`` () =
    let s = Statistics.summarize [| 0.83; 0.84; 0.85 |]
    // sd 0.01, t(0.975, 2) = 4.302653 → half-width 0.024841 (2.48 percentage points).
    Assert.Equal("83.99 ± 2.48", Markdown.percentCi 2 { s with Mean = 0.8399 })
    Assert.Equal("0.840 ± 0.025", Markdown.summaryCi 3 s)

[<Fact>]
let ``table pads, aligns numbers right and text left`` () =
    let md =
        Markdown.table [| "Loss"; "Accuracy"; "Note" |]
            [| [| "SCHaNe"; "83.41 ± 0.52"; "β = 1" |]
               [| "CE"; "81.20%"; "" |]
               [| "SupCon"; "n/a"; "7" |] |]
    let expected =
        String.concat "\n"
            [ "| Loss   |     Accuracy | Note  |"
              "| :----- | -----------: | :---- |"
              "| SCHaNe | 83.41 ± 0.52 | β = 1 |"
              "| CE     |       81.20% |       |"
              "| SupCon |          n/a | 7     |"
              "" ]
    Assert.Equal(expected, md)

[<Fact>]
let ``explicit alignments and escaping`` () =
    let md = Markdown.tableWith [| Markdown.Center; Markdown.Left |] [| "a|b"; "c" |] [| [| "x"; "1|2\nthree" |] |]
    let expected =
        String.concat "\n"
            [ "| a\\|b | c             |"
              "| :--: | :------------ |"
              "|  x   | 1\\|2<br>three |"
              "" ]
    Assert.Equal(expected, md)

[<Fact>]
let ``an empty table keeps its header`` () =
    Assert.Equal("| x   |\n| :-- |\n", Markdown.table [| "x" |] [||])

[<Fact>]
let ``ragged rows are rejected`` () =
    throwsWith<ArgumentException> [ "Row 1 has 1 cells; the header has 2" ] (fun () ->
        Markdown.table [| "a"; "b" |] [| [| "1"; "2" |]; [| "3" |] |] |> ignore)
    throwsWith<ArgumentException> [ "at least one column" ] (fun () -> Markdown.table [||] [||] |> ignore)
    throwsWith<ArgumentException> [ "1 alignments for 2 columns" ] (fun () ->
        Markdown.tableWith [| Markdown.Left |] [| "a"; "b" |] [||] |> ignore)
