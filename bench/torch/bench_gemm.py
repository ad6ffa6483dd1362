#!/usr/bin/python3
"""PyTorch side of the `gemm` benchmark: float32 torch.mm GFLOP/s on the same shapes.

    /usr/bin/python3 bench/torch/bench_gemm.py --threads 1,2 [--json out.json]

Debian's torch 1.13 calls whatever libblas.so.3 it finds; run it through bench/run-gemm.sh, which
puts the OpenMP build of OpenBLAS first on LD_LIBRARY_PATH (the pthread build fights torch's own
OpenMP threads, and the reference BLAS is ~30x slower). The BLAS actually mapped is recorded.

Timing: warm-up (>= 3 calls and >= 0.2 s), then >= 5 repetitions that each loop the call for
>= 0.1 s; the figure is the median repetition.
"""
import argparse
import ctypes
import json
import math
import os
import statistics
import sys
import time

import torch

SHAPES = [(256, 784, 512), (1024, 1024, 1024), (64, 512, 512), (32, 64, 64)]  # m, k, n


def measure(fn, reps, min_rep_s, warmup_s=0.2):
    n, t0 = 0, time.perf_counter()
    while n < 3 or time.perf_counter() - t0 < warmup_s:
        fn()
        n += 1
    iters = max(1, math.ceil(min_rep_s / ((time.perf_counter() - t0) / n)))
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(iters):
            fn()
        times.append((time.perf_counter() - t) / iters)
    return statistics.median(times)


def openblas_core():
    """The kernel family the loaded OpenBLAS runs (OPENBLAS_CORETYPE or its own detection), or None."""
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return None


def blas_libs():
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "/" in line}
    return sorted(os.path.realpath(p) for p in paths if "blas" in p or "lapack" in p)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--json", default=None)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--min-rep-s", type=float, default=0.1)
    p.add_argument("--transb", action="store_true", help="multiply by a transposed (n x k) weight, like Linear")
    args = p.parse_args()

    torch.manual_seed(0)
    results = []
    for t in [int(x) for x in args.threads.split(",")]:
        torch.set_num_threads(t)
        for m, k, n in SHAPES:
            a = torch.rand(m, k) * 2 - 1
            b = (torch.rand(n, k) * 2 - 1).t() if args.transb else torch.rand(k, n) * 2 - 1
            out = torch.empty(m, n)
            sec = measure(lambda: torch.mm(a, b, out=out), max(5, args.reps), args.min_rep_s)
            gf = 2.0 * m * k * n / sec / 1e9
            results.append({"shape": f"{m}×{k}×{n}", "m": m, "k": k, "n": n, "threads": t, "torch_gflops": gf})
            print(f"  torch {m}x{k}x{n} t={t}: {gf:.1f} GFLOP/s", file=sys.stderr, flush=True)
    doc = {"benchmark": "gemm", "torch": torch.__version__, "blas_libs": blas_libs(), "openblas_core": openblas_core(),
           "openblas_coretype_env": os.environ.get("OPENBLAS_CORETYPE", "auto"),
           "ld_library_path": os.environ.get("LD_LIBRARY_PATH", ""), "transB": args.transb,
           "results": results}
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
