module Schane.Scripting.FSharp.Tests.BetaSweepTests

open System.IO
open System.Text.Json
open Xunit
open Schane.Experiments
open Schane.Scripting.FSharp.Tests.Scripts

[<Fact>]
let ``the F# β sweep fine-tunes once per β and prints its table`` () =
    let runs = Directory.CreateTempSubdirectory("schane-sweep-").FullName
    let script = Path.Combine(repositoryRoot, "scripts", "fsharp", "beta-sweep.fsx")
    let run =
        runInProcess script
            [ "--betas"; "0,1.5"; "--train-per-class"; "20"; "--test-per-class"; "30"; "--width"; "4"; "--batch-size"; "16"
              "--epochs"; "1"; "--episodes"; "10"; "--runs-dir"; runs ]
    Assert.True((run.ExitCode = 0), run.Stderr)
    let table = lines run.Stdout |> Array.filter (fun l -> l.StartsWith "|")
    Assert.Equal(4, table.Length)
    let cells (row: string) = row.Trim('|').Split('|') |> Array.map (fun c -> c.Trim())
    Assert.Equal<string[]>([| "β"; "top-1"; "kNN"; "5-way 1-shot"; "5-way 5-shot" |], cells table[0])
    Assert.Equal("0", (cells table[2])[0])
    Assert.Equal("1.5", (cells table[3])[0])
    // Each row is its own run, trained with that β: the table shows what the run's metrics.json holds.
    for row, name, beta in [ table[2], "beta-0", 0.0; table[3], "beta-1.5", 1.5 ] do
        use json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, name, "metrics.json")))
        let result = json.RootElement
        Assert.Equal(beta, result.GetProperty("config").GetProperty("beta").GetDouble())
        Assert.Equal("completed", result.GetProperty("outcome").GetString())
        let metrics = result.GetProperty "metrics"
        let percent (key: string) = Markdown.percent 2 (metrics.GetProperty(key).GetDouble())
        let fewShot (i: int) =
            let accuracy = metrics.GetProperty("fewShot").[i].GetProperty("accuracy")
            Markdown.meanCi 2 (100.0 * accuracy.GetProperty("mean").GetDouble()) (100.0 * accuracy.GetProperty("halfWidth95").GetDouble())
        Assert.Equal<string[]>([| (cells row)[0]; percent "top1"; percent "knn"; fewShot 0; fewShot 1 |], cells row)

[<Fact>]
let ``the β sweep names an unknown setting`` () =
    let script = Path.Combine(repositoryRoot, "scripts", "fsharp", "beta-sweep.fsx")
    let run = runInProcess script [ "--bettas"; "0,1" ]
    Assert.Equal(1, run.ExitCode)
    Assert.Contains("unknown setting 'bettas'", run.Stderr)
