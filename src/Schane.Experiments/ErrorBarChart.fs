/// Bar charts of means with ±half-width error bars (e.g. accuracy with its 95% interval), drawn with ScottPlot.
module internal Schane.Experiments.ErrorBarChart

open System
open ScottPlot

// The data area's width in a 720-pixel chart with a y axis of tick labels and a title (an estimate on the safe side).
let private dataWidth = float ChartStyle.width - 110.0

// Pixels per bar when the bars lie horizontally: a label's line and the gap to the next one.
let private rowHeight = 26

// Share of a category's width its label may fill, so neighbouring labels keep a gap.
let private labelShare = 0.85

/// <summary>
/// Whether bars with these labels lie horizontally: when any label is wider than its share of the width a vertical
/// bar gets. Then every label has a row of its own on the y axis (rows never overlap) and the chart grows taller.
/// </summary>
let horizontal (labels: string[]) : bool =
    labels.Length > 0
    && labels |> Array.exists (fun l -> ChartStyle.measure l > labelShare * dataWidth / float labels.Length)

/// <summary>Height in pixels of the chart of <paramref name="labels"/>: the usual height, or one row per bar.</summary>
let height (labels: string[]) : int =
    if horizontal labels then max ChartStyle.height (labels.Length * rowHeight + 130) else ChartStyle.height

/// <summary>
/// The plot of (label, mean, half-width) bars from 0, each with an error bar of ±half-width, in the given order
/// (left to right, or top to bottom when horizontal). A bar with a non-finite mean is left out (its label stays); a
/// NaN half-width (a single seed) draws the bar without an error bar. Throws <see cref="T:System.ArgumentException"/>
/// for a negative half-width.
/// </summary>
let plot (title: string) (valueLabel: string) (bars: (string * float * float)[]) : Plot =
    for label, _, hw in bars do
        if hw < 0.0 then invalidArg (nameof bars) $"Bar '{label}' has a negative half-width ({hw})."
    let labels = bars |> Array.map (fun (label, _, _) -> if isNull (box label) then "" else label)
    let sideways = horizontal labels
    let plt = if sideways then ChartStyle.plot title valueLabel "" else ChartStyle.plot title "" valueLabel
    let n = bars.Length
    // Top to bottom reads in the given order, like left to right.
    let position i = if sideways then float (n - 1 - i) else float i
    let drawn =
        bars
        |> Array.mapi (fun i (_, mean, hw) ->
            if Double.IsFinite mean then
                let withError = Double.IsFinite hw
                Some(
                    Bar(Position = position i, Value = mean, Size = 0.6, FillColor = (ChartStyle.colour i).WithAlpha 0.8,
                        LineColor = Colors.Black, Error = (if withError then hw else 0.0),
                        ErrorPositive = withError, ErrorNegative = withError))
            else None)
        |> Array.choose id
    if drawn.Length > 0 then
        let barPlot = plt.Add.Bars drawn
        barPlot.Horizontal <- sideways
    else
        ChartStyle.noData plt "no finite values to draw"
    let categories: IAxis = if sideways then plt.Axes.Left else plt.Axes.Bottom
    categories.SetTicks(Array.init n position, labels)
    categories.TickLabelStyle.IsVisible <- true
    categories.TickLabelStyle.FontName <- ChartStyle.fontFor (String.Concat labels)
    // Grid lines only across the values; none between categories.
    (if sideways then plt.Grid.YAxisStyle else plt.Grid.XAxisStyle).IsVisible <- false
    // Bars stand on the value axis when none is negative.
    if drawn |> Array.forall (fun b -> b.Value - b.Error >= 0.0) then
        if sideways then plt.Axes.Margins(left = 0.0) else plt.Axes.Margins(bottom = 0.0)
    // Every category keeps its place, also one without a bar (autoscaling would drop it at an end); set after the
    // margins, which autoscale.
    if n > 0 then
        if sideways then plt.Axes.SetLimitsY(-0.5, float n - 0.5) else plt.Axes.SetLimitsX(-0.5, float n - 0.5)
    plt
