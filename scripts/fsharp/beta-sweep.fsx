// β sweep of SCHaNe, in F#: fine-tunes once per β with otherwise equal settings and prints a Markdown table of β
// against top-1 (base classes), kNN and 5-way few-shot accuracy (novel classes, mean ± 95% interval over episodes).
//
//   ./schane run scripts/fsharp/beta-sweep.fsx -- 0 0.5 1 2
//   dotnet fsi scripts/fsharp/beta-sweep.fsx 0 0.5 1 2
//
// Arguments as the C# sweeps take them: the β values (default 0 0.5 1 2; `--betas 0,0.5,1,2` also works), and any fine-tuning setting (the keys of `./schane train`'s config file) as
// --kebab-case or --camelCase VALUE, e.g. --train-per-class 2000 --epochs 4 --width 16 --loss hcl. The defaults below
// are small so the sweep takes about a minute on 2 cores. Each run's folder (report, charts, checkpoint) is written
// under --runs-dir (default runs/beta-sweep) as beta-<β>.
#load "../schane.fsx"

open System
open System.Globalization
open System.Text.Json
open System.Text.Json.Nodes
open System.Threading
open Schane.Experiments

let smallDefaults =
    [ "trainPerClass", "500"; "testPerClass", "200"; "epochs", "2"; "width", "8"; "batchSize", "64"
      "episodes", "200"; "runsDir", "runs/beta-sweep" ]

let parseNumber (text: string) =
    match Double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture) with
    | true, value -> value
    | _ -> failwith $"'{text}' is not a number"

// train-per-class → trainPerClass; camelCase names pass through.
let camelCase (flag: string) =
    let parts = flag.Split('-', StringSplitOptions.RemoveEmptyEntries)
    let capitalise (p: string) = string (Char.ToUpperInvariant p[0]) + p.Substring 1
    parts[0] + String.concat "" (Array.map capitalise parts[1..])

// A setting's value as JSON: numbers, booleans and null as themselves, "1,5" as an array of numbers, the rest as text.
let jsonValue (text: string) : JsonNode | null =
    let parse (json: string) = try Some(JsonNode.Parse json) with :? JsonException -> None
    let candidate = if text.Contains ',' then parse ("[" + text + "]") else parse text
    match candidate with
    | Some node when text = "null" || not (isNull node) && node.GetValueKind() <> JsonValueKind.String -> node
    | _ -> JsonValue.Create text

let isNumber (text: string) = fst (Double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture))

// β values given (in order), and settings; bare numbers are β values, as in the C# sweeps.
let rec parseArgs betas settings args =
    match args with
    | [] -> List.rev betas, List.rev settings
    | "--betas" :: list :: rest -> parseArgs (List.rev (list.Split(',') |> Array.map parseNumber |> Array.toList) @ betas) settings rest
    | (number: string) :: rest when isNumber number -> parseArgs (parseNumber number :: betas) settings rest
    | (flag: string) :: value :: rest when flag.StartsWith "--" && flag.Length > 2 ->
        parseArgs betas ((camelCase (flag.Substring 2), value) :: settings) rest
    | other :: _ -> failwith $"unexpected '{other}': give β values (0 0.5 1) and --<setting> VALUE"

let betas, settings =
    match parseArgs [] [] (List.ofArray fsi.CommandLineArgs.[1..]) with
    | [], settings -> [ 0.0; 0.5; 1.0; 2.0 ], settings
    | given, settings -> given, settings

let overrides = JsonObject()
for key, value in smallDefaults @ settings do
    overrides[key] <- jsonValue value
let shared = RunConfig.Resolve(null, overrides)
if shared.Loss <> "schane" && shared.Loss <> "hcl" then
    failwith $"--loss {shared.Loss}: β weights negatives in schane and hcl only"

let invariant (beta: float) = beta.ToString("R", CultureInfo.InvariantCulture)

let hooks = { FineTuning.RunHooks.None with Stage = Action<string>(fun stage -> eprintfn "  %s" stage) }

let results =
    [ for beta in betas ->
        eprintfn "β = %s" (invariant beta)
        let config = { shared with Beta = beta; Name = $"beta-{invariant beta}" }
        let result = FineTuning.run config null hooks CancellationToken.None
        eprintfn "  %d steps in %.1f s, evaluated in %.1f s: %s" result.Steps result.TrainSeconds result.EvalSeconds result.Directory
        beta, result ]

let header =
    [| yield "β"; yield "top-1"; yield "kNN"
       for k in shared.Shots -> $"{shared.Ways}-way {k}-shot" |]

let rows =
    [| for beta, result in results ->
        let metrics = result.Metrics |> Option.defaultWith (fun () -> failwith $"β = {beta}: the run stopped before its evaluation")
        [| yield invariant beta
           yield Markdown.percent 2 metrics.Top1
           yield Markdown.percent 2 metrics.Knn
           for f in metrics.FewShot -> Markdown.percentCi 2 f.Accuracy |] |]

printfn "%s loss, %s, %d images per base class, %d epoch(s), %d episodes per few-shot setting:"
    shared.Loss (string (results |> List.head |> snd).Model) shared.TrainPerClass shared.Epochs shared.Episodes
printfn ""
printf "%s" (Markdown.table header rows)
