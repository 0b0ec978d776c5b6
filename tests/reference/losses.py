"""Independent PyTorch implementations of the contrastive losses, written from the papers and DESIGN.md, used as
the oracle for Schane.Core's losses (values and gradients) on randomized inputs.

Usage: losses.py MANIFEST.json   -- for each case: reads embeddings/labels .npy, writes the loss (JSON) and dL/dE
                                   (.npy). Computed in float64 whatever the input dtype (the truth that float32
                                   results are measured against); "native_dtype": true keeps the input's dtype.
Embedding layout: [B, V, D] (views) with labels [B], or [N, D] with labels [N]. Views are flattened view-major
(rows 0..B-1 are view 0, as in SupContrast's torch.cat(torch.unbind(features, dim=1))).
SCHaNe and HCL take an optional "weighting" option naming one of WEIGHTINGS instead of the exponential weights: the
user weightings that the .NET tests write as C# functions (NegativeWeighting.FromWeights / FromLogWeights / TopK).
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F


def flatten(features, labels):
    if features.dim() == 3:
        b, v, _ = features.shape
        return torch.cat(torch.unbind(features, dim=1), dim=0), labels.repeat(v), v
    return features, labels, 1


def squared_cosine(s, neg_mask, temperature):
    """w = cos^2 + 1/4, gradient through the weights."""
    return (s * temperature) ** 2 + 0.25


def detached_exponential(s, neg_mask, temperature):
    """w = exp(s / 2), not normalised, held constant (no gradient through the weights)."""
    return torch.exp(0.5 * s).detach()


def top3(s, neg_mask, temperature, k=3):
    """The k most similar negatives of each anchor weigh |N(i)| / k, the others 0 (a selection: no gradient)."""
    masked = s.detach().masked_fill(neg_mask == 0, float("-inf"))
    hardest = masked.topk(min(k, s.shape[1]), dim=1).indices
    selected = torch.zeros_like(neg_mask).scatter(1, hardest, 1.0) * neg_mask
    n_neg = neg_mask.sum(1, keepdim=True)
    return selected * n_neg.clamp_min(1) / selected.sum(1, keepdim=True).clamp_min(1)


def cosine_threshold(s, neg_mask, temperature):
    """Only negatives with cosine similarity above 0.3 count (weight 1): some anchors keep none."""
    return ((s * temperature) > 0.3).to(s.dtype)


WEIGHTINGS = {"squared_cosine": squared_cosine, "detached_exponential": detached_exponential, "top3": top3,
              "cosine_threshold": cosine_threshold}


def schane(features, labels, temperature=0.5, beta=1.0, normalize=True, outside_log=False, weighting=None):
    """SCHaNe, official semantics: pos_i = mean_p exp(s_ip); w_ik = |N(i)| softmax_{N(i)}(beta s_ik) (or
    WEIGHTINGS[weighting]); Ng_i = sum_k w_ik exp(s_ik); loss = mean_i -log(pos_i / (pos_i + Ng_i)), anchors without
    positives left out. outside_log: the paper's equation instead, -mean_p log(exp(s_ip) / (exp(s_ip) + Ng_i))."""
    z, y, _ = flatten(features, labels)
    if normalize:
        z = F.normalize(z, dim=1)
    n = z.shape[0]
    s = z @ z.T / temperature
    eye = torch.eye(n, dtype=torch.bool)
    same = y[:, None] == y[None, :]
    pos_mask = (same & ~eye).to(s.dtype)
    neg_mask = (~same).to(s.dtype)
    exp_s = torch.exp(s)
    imp = torch.exp(beta * s) * neg_mask
    n_neg = neg_mask.sum(1, keepdim=True)
    # Rows without negatives divide by 1 instead of 0 (their weights are all zero anyway).
    weights = n_neg * imp / torch.where(n_neg > 0, imp.sum(1, keepdim=True), torch.ones_like(n_neg))
    if weighting is not None:
        weights = WEIGHTINGS[weighting](s, neg_mask, temperature) * neg_mask
    ng = (weights * exp_s).sum(1)
    n_pos = pos_mask.sum(1)
    valid = n_pos > 0
    if outside_log:
        per_pair = -torch.log(exp_s / (exp_s + ng[:, None]))
        per_anchor = (per_pair * pos_mask).sum(1) / n_pos.clamp_min(1)
    else:
        pos = (exp_s * pos_mask).sum(1) / n_pos.clamp_min(1)
        pos = torch.where(valid, pos, torch.ones_like(pos))  # keeps excluded anchors out of the gradient too
        per_anchor = -torch.log(pos / (pos + ng))
    return per_anchor[valid].mean()


def supcon(features, labels, temperature=0.07, base_temperature=0.07, contrast_mode="all", normalize=True):
    """SupCon (Khosla et al.), HobbitLong/SupContrast losses.py semantics (L_out), anchors without positives left out."""
    if features.dim() == 2:
        features = features[:, None, :]
    if normalize:
        features = F.normalize(features, dim=2)
    bsz, views, _ = features.shape
    mask = (labels[:, None] == labels[None, :]).to(features.dtype)
    contrast = torch.cat(torch.unbind(features, dim=1), dim=0)
    if contrast_mode == "one":
        anchor, anchor_count = features[:, 0], 1
    else:
        anchor, anchor_count = contrast, views
    logits = anchor @ contrast.T / temperature
    logits = logits - logits.max(dim=1, keepdim=True)[0].detach()
    mask = mask.repeat(anchor_count, views)
    logits_mask = torch.ones_like(mask)
    idx = torch.arange(bsz * anchor_count)
    logits_mask[idx, idx] = 0
    mask = mask * logits_mask
    log_prob = logits - torch.log((torch.exp(logits) * logits_mask).sum(1, keepdim=True))
    n_pos = mask.sum(1)
    valid = n_pos > 0
    mean_log_prob_pos = (mask * log_prob).sum(1) / n_pos.clamp_min(1)
    loss = -(temperature / base_temperature) * mean_log_prob_pos
    return loss[valid].mean()


def two_views(features):
    """HCL and NT-Xent take instance positives: [B, 2, D], or [2B, D] with row i and i+B the two views."""
    if features.dim() == 3:
        assert features.shape[1] == 2
        return features[:, 0], features[:, 1]
    b = features.shape[0] // 2
    return features[:b], features[b:]


def hcl(features, labels, temperature=0.5, beta=1.0, tau_plus=0.1, normalize=True, weighting=None):
    """HCL (Robinson et al. 2021, joshr17/HCL): importance-weighted negatives (or WEIGHTINGS[weighting]) with
    debiasing and the clamp."""
    out_1, out_2 = two_views(features)
    if normalize:
        out_1, out_2 = F.normalize(out_1, dim=1), F.normalize(out_2, dim=1)
    b = out_1.shape[0]
    out = torch.cat([out_1, out_2], dim=0)
    s = out @ out.T / temperature
    neg = torch.exp(s)
    mask = torch.ones(2 * b, 2 * b, dtype=torch.bool)
    idx = torch.arange(b)
    mask[idx, idx] = False
    mask[idx + b, idx + b] = False
    mask[idx, idx + b] = False
    mask[idx + b, idx] = False
    neg = neg.masked_select(mask).view(2 * b, -1)
    pos = torch.exp((out_1 * out_2).sum(-1) / temperature)
    pos = torch.cat([pos, pos], dim=0)
    n = 2 * b - 2
    if weighting is None:
        imp = (beta * neg.log()).exp()
        reweight_neg = (imp * neg).sum(dim=-1) / imp.mean(dim=-1)
    else:
        weights = WEIGHTINGS[weighting](s, mask.to(s.dtype), temperature).masked_select(mask).view(2 * b, -1)
        reweight_neg = (weights * neg).sum(dim=-1)
    ng = (-tau_plus * n * pos + reweight_neg) / (1 - tau_plus)
    ng = torch.clamp(ng, min=n * math.e ** (-1 / temperature))
    return (-torch.log(pos / (pos + ng))).mean()


def ntxent(features, labels, temperature=0.5, normalize=True):
    """NT-Xent (SimCLR): -log(exp(s_i,j(i)) / sum_{k != i} exp(s_ik)), mean over the 2B rows."""
    out_1, out_2 = two_views(features)
    z = torch.cat([out_1, out_2], dim=0)
    if normalize:
        z = F.normalize(z, dim=1)
    b = out_1.shape[0]
    s = z @ z.T / temperature
    s = s.masked_fill(torch.eye(2 * b, dtype=torch.bool), float("-inf"))
    target = torch.cat([torch.arange(b, 2 * b), torch.arange(0, b)])
    return F.cross_entropy(s, target)


def objective(features, labels, logits, lam=0.9, label_smoothing=0.0, temperature=0.5, beta=1.0):
    """The official objective: alpha * cl + (1 - alpha) * ce, cross-entropy on every view's logits."""
    ce = F.cross_entropy(torch.cat(torch.unbind(logits, dim=1), dim=0), labels.repeat(logits.shape[1]),
                         label_smoothing=label_smoothing)
    return lam * schane(features, labels, temperature, beta) + (1 - lam) * ce


LOSSES = {"schane": schane, "supcon": supcon, "hcl": hcl, "ntxent": ntxent, "objective": objective}


def main():
    manifest = json.load(open(sys.argv[1]))
    results = []
    for case in manifest["cases"]:
        features = torch.from_numpy(np.load(case["embeddings"]))
        if not case.get("native_dtype", False):
            features = features.double()
        features.requires_grad_(True)
        labels = torch.from_numpy(np.load(case["labels"]))
        extra = {}
        if "logits" in case:
            extra["logits"] = torch.from_numpy(np.load(case["logits"])).to(features.dtype).requires_grad_(True)
        loss = LOSSES[case["name"]](features, labels, **extra, **case.get("options", {}))
        loss.backward()
        np.save(case["grad"], features.grad.numpy())
        if "logits" in case:
            np.save(case["logits_grad"], extra["logits"].grad.numpy())
        results.append({"id": case["id"], "loss": loss.item()})
    json.dump({"results": results}, open(manifest["output"], "w"))


if __name__ == "__main__":
    main()
