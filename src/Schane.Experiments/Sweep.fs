namespace Schane.Experiments

open System
open System.Collections.Generic
open System.Globalization
open System.IO
open System.Text.Json.Nodes
open System.Threading

/// <summary>
/// One setting swept over values with everything else equal: a fine-tuning run per value, one table row per run.
/// What the sweep scripts share (scripts/experiments/beta-sweep and lambda-sweep, as .csx and as .cs):
/// <code>
/// var sweep = SweepArguments.Parse(args, SweepArguments.SmallDefaults);
/// var result = sweep.Run("beta", "β", [0, 0.5, 1, 2], (settings, beta) => settings["loss"] = "schane");
/// Console.WriteLine(result);   // the table and the runs' folder
/// </code>
/// </summary>
type SweepArguments =
    { /// The run settings (config.json's keys): the defaults overlaid with the arguments' --kebab-case VALUE pairs.
      Settings: JsonObject
      /// The bare numbers among the arguments, in order: the values to sweep (empty: the sweep's own defaults).
      Values: float[] }

    /// <summary>
    /// Small settings for a sweep: 500 training images per base class, 300 test images per class, 2 epochs, width 8,
    /// 200 episodes, run folders under runs/ (about a minute per value on 2 cores). A new object each time.
    /// </summary>
    static member SmallDefaults: JsonObject =
        let defaults = JsonObject()
        defaults["epochs"] <- JsonValue.Create 2
        defaults["trainPerClass"] <- JsonValue.Create 500
        defaults["testPerClass"] <- JsonValue.Create 300
        defaults["width"] <- JsonValue.Create 8
        defaults["episodes"] <- JsonValue.Create 200
        defaults["runsDir"] <- JsonValue.Create "runs"
        defaults

    /// <summary>
    /// Reads a sweep's arguments: "--kebab-case VALUE" sets a setting as config.json names it (--train-per-class 200
    /// → trainPerClass = 200; whole numbers as integers, other numbers as numbers, the rest as text) over a copy of
    /// <paramref name="defaults"/>; a bare number is a value to sweep. Throws <see cref="T:System.ArgumentException"/>
    /// for a flag without a value or an argument that is neither. Unknown settings are refused when a run resolves them.
    /// </summary>
    static member Parse(args: IReadOnlyList<string>, defaults: JsonObject) : SweepArguments =
        let settings = defaults.DeepClone().AsObject()
        let values = ResizeArray<float>()
        let camelCase (flag: string) =
            let parts = flag.Split('-', StringSplitOptions.RemoveEmptyEntries)
            parts[0] + String.Join("", parts[1..] |> Array.map (fun p -> string (Char.ToUpperInvariant p[0]) + p.Substring 1))
        let number (text: string) =
            match Double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture) with
            | true, value -> Some value
            | _ -> None
        let mutable i = 0
        while i < args.Count do
            let arg = args[i]
            if arg.StartsWith "--" && arg.Length > 2 then
                if i + 1 >= args.Count then invalidArg "args" $"{arg} needs a value"
                let text = args[i + 1]
                let node: JsonNode | null =
                    match number text with
                    | Some n when n = Math.Floor n && not (text.Contains '.') && not (text.Contains 'e') && not (text.Contains 'E') ->
                        JsonValue.Create(int64 n)
                    | Some n -> JsonValue.Create n
                    | None -> JsonValue.Create text
                settings[camelCase (arg.Substring 2)] <- node
                i <- i + 2
            else
                match number arg with
                | Some value -> values.Add value; i <- i + 1
                | None -> invalidArg "args" $"unexpected '{arg}': give the values to sweep (0 0.5 1) and --<setting> VALUE"
        { Settings = settings; Values = values.ToArray() }

    /// <summary>
    /// Fine-tunes once per value (<see cref="P:Schane.Experiments.SweepArguments.Values"/>, else
    /// <paramref name="defaultValues"/>): each run takes the settings with <paramref name="setting"/> = the value, then
    /// whatever <paramref name="configure"/> (may be null) changes in its copy, e.g. the loss. Every run's settings are
    /// checked before the first one trains. The runs are written to RunsDir/&lt;setting&gt;-sweep-&lt;UTC time&gt;/&lt;setting&gt;-&lt;value&gt;;
    /// a line per run goes to stderr. <paramref name="header"/> heads the value column (e.g. "β").
    /// </summary>
    member this.Run(setting: string, header: string, defaultValues: float seq, configure: Action<JsonObject, float> | null) : SweepResult =
        let values = if this.Values.Length > 0 then this.Values else Seq.toArray defaultValues
        if values.Length = 0 then invalidArg "defaultValues" "a sweep needs at least one value"
        let runsDir = match this.Settings["runsDir"] with null -> RunConfig.Default.RunsDir | node -> node.GetValue<string>()
        let stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)
        let folder = Path.GetFullPath(Path.Combine(runsDir, $"{setting}-sweep-{stamp}"))
        let invariant (value: float) = value.ToString("R", CultureInfo.InvariantCulture)
        let configs =
            values
            |> Array.map (fun value ->
                let settings = this.Settings.DeepClone().AsObject()
                settings[setting] <- JsonValue.Create value
                settings["runsDir"] <- JsonValue.Create folder
                settings["name"] <- JsonValue.Create $"{setting}-{invariant value}"
                match configure with
                | null -> ()
                | configure -> configure.Invoke(settings, value)
                value, RunConfig.Resolve(null, settings))
        let runs =
            configs
            |> Array.map (fun (value, config) ->
                eprintfn "%s = %s: training" header (invariant value)
                value, FineTuning.run config null FineTuning.RunHooks.None CancellationToken.None)
        let first = snd configs[0]
        let headers =
            [| yield header; yield "objective"; yield "top-1"; yield "kNN"
               for k in first.Shots -> $"{first.Ways}-way {k}-shot"
               yield "uniformity" |]
        let rows =
            runs
            |> Array.map (fun (value, result) ->
                match result.Metrics with
                | None -> failwith $"{header} = {invariant value}: the run stopped before its evaluation"
                | Some metrics ->
                    [| yield invariant value; yield result.Objective
                       yield Markdown.percent 2 metrics.Top1; yield Markdown.percent 2 metrics.Knn
                       for f in metrics.FewShot -> Markdown.percentCi 2 f.Accuracy
                       yield Formatting.fixedDigits 3 metrics.Embedding.Uniformity |])
        { Setting = setting; Directory = folder; Runs = Array.map snd runs; Table = Markdown.table headers rows }

/// The runs of a sweep (see <see cref="T:Schane.Experiments.SweepArguments"/>).
and SweepResult =
    { /// The swept setting (config.json's key).
      Setting: string
      /// The sweep's folder: one run folder per value inside.
      Directory: string
      /// The runs, in the order of the values.
      Runs: RunResult[]
      /// A Markdown table: the value, the objective, top-1 and kNN accuracy, few-shot accuracy (mean ± 95% interval
      /// over episodes) and the projections' uniformity, a row per run.
      Table: string }

    /// The table, then a line "runs: FOLDER": what the sweep scripts print (the record holds every run's history).
    override this.ToString() = this.Table + Environment.NewLine + $"runs: {this.Directory}"
