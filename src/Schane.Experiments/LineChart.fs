/// Line charts: named series of (x, y) points, drawn with ScottPlot.
module internal Schane.Experiments.LineChart

open System
open ScottPlot

// Series of at most this many points also get a marker per point, so a single point stays visible.
let private markerLimit = 40

/// <summary>
/// The plot of <paramref name="series"/> in the given order, with a legend right of the data. Points with a NaN or
/// infinite coordinate are skipped; a series left with no point keeps its legend entry; a chart with no point at
/// all says so in the middle of its axes.
/// </summary>
let plot (title: string) (xLabel: string) (yLabel: string) (series: (string * (float * float)[])[]) : Plot =
    let plt = ChartStyle.plot title xLabel yLabel
    let mutable any = false
    series |> Array.iteri (fun i (name, points) ->
        let kept = (if isNull (box points) then [||] else points) |> Array.filter (fun (x, y) -> Double.IsFinite x && Double.IsFinite y)
        let line = plt.Add.Scatter(Array.map fst kept, Array.map snd kept, ChartStyle.colour i)
        line.LegendText <- name
        line.LineWidth <- 2.0f
        line.MarkerSize <- if kept.Length <= markerLimit then 6.0f else 0.0f
        any <- any || kept.Length > 0)
    // Steps, epochs and other counts get whole-number ticks: 1.5 steps means nothing.
    let xs = series |> Array.collect (fun (_, points) -> if isNull (box points) then [||] else Array.map fst points) |> Array.filter Double.IsFinite
    if xs.Length > 0 && xs |> Array.forall (fun x -> x = Math.Round x) then
        plt.Axes.Bottom.TickGenerator <- ChartStyle.ticks true
    if not any then
        ChartStyle.noData plt "no finite points to draw"
    if series.Length > 0 then
        ChartStyle.legendFont plt (Array.map fst series)
        plt.ShowLegend(Edge.Right) |> ignore
    plt
