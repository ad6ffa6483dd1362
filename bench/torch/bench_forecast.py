"""PyTorch side of `bench/run-forecast.sh`: TPGN and the GRU baseline at L = 96, H = 336, as Activa builds them.

The models are Activa's (src/Activa/Models/Forecasting/{Tpgn,GruForecast}.cs, src/Activa/Nn/{PgnLayer,
CausalWindowLinear,GatedFusion,Gru,RevIn}.cs) written with PyTorch's own layers: channel-independent ([B, L, C] ->
[B*C, L]), RevIN without the affine part (the CLI's default), TPGN with P = 24, d = 32, the PGN's HIE as the paper's
code does it (pad w zeros, Conv1d of kernel w, drop the last output), the GRU as nn.GRU(1, 64) and a linear head on
its last state. Parameter counts are printed and asserted equal to Activa's; with --check-dir (the files Activa's
`forecast --export DIR` writes) each model loads Activa's weights and must reproduce Activa's output on the same 32
test windows, so the two sides compute the same function.

Data: the standardised synthetic series Activa trained on (DIR/forecast-series.f32, same splits), else random normal
values of the same shape (speed does not depend on the values). Training: shuffled batches of 32 gathered every
step, MSE, Adam lr 1e-3, loss.item() every step (as Activa's trainer); --warmup untimed steps then --steps timed.
Inference: eval mode under torch.inference_mode(), p50 and p99 of --calls single forward calls at batch 32 and 1.
"""
import argparse, json, math, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

L, H, BATCH = 96, 336, 32


class RevIn(nn.Module):
    """Per window and channel: (x - mean) / sqrt(var + eps), statistics detached; the inverse on the output."""

    def __init__(self, eps=1e-5):
        super().__init__()
        self.eps = eps

    def normalize(self, x):
        with torch.no_grad():
            mean = x.mean(1, keepdim=True)
            std = torch.sqrt(x.var(1, keepdim=True, unbiased=False) + self.eps)
        return (x - mean) / std, (mean, std)

    @staticmethod
    def denormalize(y, stats):
        mean, std = stats
        return y * std + mean


class PgnLayer(nn.Module):
    """HIE (causal window over all previous steps) + gate Linear(in + d -> 2d) + gated fusion."""

    def __init__(self, inf, d, steps):
        super().__init__()
        self.w = max(1, steps - 1)
        self.hie = nn.Conv1d(inf, d, self.w)
        self.gate = nn.Linear(inf + d, 2 * d)

    def forward(self, x):                                   # [N, T, in]
        h = self.hie(F.pad(x.transpose(1, 2), (self.w, 0)))[:, :, :-1].transpose(1, 2)   # [N, T, d]
        g, c = self.gate(torch.cat([x, h], 2)).chunk(2, 2)
        gate = torch.sigmoid(g)
        return gate * h + (1 - gate) * torch.tanh(c)


def to_series(x):                                           # [B, L, C] -> [B*C, L]
    b, l, c = x.shape
    return x.permute(0, 2, 1).reshape(b * c, l)


def from_series(y, c):                                      # [B*C, H] -> [B, H, C]
    return y.reshape(-1, c, y.shape[1]).permute(0, 2, 1)


class Tpgn(nn.Module):
    def __init__(self, channels, d=32, period=24):
        super().__init__()
        self.c, self.d, self.p = channels, d, period
        self.rows = math.ceil(L / period)
        self.out_rows = math.ceil(H / period)
        assert self.rows * period == L, "this script covers L a multiple of P (no front padding)"
        self.revin = RevIn()
        self.long_pgn = PgnLayer(1, d, self.rows)
        self.long_aggregate = nn.Linear(self.rows * d, d)
        self.short_row = nn.Linear(period, d)
        self.short_col = nn.Linear(self.rows * d, d)
        self.head = nn.Linear(2 * d, self.out_rows)

    def forward(self, x):
        x, stats = self.revin.normalize(x)
        s = to_series(x)
        n, p, r, d = s.shape[0], self.p, self.rows, self.d
        grid = s.reshape(n, r, p)                                          # row = period, column = phase
        long_h = self.long_pgn(grid.transpose(1, 2).reshape(n * p, r, 1))  # [N*P, R, d]
        long_f = self.long_aggregate(long_h.reshape(n * p, r * d)).reshape(n, p, d)
        short_f = self.short_col(self.short_row(grid).reshape(n, r * d))   # [N, d]
        both = torch.cat([long_f, short_f.unsqueeze(1).expand(n, p, d)], 2)
        y = self.head(both)                                                # [N, P, R_out]
        steps = y.transpose(1, 2).reshape(n, self.out_rows * p)[:, :H]
        return self.revin.denormalize(from_series(steps, self.c), stats)


class GruForecast(nn.Module):
    def __init__(self, channels, hidden=64):
        super().__init__()
        self.c = channels
        self.revin = RevIn()
        self.gru = nn.GRU(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, H)

    def forward(self, x):
        x, stats = self.revin.normalize(x)
        s = to_series(x)
        _, last = self.gru(s.unsqueeze(2))                                 # h_T: [1, N, hidden]
        return self.revin.denormalize(from_series(self.head(last[0]), self.c), stats)


def build(name, channels):
    return {"tpgn": Tpgn, "gru": GruForecast}[name](channels)


def activa_name(name):
    """Activa's parameter names for the torch ones (they are the same except nn.GRU's _l0 suffix)."""
    return name.replace("_l0", "")


def check(name, model, path):
    """Load Activa's weights into the model and compare its output with Activa's on the same windows."""
    with open(path) as f:
        ref = json.load(f)
    weights = ref["weights"]
    own = dict(model.named_parameters())
    assert sorted(activa_name(k) for k in own) == sorted(weights), f"{name}: parameter names differ: {sorted(own)} vs {sorted(weights)}"
    with torch.no_grad():
        for k, p in own.items():
            w = weights[activa_name(k)]
            t = torch.tensor(w["data"], dtype=torch.float32).reshape(w["shape"])
            if k.endswith("hie.weight"):
                t = t.flip(-1)   # Activa's [o, i, lag - 1] (lag 1 first); Conv1d's taps run oldest first
            assert tuple(t.shape) == tuple(p.shape), f"{name}: {k} is {tuple(p.shape)} here, {tuple(t.shape)} in Activa"
            p.copy_(t)
    x = torch.tensor(ref["input"]["data"], dtype=torch.float32).reshape(ref["input"]["shape"])
    want = torch.tensor(ref["output"]["data"], dtype=torch.float32).reshape(ref["output"]["shape"])
    model.eval()
    with torch.inference_mode():
        got = model(x)
    err = (got - want).abs().max().item()
    scale = want.abs().max().item()
    assert err <= 1e-4 * max(1.0, scale), f"{name}: output differs from Activa's by {err:.3g} (max |y| {scale:.3g})"
    return err


def load_series(check_dir, channels=4):
    meta_path = os.path.join(check_dir or "", "forecast-series.json")
    if check_dir and os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        values = np.fromfile(os.path.join(check_dir, "forecast-series.f32"), dtype="<f4").reshape(meta["steps"], meta["channels"])
        s = torch.from_numpy(values.copy())
        return s, meta["train"], meta["test"], f"{meta['name']} {meta['steps']}x{meta['channels']} (Activa's standardised values)"
    steps = 8000
    g = torch.Generator().manual_seed(0)
    s = torch.randn(steps, channels, generator=g)
    train_end = int(steps * 0.7)
    test_start = steps - int(steps * 0.2) - L
    return s, [0, train_end], [test_start, steps], f"random normal {steps}x{channels}"


def windows(series, rng):
    start, end = rng
    count = end - start - L - H + 1
    w = series[start:end].unfold(0, L + H, 1)                   # [count, C, L + H]
    return w.permute(0, 2, 1).contiguous(), count              # [count, L + H, C]


def train_rate(model, train, warmup, steps):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    count = train.shape[0]

    def batches():
        while True:
            order = torch.randperm(count)
            for i in range(0, count, BATCH):
                yield order[i:i + BATCH]

    it = batches()

    def step():
        w = train[next(it)]
        loss = F.mse_loss(model(w[:, :L]), w[:, L:])
        value = loss.item()
        assert math.isfinite(value), f"loss became {value}"
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    return steps / (time.perf_counter() - t)


def latency(model, test, batch, calls):
    x = test[:batch, :L].contiguous()
    model.eval()
    times = []
    with torch.inference_mode():
        for _ in range(max(20, calls // 10)):
            model(x)
        for _ in range(calls):
            t = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t) * 1e6)
    model.train()
    return float(np.percentile(times, 50)), float(np.percentile(times, 99))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", default="1,2")
    p.add_argument("--models", default="tpgn,gru")
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--calls", type=int, default=500)
    p.add_argument("--check-dir", help="the folder of Activa's `forecast --export DIR` files")
    p.add_argument("--json")
    a = p.parse_args()
    series, train_rows, test_rows, data = load_series(a.check_dir)
    channels = series.shape[1]
    train, train_count = windows(series, train_rows)
    test, _ = windows(series, test_rows)
    steps_per_epoch = math.ceil(train_count / BATCH)
    results = []
    for name in a.models.split(","):
        torch.manual_seed(0)
        params = sum(q.numel() for q in build(name, channels).parameters())
        check_err = None
        if a.check_dir:
            ref_path = os.path.join(a.check_dir, f"forecast-check-{name}.json")
            with open(ref_path) as f:
                activa_params = json.load(f)["params"]
            print(f"{name}: {params:,} parameters in PyTorch, {activa_params:,} in Activa")
            assert params == activa_params, f"{name}: PyTorch has {params} parameters, Activa {activa_params}"
            check_err = check(name, build(name, channels), ref_path)
            print(f"{name}: output on Activa's weights matches Activa's (max abs difference {check_err:.2e})")
        for threads in (int(t) for t in a.threads.split(",")):
            torch.set_num_threads(threads)
            torch.manual_seed(0)
            model = build(name, channels)
            rate = train_rate(model, train, a.warmup, a.steps)
            b32 = latency(model, test, BATCH, a.calls)
            b1 = latency(model, test, 1, a.calls)
            print(f"torch {name} ({params:,} parameters), {threads} thread(s): train {rate:.1f} steps/s (epoch of {steps_per_epoch} steps "
                  f"{steps_per_epoch / rate:.2f} s); inference batch 32 p50 {b32[0]:.0f} us p99 {b32[1]:.0f} us, 1 window p50 {b1[0]:.0f} us p99 {b1[1]:.0f} us")
            results.append({"model": name, "threads": threads, "params": params, "train_steps_per_s": rate,
                            "infer_b32_p50_us": b32[0], "infer_b32_p99_us": b32[1], "infer_b1_p50_us": b1[0], "infer_b1_p99_us": b1[1],
                            "check_max_abs_diff": check_err})
    r = {"side": "torch", "torch": torch.__version__, "data": data, "steps_per_epoch": steps_per_epoch, "train_windows": train_count,
         "steps": a.steps, "warmup": a.warmup, "calls": a.calls, "results": results}
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump(r, f)


if __name__ == "__main__":
    main()
