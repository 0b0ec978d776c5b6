using Schane.Engine;

namespace Schane.Core.Evaluation;

/// <summary>
/// Weighted k-nearest-neighbour classifier of Wu et al. 2018 (InstDisc), the kNN monitor of common self-supervised
/// code (MoCo/SimCLR/SupContrast ports' <c>knn_predict</c>): features are L2-normalised, each query takes the
/// <see cref="K"/> bank rows of highest cosine similarity, each neighbour votes for its label with weight
/// exp(sim/τ), and the label with the largest total wins. Queries are processed <see cref="BlockSize"/> rows at a
/// time, so only a [BlockSize, bank] similarity block exists at once (10k queries × 60k bank rows never materialise).
/// </summary>
/// <remarks>
/// A bank smaller than K is not an error: every bank row then votes (K is clamped to the bank size), which is what the
/// monitor converges to as K grows. Weights are computed as exp((sim − sim_max)/τ) per query, the same votes up to a
/// per-query factor, so small temperatures cannot overflow float32. Ties between labels go to the smallest label.
/// </remarks>
public sealed record NearestNeighbors
{
    /// <summary>Neighbours per query (knn_k). Default 20, as in InstDisc's monitor (200 in some later code).</summary>
    public int K
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(K), value, "K must be at least 1");
    } = 20;

    /// <summary>τ of the vote weights exp(sim/τ) (knn_t). Default 0.07.</summary>
    public double Temperature
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Temperature), value, "the temperature must be positive and finite");
    } = 0.07;

    /// <summary>Query rows per similarity block: memory is BlockSize × bank rows × element size. Default 256.</summary>
    public int BlockSize
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BlockSize), value, "must be at least 1");
    } = 256;

    /// <summary>
    /// The predicted label of every query row, int64 [M] (knn_predict(...)[:, 0]); dispose it. Classes are 0 … C−1 with
    /// C = 1 + the largest bank label.
    /// </summary>
    /// <param name="bankFeatures">Features of the labelled bank [B, D], floating point, B ≥ 1.</param>
    /// <param name="bankLabels">Their labels [B], non-negative integers.</param>
    /// <param name="queryFeatures">Features to classify [M, D], same dtype family and device as the bank.</param>
    public Tensor Predict(Tensor bankFeatures, Tensor bankLabels, Tensor queryFeatures)
    {
        ValidateFeatures(bankFeatures, bankLabels, queryFeatures);
        using var scope = Torch.NewDisposeScope();
        var labels = bankLabels.To(bankFeatures.Device).To(DType.Int64);
        var classes = labels.Max().Item<long>() + 1;
        var bank = bankFeatures.Detach().Normalize(2, 1);
        var bankT = bank.T;
        var k = Math.Min(K, bank.Size(0));
        var queryCount = queryFeatures.Size(0);
        var blocks = new List<Tensor>();
        for (long start = 0; start < queryCount; start += BlockSize)
        {
            using var blockScope = Torch.NewDisposeScope();
            var rows = Math.Min(BlockSize, queryCount - start);
            var query = queryFeatures.Detach().Narrow(0, start, rows).To(bank.DType).Normalize(2, 1);
            var similarity = query.Mm(bankT);
            var (nearest, index) = similarity.TopK(k, 1);
            var neighbourLabels = labels.IndexSelect(0, index.Flatten()).View(rows, k);
            var weights = ((nearest - nearest.Narrow(1, 0, 1)) / Temperature).Exp();
            var votes = Torch.Zeros([rows, classes], weights.DType, weights.Device).ScatterAdd(1, neighbourLabels, weights);
            blocks.Add(votes.Argmax(1).MoveToOuterDisposeScope());
        }
        var predictions = blocks.Count == 0 ? Torch.Zeros([0], DType.Int64, bankFeatures.Device) : Torch.Cat(blocks);
        return predictions.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Fraction of query rows whose predicted label (<see cref="Predict"/>) equals their label, in [0, 1].
    /// </summary>
    /// <param name="bankFeatures">Features of the labelled bank [B, D], floating point, B ≥ 1.</param>
    /// <param name="bankLabels">Their labels [B], non-negative integers.</param>
    /// <param name="queryFeatures">Features to classify [M, D], M ≥ 1.</param>
    /// <param name="queryLabels">Their labels [M], integers.</param>
    public double Accuracy(Tensor bankFeatures, Tensor bankLabels, Tensor queryFeatures, Tensor queryLabels)
    {
        ArgumentNullException.ThrowIfNull(queryFeatures);
        ArgumentNullException.ThrowIfNull(queryLabels);
        if (queryLabels.Dim != 1 || queryLabels.DType.IsFloatingPoint() || queryLabels.DType == DType.Bool)
            throw new ArgumentException($"queryLabels must be integer labels [M]; got {queryLabels}", nameof(queryLabels));
        if (queryFeatures.Dim >= 1 && queryLabels.Size(0) != queryFeatures.Size(0))
            throw new ArgumentException($"{queryLabels.Size(0)} query labels for query features [{string.Join(", ", queryFeatures.Shape)}]",
                nameof(queryLabels));
        if (queryLabels.Size(0) == 0)
            throw new ArgumentException("there are no query rows to score", nameof(queryFeatures));
        using var scope = Torch.NewDisposeScope();
        var predictions = Predict(bankFeatures, bankLabels, queryFeatures);
        var correct = predictions.Eq(queryLabels.To(predictions.Device).To(DType.Int64)).Sum().Item<long>();
        return (double)correct / queryLabels.Size(0);
    }

    private static void ValidateFeatures(Tensor bankFeatures, Tensor bankLabels, Tensor queryFeatures)
    {
        ArgumentNullException.ThrowIfNull(bankFeatures);
        ArgumentNullException.ThrowIfNull(bankLabels);
        ArgumentNullException.ThrowIfNull(queryFeatures);
        var (bank, query) = (bankFeatures, queryFeatures);
        if (bank.Dim != 2 || !bank.DType.IsFloatingPoint())
            throw new ArgumentException($"bankFeatures must be floating point [B, D]; got {bank}", nameof(bankFeatures));
        if (query.Dim != 2 || !query.DType.IsFloatingPoint())
            throw new ArgumentException($"queryFeatures must be floating point [M, D]; got {query}", nameof(queryFeatures));
        if (query.Size(1) != bank.Size(1))
            throw new ArgumentException($"query rows have {query.Size(1)} features, bank rows {bank.Size(1)} (bank [{string.Join(", ", bank.Shape)}], " +
                $"query [{string.Join(", ", query.Shape)}])", nameof(queryFeatures));
        if (bank.Size(0) == 0)
            throw new ArgumentException("the bank is empty: there are no neighbours to vote", nameof(bankFeatures));
        if (bankLabels.Dim != 1 || bankLabels.DType.IsFloatingPoint() || bankLabels.DType == DType.Bool)
            throw new ArgumentException($"bankLabels must be integer labels [B]; got {bankLabels}", nameof(bankLabels));
        if (bankLabels.Size(0) != bank.Size(0))
            throw new ArgumentException($"{bankLabels.Size(0)} bank labels for {bank.Size(0)} bank rows", nameof(bankLabels));
        using var scope = Torch.NewDisposeScope();
        if (bankLabels.Min().Item<long>() < 0)
            throw new ArgumentException($"bank labels must be non-negative; found {bankLabels.Min().Item<long>()}", nameof(bankLabels));
        if (!bank.IsFinite().All().Item<bool>())
            throw new ArgumentException("bankFeatures contain NaN or Inf", nameof(bankFeatures));
        if (!query.IsFinite().All().Item<bool>())
            throw new ArgumentException("queryFeatures contain NaN or Inf", nameof(queryFeatures));
    }
}
