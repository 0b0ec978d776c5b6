// SCHaNe's own exponential weighting (β = 1), written as a script function: w_ik = |N(i)| · softmax over the negatives
// of β · s_ik, with s the similarity logits. The same values as the built-in NegativeWeighting.Exponential(1.0), but
// computed through per-block autograd instead of the fused kernel: `./schane bench train --weighting` compares the two.
const double beta = 1.0;
(Func<SimilarityBlock, Tensor>)(block => NegativeWeighting.NormalizeOverNegatives(block.Logits * beta, block.Negatives))
