// A negative weighting for `./schane loss --weighting`: only each anchor's 8 most similar negatives count.
NegativeWeighting.TopK(8)
