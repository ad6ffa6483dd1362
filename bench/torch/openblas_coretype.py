#!/usr/bin/python3
"""Finds the OpenBLAS kernel family (OPENBLAS_CORETYPE) that runs SGEMM fastest and correctly here.

OpenBLAS 0.3.21 (Debian 12) picks its kernels from the CPU it recognises. It does not know recent CPUs
(Intel Emerald Rapids gets the generic SSE3 "Prescott" kernel, ~5x slower than SkylakeX; AMD Zen 5 gets
an AVX2 kernel), so a comparison against it as detected can be a comparison against a handicapped
library. Each candidate runs in its own process (OpenBLAS reads the variable once, when it loads): a
one-thread torch.mm at 1024^3 for about a second (twice, in two rounds, keeping the best), plus a check of a small odd-shaped product against
float64, so a kernel that crashes (an ISA this CPU lacks) or computes wrongly is never chosen.

    /usr/bin/python3 bench/torch/openblas_coretype.py [--verbose] [--json out.json]

Prints the chosen core type ("auto" when auto-detection is within 10 % of the best: a forced type must
earn its place). Run it with the environment of the benchmark (bench/torch-env.sh does).
"""
import argparse
import json
import os
import subprocess
import sys

CANDIDATES = ["auto", "SkylakeX", "Cooperlake", "Haswell", "Zen"]
MARGIN = 0.9

CHILD = r"""
import ctypes, time, torch
torch.set_num_threads(1)
a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
for _ in range(3): torch.mm(a, b)
best = 0.0
for _ in range(5):
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < 0.2:
        torch.mm(a, b); n += 1
    best = max(best, 2 * 1024 ** 3 * n / (time.perf_counter() - t) / 1e9)
x, y = torch.randn(37, 53, dtype=torch.float64), torch.randn(53, 29, dtype=torch.float64)
ok = torch.allclose(torch.mm(x.float(), y.float()).double(), x @ y, rtol=1e-4, atol=1e-4)
lib = ctypes.CDLL("libopenblas.so.0")  # the library torch already mapped, so the name of the kernel it runs
lib.openblas_get_corename.restype = ctypes.c_char_p
print(best, int(ok), lib.openblas_get_corename().decode())
"""


def probe(core):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    if core != "auto":
        env["OPENBLAS_CORETYPE"] = core
    try:
        out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
        gflops, ok, name = out.stdout.split()
        return float(gflops), ok == "1", name
    except (subprocess.TimeoutExpired, ValueError):  # crashed (illegal instruction), hung or printed nothing
        return 0.0, False, "?"


def choose(results):
    good = {c: g for c, (g, ok, _) in results.items() if ok and g > 0}
    if not good:
        return "auto"
    best = max(good, key=good.get)
    return "auto" if good.get("auto", 0) >= MARGIN * good[best] else best


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--json", default=None)
    args = p.parse_args()
    # two rounds, best of each: one round alone is at the mercy of whatever else the machine did meanwhile
    results = {c: probe(c) for c in CANDIDATES}
    for c in CANDIDATES:
        again = probe(c)
        if again[1] and again[0] > results[c][0]:
            results[c] = again
    chosen = choose(results)
    if args.verbose:
        for c, (g, ok, name) in results.items():
            print(f"  {c:<11} {g:7.1f} GFLOP/s 1 thread  {'ok' if ok else 'failed or wrong'}  (runs {name})"
                  f"{'  <- chosen' if c == chosen else ''}", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"chosen": chosen, "gflops_1thread": {c: r[0] for c, r in results.items()},
                       "correct": {c: r[1] for c, r in results.items()},
                       "kernel": {c: r[2] for c, r in results.items()}}, f, indent=1)
    print(chosen)


if __name__ == "__main__":
    main()
