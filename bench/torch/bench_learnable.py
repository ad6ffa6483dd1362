"""PyTorch side of bench/run-learnable.sh: learnable activations written as composed torch ops (as a
PyTorch user would), training mode, 1024x1024 float32 input (Dice also 1024x512). fwd: no-grad forward;
fwdbwd: forward with x.requires_grad, then backward(ones) (input and parameter gradients). Median ms.
"""
import argparse, json
import torch
import torch.nn as nn
import torch.nn.functional as F

from timing import median_ms


class PAU(nn.Module):
    """Safe PAU (version B): P(x) / (1 + |b1 x + ... + b4 x^4|), Horner, degrees 5/4."""
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.tensor([0.03, 0.5, 0.4, 0.1, 0.01, 0.001]))
        self.b = nn.Parameter(torch.tensor([0.01, 0.3, 0.01, 0.02]))
    def forward(self, x):
        p = self.a[5]
        for c in reversed(self.a[:5]):
            p = p * x + c
        q = self.b[3]
        for c in reversed(self.b[:3]):
            q = q * x + c
        return p / (1 + (q * x).abs())


class APA(nn.Module):
    """(lambda e^(-kappa x) + 1)^(-1/lambda) in the stable softplus form; gated=True gives AGLU = x * APA."""
    def __init__(self, gated):
        super().__init__()
        self.gated = gated
        self.kappa = nn.Parameter(torch.tensor(1.0))
        self.log_lambda = nn.Parameter(torch.tensor(0.0))
    def forward(self, x):
        lam = self.log_lambda.exp()
        y = torch.exp(-F.softplus(self.log_lambda - self.kappa * x) / lam)
        return x * y if self.gated else y


class Dice(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.bn = nn.BatchNorm1d(n, eps=1e-8, affine=False)
        self.alpha = nn.Parameter(torch.zeros(n))
    def forward(self, x):
        p = torch.sigmoid(self.bn(x))
        return p * x + (1 - p) * self.alpha * x


class SwishBeta(nn.Module):
    def __init__(self):
        super().__init__()
        self.beta = nn.Parameter(torch.tensor(1.0))
    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)


class Builtin(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f
    def forward(self, x):
        return self.f(x)


CASES = [
    ("ref: relu", lambda: Builtin(torch.relu), (1024, 1024)),
    ("ref: silu", lambda: Builtin(F.silu), (1024, 1024)),
    ("PAU(5,4) safe", PAU, (1024, 1024)),
    ("APA", lambda: APA(False), (1024, 1024)),
    ("AGLU", lambda: APA(True), (1024, 1024)),
    ("Dice (512 features)", lambda: Dice(512), (1024, 512)),
    ("Dice (1024 features)", lambda: Dice(1024), (1024, 1024)),
    ("PReLU shared", lambda: nn.PReLU(), (1024, 1024)),
    ("PReLU per channel", lambda: nn.PReLU(1024), (1024, 1024)),
    ("Swish-β", SwishBeta, (1024, 1024)),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    results = []
    for name, make, shape in CASES:
        m = make().train()
        x = torch.randn(*shape)
        ones = torch.ones(*shape)
        def fwd():
            with torch.no_grad():
                m(x)
        def fwdbwd():
            xg = x.detach().requires_grad_(True)
            for q in m.parameters():
                q.grad = None
            m(xg).backward(ones)
        results.append({"name": name, "fwd_ms": median_ms(fwd, 0.3), "fwdbwd_ms": median_ms(fwdbwd, 0.3)})
        print(results[-1], flush=True)
    r = {"torch": torch.__version__, "threads": a.threads, "results": results}
    if a.json:
        json.dump(r, open(a.json, "w"))


if __name__ == "__main__":
    main()
