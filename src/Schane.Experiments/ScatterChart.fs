/// Scatter plots of labelled 2-D points (e.g. a PCA of embeddings), drawn with ScottPlot.
module internal Schane.Experiments.ScatterChart

open System
open ScottPlot

/// <summary>
/// The plot of (x, y, class index) points, one dot per finite point coloured by class, with every class name in the
/// legend. Throws <see cref="T:System.ArgumentException"/> for a class index outside the names.
/// </summary>
let plot (title: string) (xLabel: string) (yLabel: string) (points: (float * float * int)[]) (classNames: string[]) : Plot =
    for _, _, c in points do
        if c < 0 || c >= classNames.Length then
            invalidArg (nameof points) $"Class index {c} is outside the {classNames.Length} class names."
    let plt = ChartStyle.plot title xLabel yLabel
    let kept = points |> Array.filter (fun (x, y, _) -> Double.IsFinite x && Double.IsFinite y)
    classNames |> Array.iteri (fun c name ->
        let mine = kept |> Array.filter (fun (_, _, k) -> k = c)
        let dots = plt.Add.ScatterPoints(mine |> Array.map (fun (x, _, _) -> x), mine |> Array.map (fun (_, y, _) -> y), (ChartStyle.colour c).WithAlpha 0.7)
        dots.MarkerSize <- 6.0f
        dots.LegendText <- name)
    if kept.Length = 0 then
        ChartStyle.noData plt "no finite points to draw"
    if classNames.Length > 0 then
        ChartStyle.legendFont plt classNames
        plt.ShowLegend(Edge.Right) |> ignore
    plt
