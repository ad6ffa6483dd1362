"""PyTorch reference for the Fashion-MNIST acceptance recipe of `activa train`.

MLP 784-512-512-10, ReLU, Adam lr 1e-3, batch 256, 10 epochs, cross-entropy, pixels / 255, trained on the
60,000 training images (no validation hold-out), test accuracy on the 10,000 test images.
Run: bench/run-accuracy.sh (or /usr/bin/python3 bench/torch/train_fashion_mnist.py [--seeds 3] [--standardize])
"""
import argparse, gzip, time
import numpy as np
import torch

def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--val-fraction", type=float, default=0.0)
    p.add_argument("--standardize", action="store_true", help="(x - mean) / std with the training set's scalar mean and std, as activa train does")
    a = p.parse_args()
    torch.set_num_threads(2)
    x = torch.tensor(idx(f"{a.dir}/train-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    y = torch.tensor(idx(f"{a.dir}/train-labels-idx1-ubyte.gz"), dtype=torch.long)
    xt = torch.tensor(idx(f"{a.dir}/t10k-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
    yt = torch.tensor(idx(f"{a.dir}/t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
    if a.standardize:
        mean, std = x.mean(), x.std(unbiased=False)
        x, xt = (x - mean) / std, (xt - mean) / std
    if a.val_fraction > 0:
        keep = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))[int(len(y) * a.val_fraction):]
        x, y = x[keep], y[keep]
    accs = []
    for seed in range(a.seeds):
        torch.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        start = time.time()
        for epoch in range(a.epochs):
            perm = torch.randperm(len(y))
            for i in range(0, len(y), 256):
                idx_ = perm[i:i + 256]
                opt.zero_grad()
                torch.nn.functional.cross_entropy(model(x[idx_]), y[idx_]).backward()
                opt.step()
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        accs.append(acc)
        print(f"seed {seed}: test accuracy {acc * 100:.2f} % ({time.time() - start:.1f} s)", flush=True)
    print(f"mean {np.mean(accs) * 100:.2f} % ± {np.std(accs) * 100:.2f} over {a.seeds} seeds")

if __name__ == "__main__":
    main()
