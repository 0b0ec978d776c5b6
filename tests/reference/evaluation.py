"""Independent PyTorch implementations of the evaluation metrics, used as the oracle for Schane.Core.Evaluation on
randomized inputs. Everything is computed in float64, written from the definitions (not from the C# code).

Usage: evaluation.py MANIFEST.json -- MANIFEST = {"cases": [...], "output": "out.json"}; each case has an "id", a
"kind" and .npy paths; the answers go to OUTPUT as {"results": [{"id": ..., ...}]}.

Kinds:
  topk     logits [N, C], labels [N]           -> top1/top5 correct counts (torchvision's reference accuracy()).
  probe    support [n, d], support_labels [n], query [m, d], C, normalize
           -> query probabilities [m, k] (classes = sorted distinct support labels) of the minimiser of
              mean_i CE(W x_i + b, y_i) + ||W||^2 / (2 C n) over W [k, d], b [k] (scikit-learn's multinomial
              LogisticRegression objective), found by torch.optim.LBFGS(strong_wolfe) in the full d-dim space.
  knn      bank [B, D], bank_labels [B], query [M, D], k, t -> predictions (knn_predict of the InstDisc/MoCo monitor)
           and each query's vote margin (top score - runner-up, relative), to recognise near-ties.
  quality  embeddings [N, D], labels [N] -> alignment, uniformity, intra/inter-class cosine (Wang & Isola 2020).
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def load(path):
    return torch.from_numpy(np.load(path))


def topk(case):
    output, target = load(case["logits"]).double(), load(case["labels"]).long()
    maxk = min(5, output.shape[1])
    _, pred = output.topk(maxk, 1, True, True)
    correct = pred.t().eq(target.view(1, -1).expand_as(pred.t()))
    return {"top1": int(correct[:1].reshape(-1).sum()), "top5": int(correct[:maxk].reshape(-1).sum())}


def probe(case):
    xs, xq = load(case["support"]).double(), load(case["query"]).double()
    labels = load(case["support_labels"]).long()
    if case["normalize"]:
        xs, xq = F.normalize(xs, dim=1), F.normalize(xq, dim=1)
    classes = torch.unique(labels, sorted=True)
    y = torch.searchsorted(classes, labels)
    n, d = xs.shape
    k = len(classes)
    c = case["C"]
    w = torch.zeros(k, d, requires_grad=True)
    b = torch.zeros(k, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], lr=1, max_iter=2000, max_eval=4000, tolerance_grad=1e-12, tolerance_change=1e-16,
                            history_size=20, line_search_fn="strong_wolfe")

    def objective():
        return F.cross_entropy(xs @ w.T + b, y) + (w * w).sum() / (2 * c * n)

    def closure():
        opt.zero_grad()
        loss = objective()
        loss.backward()
        return loss

    for _ in range(20):
        opt.step(closure)
        grad = torch.cat([w.grad.reshape(-1), b.grad])
        if grad.abs().max() < 1e-10:
            break
    with torch.no_grad():
        probs = torch.softmax(xq @ w.T + b, dim=1)
    np.save(case["probabilities"], probs.numpy())
    return {"gradient_max": float(grad.abs().max()), "loss": float(objective())}


def knn(case):
    bank, query = F.normalize(load(case["bank"]).double(), dim=1), F.normalize(load(case["query"]).double(), dim=1)
    bank_labels = load(case["bank_labels"]).long()
    classes = int(bank_labels.max()) + 1
    knn_k, knn_t = min(case["k"], bank.shape[0]), case["t"]
    # knn_predict as in the MoCo/InstDisc monitors (feature_bank is [D, B] there).
    sim_matrix = torch.mm(query, bank.T)
    sim_weight, sim_indices = sim_matrix.topk(k=knn_k, dim=-1)
    sim_labels = torch.gather(bank_labels.expand(query.size(0), -1), dim=-1, index=sim_indices)
    sim_weight = (sim_weight / knn_t).exp()
    one_hot_label = torch.zeros(query.size(0) * knn_k, classes)
    one_hot_label = one_hot_label.scatter(dim=-1, index=sim_labels.view(-1, 1), value=1.0)
    pred_scores = torch.sum(one_hot_label.view(query.size(0), -1, classes) * sim_weight.unsqueeze(dim=-1), dim=1)
    top2 = pred_scores.topk(min(2, classes), dim=1).values
    margin = (top2[:, 0] - top2[:, -1]) / top2[:, 0] if classes > 1 else torch.ones(query.size(0))
    return {"predictions": pred_scores.argmax(dim=1).tolist(), "margins": margin.tolist()}


def quality(case):
    z = F.normalize(load(case["embeddings"]).double(), dim=1)
    y = load(case["labels"]).long()
    n = z.shape[0]
    same = (y[:, None] == y[None, :]) & ~torch.eye(n, dtype=torch.bool)
    i, j = torch.nonzero(same, as_tuple=True)
    # Wang & Isola's align_loss(x, y, alpha=2) over same-class pairs and uniform_loss(x, t=2).
    alignment = (z[i] - z[j]).norm(p=2, dim=1).pow(2).mean() if len(i) else torch.tensor(math.nan)
    uniformity = torch.pdist(z, p=2).pow(2).mul(-2).exp().mean().log()
    cosine = z @ z.T
    different = y[:, None] != y[None, :]
    intra = cosine[same].mean() if same.any() else torch.tensor(math.nan)
    inter = cosine[different].mean() if different.any() else torch.tensor(math.nan)
    return {name: None if math.isnan(float(v)) else float(v)
            for name, v in [("alignment", alignment), ("uniformity", uniformity), ("intra", intra), ("inter", inter)]}


def main():
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    kinds = {"topk": topk, "probe": probe, "knn": knn, "quality": quality}
    results = []
    for case in manifest["cases"]:
        result = kinds[case["kind"]](case)
        result["id"] = case["id"]
        results.append(result)
    with open(manifest["output"], "w") as f:
        json.dump({"results": results}, f)


if __name__ == "__main__":
    main()
