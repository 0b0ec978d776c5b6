using TorchSharp;
using static TorchSharp.torch;

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
        using var scope = NewDisposeScope();
        var labels = bankLabels.to(bankFeatures.device).to(ScalarType.Int64);
        var classes = labels.max().ToInt64() + 1;
        var bank = nn.functional.normalize(bankFeatures.detach(), 2, 1);
        var bankT = bank.T;
        var k = Math.Min(K, bank.size(0));
        var queryCount = queryFeatures.size(0);
        var blocks = new List<Tensor>();
        for (long start = 0; start < queryCount; start += BlockSize)
        {
            using var blockScope = NewDisposeScope();
            var rows = Math.Min(BlockSize, queryCount - start);
            var query = nn.functional.normalize(queryFeatures.detach().narrow(0, start, rows).to(bank.dtype), 2, 1);
            var similarity = query.mm(bankT);
            var (nearest, index) = similarity.topk((int)k, 1);
            var neighbourLabels = labels.index_select(0, index.flatten()).view(rows, k);
            var weights = ((nearest - nearest.narrow(1, 0, 1)) / Temperature).exp();
            var votes = zeros([rows, classes], weights.dtype, weights.device).scatter_add(1, neighbourLabels, weights);
            blocks.Add(votes.argmax(1).MoveToOuterDisposeScope());
        }
        var predictions = blocks.Count == 0 ? zeros([0], ScalarType.Int64, bankFeatures.device) : cat(blocks, 0);
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
        if (queryLabels.dim() != 1 || is_floating_point(queryLabels.dtype) || queryLabels.dtype == ScalarType.Bool)
            throw new ArgumentException($"queryLabels must be integer labels [M]; got {queryLabels}", nameof(queryLabels));
        if (queryFeatures.dim() >= 1 && queryLabels.size(0) != queryFeatures.size(0))
            throw new ArgumentException($"{queryLabels.size(0)} query labels for query features [{string.Join(", ", queryFeatures.shape)}]",
                nameof(queryLabels));
        if (queryLabels.size(0) == 0)
            throw new ArgumentException("there are no query rows to score", nameof(queryFeatures));
        using var scope = NewDisposeScope();
        var predictions = Predict(bankFeatures, bankLabels, queryFeatures);
        var correct = predictions.eq(queryLabels.to(predictions.device).to(ScalarType.Int64)).sum().ToInt64();
        return (double)correct / queryLabels.size(0);
    }

    private static void ValidateFeatures(Tensor bankFeatures, Tensor bankLabels, Tensor queryFeatures)
    {
        ArgumentNullException.ThrowIfNull(bankFeatures);
        ArgumentNullException.ThrowIfNull(bankLabels);
        ArgumentNullException.ThrowIfNull(queryFeatures);
        var (bank, query) = (bankFeatures, queryFeatures);
        if (bank.dim() != 2 || !is_floating_point(bank.dtype))
            throw new ArgumentException($"bankFeatures must be floating point [B, D]; got {bank}", nameof(bankFeatures));
        if (query.dim() != 2 || !is_floating_point(query.dtype))
            throw new ArgumentException($"queryFeatures must be floating point [M, D]; got {query}", nameof(queryFeatures));
        if (query.size(1) != bank.size(1))
            throw new ArgumentException($"query rows have {query.size(1)} features, bank rows {bank.size(1)} (bank [{string.Join(", ", bank.shape)}], " +
                $"query [{string.Join(", ", query.shape)}])", nameof(queryFeatures));
        if (bank.size(0) == 0)
            throw new ArgumentException("the bank is empty: there are no neighbours to vote", nameof(bankFeatures));
        if (bankLabels.dim() != 1 || is_floating_point(bankLabels.dtype) || bankLabels.dtype == ScalarType.Bool)
            throw new ArgumentException($"bankLabels must be integer labels [B]; got {bankLabels}", nameof(bankLabels));
        if (bankLabels.size(0) != bank.size(0))
            throw new ArgumentException($"{bankLabels.size(0)} bank labels for {bank.size(0)} bank rows", nameof(bankLabels));
        using var scope = NewDisposeScope();
        if (bankLabels.min().ToInt64() < 0)
            throw new ArgumentException($"bank labels must be non-negative; found {bankLabels.min().ToInt64()}", nameof(bankLabels));
        if (!bank.isfinite().all().ToBoolean())
            throw new ArgumentException("bankFeatures contain NaN or Inf", nameof(bankFeatures));
        if (!query.isfinite().all().ToBoolean())
            throw new ArgumentException("queryFeatures contain NaN or Inf", nameof(queryFeatures));
    }
}
