"""PyTorch side of bench/run-kan.sh: a KAN layer 256->256 (B-spline, G=5, k=3, SiLU base branch) written the
efficient-kan way as a PyTorch user would (the B-spline basis of every input by the Cox-de Boor recursion in torch
ops, then one F.linear of the flattened basis plus F.linear(silu(x), base_weight)), and Linear 256->256 + SiLU,
batch 1024. fwd: no-grad forward; fwdbwd: forward with x.requires_grad, then backward(ones) (input and parameter
gradients). Median ms per call.
"""
import argparse, json
import torch
import torch.nn as nn
import torch.nn.functional as F

from timing import median_ms


class KanLayer(nn.Module):
    """y = silu(x)·W_bᵀ + B(x)·W_sᵀ + b, B(x) [rows, in·(G+k)] the B-splines of order k on each input's knots
    (G intervals over [lo, hi], extended by k knots on each side; inputs clamped to [lo, hi] as Activa does)."""

    def __init__(self, n_in, n_out, grid=5, order=3, lo=-1.0, hi=1.0):
        super().__init__()
        self.n_in, self.n_out, self.order = n_in, n_out, order
        h = (hi - lo) / grid
        knots = lo + h * torch.arange(-order, grid + order + 1, dtype=torch.float32)
        self.register_buffer("knots", knots.expand(n_in, -1).contiguous())  # [in, G + 2k + 1]
        self.lo, self.hi = lo, hi
        self.base_weight = nn.Parameter(torch.empty(n_out, n_in).uniform_(-1, 1) / n_in ** 0.5)
        size = grid + order
        self.spline_weight = nn.Parameter(torch.empty(n_out, n_in * size).uniform_(-1, 1) / (n_in * size) ** 0.5)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def basis(self, x):
        # Degree 0: the indicator of each knot interval; then raise the degree one step at a time (Cox-de Boor).
        t = self.knots
        x = x.clamp(self.lo, self.hi * (1 - 1e-7)).unsqueeze(-1)  # [rows, in, 1]; hi moved into the last interval
        b = ((x >= t[:, :-1]) & (x < t[:, 1:])).to(x.dtype)
        for j in range(1, self.order + 1):
            b = (x - t[:, : -(j + 1)]) / (t[:, j:-1] - t[:, : -(j + 1)]) * b[..., :-1] \
                + (t[:, j + 1:] - x) / (t[:, j + 1:] - t[:, 1:-j]) * b[..., 1:]
        return b  # [rows, in, G + k]

    def forward(self, x):
        y = F.linear(F.silu(x), self.base_weight, self.bias)
        return y + F.linear(self.basis(x).reshape(x.shape[0], -1), self.spline_weight)


def measure(m, x, ones):
    m.train()

    def fwd():
        with torch.no_grad():
            m(x)

    def fwdbwd():
        xg = x.detach().requires_grad_(True)
        for q in m.parameters():
            q.grad = None
        m(xg).backward(ones)

    return median_ms(fwd), median_ms(fwdbwd)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", default="1,2")
    p.add_argument("--json")
    a = p.parse_args()
    torch.manual_seed(7)
    results = []
    for t in [int(s) for s in a.threads.split(",")]:
        torch.set_num_threads(t)
        x = torch.randn(1024, 256) * 0.6
        ones = torch.ones(1024, 256)
        kan = KanLayer(256, 256)
        mlp = nn.Sequential(nn.Linear(256, 256), nn.SiLU())
        kf, kfb = measure(kan, x, ones)
        mf, mfb = measure(mlp, x, ones)
        results.append({"threads": t, "kan_fwd_ms": kf, "kan_fwdbwd_ms": kfb, "mlp_fwd_ms": mf, "mlp_fwdbwd_ms": mfb})
        print(results[-1], flush=True)
    r = {"torch": torch.__version__, "results": results}
    if a.json:
        json.dump(r, open(a.json, "w"))


if __name__ == "__main__":
    main()
