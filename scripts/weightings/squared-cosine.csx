// A negative weighting for `./schane loss --weighting`: a negative counts more the more it resembles the anchor,
// here through its squared cosine similarity: w_ik = |N(i)| · softmax over N(i) of 4 · cos²(z_i, z_k).
// The script's last expression is the weighting; TorchSharp (torch.*) and Schane.Core.Losses are imported.
// Temporaries made here are freed by the loss's dispose scope.
Func<SimilarityBlock, Tensor> weighting = block =>
{
    var cosine = block.Logits * block.Temperature;
    return NegativeWeighting.NormalizeOverNegatives(cosine * cosine * 4.0, block.Negatives);
};
weighting
