"""PyTorch side of `bench/run-ctr.sh` (issue 13), three parts; each prints one line and writes --json.

train  the 26-field CTR MLP: 26 tables nn.Embedding(100000, 16), the 26 vectors concatenated (416) ->
       Linear 400 -> ReLU -> Linear 400 -> ReLU -> Linear 1, BCE with logits, batch 4096, random ids (uniform per
       field) and labels, 16 batches made up front and cycled. Variants: dense (default dense embedding gradients,
       one Adam over everything: every row updated every step) and sparse (nn.Embedding(sparse=True) +
       torch.optim.SparseAdam for the tables, Adam for the MLP); lr 1e-3. samples/s = 4096 / median step time.
din    DIN on the MovieLens training samples exported by Activa (`Activa.Bench ctr-din --export FILE`; the format
       is in bench/Activa.Bench/CtrDinBench.cs), the same model as Activa's defaults: embeddings user/item/category
       d = 16 (row 0 padding), candidate q = [item, category], behaviours k = [item, category]; attention unit
       MLP([q, k, q - k, q * k]) -> 36 Dice -> 1, weights times the mask (not normalised), pooled = sum_j a_j k_j;
       MLP([user, q, pooled]) 200 Dice -> 80 Dice -> 1. Dice = x * (alpha + (1 - alpha) * sigmoid(BN(x))) with a
       non-affine BatchNorm1d (eps 1e-8, momentum 0.1: batch statistics in training, running ones in eval), alpha
       per unit from 0 (--act prelu: nn.PReLU per unit). Batch 256 gathered from a shuffled order every step, Adam
       3e-3 (variant sparse: sparse embeddings with SparseAdam). Epoch time = median s/step x steps per epoch.
score  latency of the same DIN (eval mode, torch.no_grad) for one user with 50 behaviours against 100 candidates:
       the history expanded to the 100 rows; p50 and p99 over --calls calls, each timed on its own.
"""
import argparse, json, statistics, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def write(path, fields):
    if path:
        with open(path, "w") as f:
            json.dump(fields, f)


# ---------------------------------------------------------------- 26-field CTR MLP
FIELDS, VOCAB, DIM, BATCH = 26, 100_000, 16, 4096


class FieldsMlp(nn.Module):
    def __init__(self, sparse):
        super().__init__()
        self.tables = nn.ModuleList([nn.Embedding(VOCAB, DIM, sparse=sparse) for _ in range(FIELDS)])
        self.mlp = nn.Sequential(nn.Linear(FIELDS * DIM, 400), nn.ReLU(), nn.Linear(400, 400), nn.ReLU(), nn.Linear(400, 1))

    def forward(self, ids):  # ids: list of FIELDS tensors [B]
        return self.mlp(torch.cat([t(i) for t, i in zip(self.tables, ids)], 1)).squeeze(1)


def train(a):
    g = torch.Generator().manual_seed(0)
    pool = [([torch.randint(0, VOCAB, (BATCH,), generator=g) for _ in range(FIELDS)],
             torch.randint(0, 2, (BATCH,), generator=g).float()) for _ in range(16)]
    out = {}
    for variant in a.variants.split(","):
        torch.manual_seed(0)
        sparse = variant == "sparse"
        model = FieldsMlp(sparse)
        opts = ([torch.optim.SparseAdam(list(model.tables.parameters()), lr=1e-3), torch.optim.Adam(model.mlp.parameters(), lr=1e-3)]
                if sparse else [torch.optim.Adam(model.parameters(), lr=1e-3)])
        state = [0]

        def step():
            ids, y = pool[state[0] % len(pool)]
            state[0] += 1
            loss = F.binary_cross_entropy_with_logits(model(ids), y)
            for o in opts:
                o.zero_grad()
            loss.backward()
            for o in opts:
                o.step()

        for _ in range(3):
            step()
        times = []
        for _ in range(a.reps):
            t = time.perf_counter()
            for _ in range(a.steps):
                step()
            times.append((time.perf_counter() - t) / a.steps)
        s = statistics.median(times)
        print(f"torch ctr-train {variant}, {a.threads} threads: step {s * 1e3:.1f} ms, {BATCH / s:,.0f} samples/s")
        out[variant] = {"step_ms": s * 1e3, "samples_per_s": BATCH / s}
        del model, opts
    write(a.json, {"threads": a.threads, "batch": BATCH, "variants": out, "torch": torch.__version__})


# ---------------------------------------------------------------- DIN
class Dice(nn.Module):
    def __init__(self, units):
        super().__init__()
        self.bn = nn.BatchNorm1d(units, eps=1e-8, momentum=0.1, affine=False)
        self.alpha = nn.Parameter(torch.zeros(units))

    def forward(self, x):
        p = torch.sigmoid(self.bn(x))
        return x * (self.alpha + (1 - self.alpha) * p)


def activation(name, units):
    return Dice(units) if name == "dice" else nn.PReLU(units)


class Din(nn.Module):
    def __init__(self, users, items, categories, act="dice", sparse=False, d=16, attention=36, hidden=(200, 80)):
        super().__init__()
        self.user = nn.Embedding(users + 1, d, padding_idx=0, sparse=sparse)
        self.item = nn.Embedding(items + 1, d, padding_idx=0, sparse=sparse)
        self.category = nn.Embedding(categories + 1, d, padding_idx=0, sparse=sparse)
        for e in (self.user, self.item, self.category):
            nn.init.normal_(e.weight, std=0.05)
            with torch.no_grad():
                e.weight[0].zero_()
        self.attention = nn.Sequential(nn.Linear(8 * d, attention), activation(act, attention), nn.Linear(attention, 1))
        layers, width = [], 5 * d
        for h in hidden:
            layers += [nn.Linear(width, h), activation(act, h)]
            width = h
        self.mlp = nn.Sequential(*layers, nn.Linear(width, 1))

    def embeddings(self):
        return [self.user.weight, self.item.weight, self.category.weight]

    def forward(self, user, item, category, h_items, h_categories, mask):
        b, l = h_items.shape
        q = torch.cat([self.item(item), self.category(category)], 1)                      # [B, 2d]
        k = torch.cat([self.item(h_items), self.category(h_categories)], 2)               # [B, L, 2d]
        qe = q.unsqueeze(1).expand_as(k)
        units = torch.cat([qe, k, qe - k, qe * k], 2).reshape(b * l, -1)
        weights = self.attention(units).reshape(b, l) * mask
        pooled = torch.bmm(weights.unsqueeze(1), k).squeeze(1)                             # sum_j a_j k_j
        return self.mlp(torch.cat([self.user(user), q, pooled], 1)).squeeze(1)


def load_samples(path):
    raw = np.fromfile(path, dtype="<i4")
    n, l, users, items, categories = (int(v) for v in raw[:5])
    at = [5]

    def column(count):
        c = torch.from_numpy(raw[at[0]:at[0] + count].astype(np.int64))
        at[0] += count
        return c

    user, item, category, label, length = (column(n) for _ in range(5))
    h_items, h_categories = column(n * l).reshape(n, l), column(n * l).reshape(n, l)
    mask = (torch.arange(l).unsqueeze(0) < length.unsqueeze(1)).float()
    return dict(n=n, l=l, users=users, items=items, categories=categories, user=user, item=item, category=category,
                label=label.float(), h_items=h_items, h_categories=h_categories, mask=mask)


def din(a):
    s = load_samples(a.samples)
    n, batch = s["n"], 256
    steps_per_epoch = (n + batch - 1) // batch
    out = {}
    for variant in a.variants.split(","):
        torch.manual_seed(0)
        sparse = variant == "sparse"
        model = Din(s["users"], s["items"], s["categories"], act=a.act, sparse=sparse)
        emb = set(id(p) for p in model.embeddings())
        rest = [p for p in model.parameters() if id(p) not in emb]
        opts = ([torch.optim.SparseAdam(model.embeddings(), lr=3e-3), torch.optim.Adam(rest, lr=3e-3)]
                if sparse else [torch.optim.Adam(model.parameters(), lr=3e-3)])
        model.train()
        state = {"order": None, "cursor": steps_per_epoch}

        def step():
            if state["cursor"] == steps_per_epoch:
                state["order"], state["cursor"] = torch.randperm(n), 0
            idx = state["order"][state["cursor"] * batch:(state["cursor"] + 1) * batch]
            state["cursor"] += 1
            logits = model(s["user"][idx], s["item"][idx], s["category"][idx], s["h_items"][idx], s["h_categories"][idx], s["mask"][idx])
            loss = F.binary_cross_entropy_with_logits(logits, s["label"][idx])
            for o in opts:
                o.zero_grad()
            loss.backward()
            for o in opts:
                o.step()

        for _ in range(10):
            step()
        per_rep = a.steps if a.steps > 0 else steps_per_epoch
        times = []
        for _ in range(a.reps):
            t = time.perf_counter()
            for _ in range(per_rep):
                step()
            times.append((time.perf_counter() - t) / per_rep)
        st = statistics.median(times)
        print(f"torch ctr-din ({a.act}, {variant} embeddings), {a.threads} threads: {st * 1e3:.2f} ms/step, "
              f"epoch ({steps_per_epoch} steps) {st * steps_per_epoch:.2f} s, {batch / st:,.0f} samples/s")
        out[variant] = {"step_ms": st * 1e3, "epoch_s": st * steps_per_epoch, "samples_per_s": batch / st}
    write(a.json, {"threads": a.threads, "act": a.act, "samples": n, "steps_per_epoch": steps_per_epoch, "variants": out,
                   "torch": torch.__version__})


def score(a):
    users, items, categories = 671, 9066, 20
    if a.samples:
        header = np.fromfile(a.samples, dtype="<i4", count=5)
        users, items, categories = (int(v) for v in header[2:5])
    history, candidates = 50, 100
    torch.manual_seed(0)
    model = Din(users, items, categories).eval()
    g = torch.Generator().manual_seed(1)
    user = torch.randint(1, users + 1, (1,), generator=g).expand(candidates)
    h_items = torch.randint(1, items + 1, (1, history), generator=g).expand(candidates, history)
    h_categories = torch.randint(1, categories + 1, (1, history), generator=g).expand(candidates, history)
    item = torch.randint(1, items + 1, (candidates,), generator=g)
    category = torch.randint(1, categories + 1, (candidates,), generator=g)
    mask = torch.ones(candidates, history)
    times = []
    with torch.no_grad():
        for _ in range(max(200, a.calls // 10)):
            model(user, item, category, h_items, h_categories, mask)
        for _ in range(a.calls):
            t = time.perf_counter_ns()
            torch.sigmoid(model(user, item, category, h_items, h_categories, mask))
            times.append((time.perf_counter_ns() - t) / 1e3)
    p50, p99 = (float(np.percentile(times, q)) for q in (50, 99))
    print(f"torch ctr-score, {a.threads} threads: p50 {p50:.1f} us, p99 {p99:.1f} us")
    write(a.json, {"threads": a.threads, "history": history, "candidates": candidates, "calls": a.calls,
                   "p50_us": p50, "p99_us": p99, "torch": torch.__version__})


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("part", choices=["train", "din", "score"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--steps", type=int, default=4, help="steps per repetition (din: 0 = whole epochs)")
    p.add_argument("--variants", default=None, help="train: dense,sparse; din: dense,sparse (embedding gradients)")
    p.add_argument("--samples", help="din/score: the samples exported by Activa.Bench ctr-din --export")
    p.add_argument("--act", default="dice", choices=["dice", "prelu"])
    p.add_argument("--calls", type=int, default=2000)
    p.add_argument("--json")
    a = p.parse_args()
    a.variants = a.variants or "dense,sparse"
    torch.set_num_threads(a.threads)
    {"train": train, "din": din, "score": score}[a.part](a)


if __name__ == "__main__":
    main()
