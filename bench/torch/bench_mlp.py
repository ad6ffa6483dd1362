"""PyTorch side of `bench/run-mlp.sh`: the 784-512-512-10 MLP of the training-stack issue.

Training: ReLU, Adam lr 1e-3, cross-entropy, batch 256, batches gathered from a shuffled order every step
(x[idx]), pixels / 255; after a 150-step warm-up on a throw-away model (as Activa's side), each epoch is timed and the median
samples/s over --epochs epochs is reported. Inference: eval mode under torch.inference_mode(), median
latency of forward passes at batch 1 and 256. Fashion-MNIST when installed, else random data.
"""
import argparse, gzip, json, os, statistics, time
import torch
import torch.nn.functional as F

def idx(path):
    import numpy as np
    with gzip.open(path) as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims).copy()

def load():
    d = "/usr/share/datasets/fashion-mnist"
    if os.path.exists(f"{d}/train-images-idx3-ubyte.gz"):
        x = torch.tensor(idx(f"{d}/train-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
        y = torch.tensor(idx(f"{d}/train-labels-idx1-ubyte.gz"), dtype=torch.long)
        xt = torch.tensor(idx(f"{d}/t10k-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
        return x, y, xt
    g = torch.Generator().manual_seed(0)
    return torch.rand(60000, 784, generator=g), torch.randint(0, 10, (60000,), generator=g), torch.rand(10000, 784, generator=g)

ACT = "relu"

def act():
    if ACT == "pau":
        from bench_learnable import PAU  # same folder: the composed-ops PAU(5,4) safe
        return PAU()
    return {"relu": torch.nn.ReLU, "gelu": torch.nn.GELU, "silu": torch.nn.SiLU}[ACT]()

def mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 512), act(), torch.nn.Linear(512, 512), act(), torch.nn.Linear(512, 10))

def epoch(model, opt, x, y, bs=256, max_steps=None):
    order = torch.randperm(len(y))
    for s, i in enumerate(range(0, len(y), bs)):
        if max_steps and s >= max_steps:
            break
        idx_ = order[i:i + bs]
        loss = F.cross_entropy(model(x[idx_]), y[idx_])
        opt.zero_grad()
        loss.backward()
        opt.step()

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--act", default="relu", choices=["relu", "gelu", "silu", "pau"])
    p.add_argument("--json")
    a = p.parse_args()
    global ACT
    ACT = a.act
    torch.set_num_threads(a.threads)
    x, y, xt = load()
    torch.manual_seed(1)
    w = mlp()
    epoch(w, torch.optim.Adam(w.parameters(), lr=1e-3), x, y, max_steps=150)
    torch.manual_seed(0)
    model = mlp()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    rates = []
    for _ in range(a.epochs):
        t = time.perf_counter()
        epoch(model, opt, x, y)
        rates.append(len(y) / (time.perf_counter() - t))
    model.eval()
    def latency(batch):
        xb = xt[:batch].contiguous()
        times = []
        with torch.inference_mode():
            for _ in range(50):
                model(xb)
            for _ in range(15):
                iters = 2000 if batch == 1 else 200 if batch <= 64 else 40
                t = time.perf_counter()
                for _ in range(iters):
                    model(xb)
                times.append((time.perf_counter() - t) / iters)
        return statistics.median(times)
    r = {"torch": torch.__version__, "threads": a.threads, "act": a.act, "train_samples_per_s": statistics.median(rates),
         "infer_batch1_us": latency(1) * 1e6, "infer_batch256_ms": latency(256) * 1e3,
         "infer_batch16_us": latency(16) * 1e6, "infer_batch64_us": latency(64) * 1e6}
    print(json.dumps(r))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(r, f)

if __name__ == "__main__":
    main()
