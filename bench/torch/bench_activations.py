#!/usr/bin/python3
"""PyTorch side of the `acts` benchmark: the catalogue's activations in torch, ns/element.

    /usr/bin/python3 bench/torch/bench_activations.py [--list bench/results/acts_list.json]
        [--sizes 65536,16777216] [--threads 1,2] [--json bench/results/acts_torch.json]

The list (name -> PyTorch expression in x, F = torch.nn.functional, torch) is written by the Activa side
(`dotnet run -c Release --project bench/Activa.Bench -- acts`), so both sides time the same activations.
Run it through bench/run-acts.sh, which sets glibc's allocator up as in ../shared/bench (no mmap/munmap and
page-fault churn for the big tensors autograd allocates) and AVX-512 kernels where the CPU has them.

Per activation, size and thread count (x ~ N(0, 1), float32, contiguous):
  fwd    : y = f(x) into a preallocated output through the op's out= variant when torch has one
           (found by trying torch._C._nn.NAME / torch.NAME / torch.special.NAME with out=, checked against
           f(x)); otherwise plain f(x) under no_grad (fwd_mode says which);
  fwdbwd : x.grad = None; y = f(x); y.backward(g) with autograd, g = ones preallocated;
  copy   : o.copy_(x) into a preallocated o, the memory floor (8 B/element).
Timing: warm-up (>= 3 calls and >= --warmup-s), which sizes a repetition to last >= --min-rep-s, then
>= 5 repetitions; the figure is the median repetition.
"""
import argparse
import gc
import json
import math
import os
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805

# out= forms of expressions whose ATen kernel has another name or is reached through another op.
OUT_OVERRIDES = {
    "F.relu(x)": "torch.clamp_min(x, 0.0, out=o)",
    "torch.relu(x)": "torch.clamp_min(x, 0.0, out=o)",
    "F.relu6(x)": "torch._C._nn.hardtanh(x, 0.0, 6.0, out=o)",
    "F.selu(x)": f"torch._C._nn.elu(x, {SELU_ALPHA!r}, {SELU_SCALE!r}, 1.0, out=o)",
    "torch.selu(x)": f"torch._C._nn.elu(x, {SELU_ALPHA!r}, {SELU_SCALE!r}, 1.0, out=o)",
    "F.celu(x)": "torch._C._nn.elu(x, 1.0, 1.0, 1.0, out=o)",
    "F.logsigmoid(x)": "torch._C._nn.log_sigmoid(x, out=o)",
}

CALL = re.compile(r"^(F|torch|torch\.special|torch\.nn\.functional)\.(\w+)\(\s*x\s*(,.*)?\)$", re.S)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def median_seconds(fn, reps, min_rep_s, warmup_s):
    """Median seconds per call of fn over `reps` repetitions, after a warm-up that sizes them."""
    gc.collect()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        spent = time.perf_counter() - start
        if calls >= 3 and spent >= warmup_s:
            break
    per_rep = max(1, math.ceil(min_rep_s / (spent / calls)))
    samples = []
    gc.disable()
    try:
        for _ in range(max(5, reps)):
            t0 = time.perf_counter()
            for _ in range(per_rep):
                fn()
            samples.append((time.perf_counter() - t0) / per_rep)
    finally:
        gc.enable()
    return statistics.median(samples)


def compile_expr(expr, out=False):
    env = {"F": F, "torch": torch, "math": math}
    return eval(("lambda x, o: " if out else "lambda x: ") + expr, env)  # expressions come from our own catalogue


def out_candidates(expr):
    expr = expr.strip()
    if expr in OUT_OVERRIDES:
        yield OUT_OVERRIDES[expr]
    m = CALL.match(expr)
    if not m:
        return
    name, rest = m.group(2), (m.group(3) or "")
    for ns in ("torch._C._nn", "torch", "torch.special"):
        yield f"{ns}.{name}(x{rest}, out=o)"


def find_out_variant(expr, f, x):
    """An out= call of the same computation as f, checked on x; (callable, text) or (None, None)."""
    with torch.no_grad():
        ref = f(x)
        o = torch.empty_like(x)
        for text in out_candidates(expr):
            try:
                fo = compile_expr(text, out=True)
                o.fill_(float("nan"))
                fo(x, o)
            except (TypeError, RuntimeError, AttributeError, NameError, ValueError):
                continue
            if torch.allclose(o, ref, rtol=1e-5, atol=1e-6, equal_nan=True):
                return fo, text
    return None, None


def cpu_capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "?"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--list", default="bench/results/acts_list.json")
    p.add_argument("--sizes", default="65536,16777216")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--json", default="bench/results/acts_torch.json")
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--min-rep-s", type=float, default=0.1)
    p.add_argument("--warmup-s", type=float, default=0.2)
    args = p.parse_args()

    with open(args.list) as fh:
        listed = json.load(fh)
    acts, skipped = [], []
    for name, expr in listed.items():
        if not expr:
            skipped.append({"name": name, "why": "no PyTorch expression"})
        elif expr.strip() == "x":
            skipped.append({"name": name, "why": "identity: nothing for torch to compute"})
        else:
            try:
                acts.append((name, expr, compile_expr(expr)))
            except SyntaxError as e:
                skipped.append({"name": name, "why": f"expression does not parse: {e}"})
    for s in skipped:
        log(f"  skip {s['name']}: {s['why']}")

    torch.manual_seed(0)
    default_threads = torch.get_num_threads()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    threads = [int(t) for t in args.threads.split(",") if t]
    results, copies = [], []
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    for n in sizes:
        x = torch.randn(n)
        xg = x.clone().requires_grad_(True)
        g = torch.ones(n)
        o = torch.empty(n)
        variants = {}
        for name, expr, f in acts:
            try:
                variants[name] = find_out_variant(expr, f, x)
            except Exception as e:  # noqa: BLE001 - an expression torch cannot evaluate is reported, not fatal
                variants[name] = (None, None)
                log(f"  {name}: {expr} fails: {e}")
        for t in threads:
            torch.set_num_threads(t)
            tc = median_seconds(lambda: o.copy_(x), args.reps, args.min_rep_s, args.warmup_s)
            copies.append({"n": n, "threads": t, "copy_ns_el": tc / n * 1e9, "gbps": 8 * n / tc / 1e9})
            log(f"  n={n:>9} t={t} copy {tc / n * 1e9:.4f} ns/el")
            for name, expr, f in acts:
                fo, out_text = variants[name]
                try:
                    if fo is not None:
                        fwd = median_seconds(lambda: fo(x, o), args.reps, args.min_rep_s, args.warmup_s)
                    else:
                        def plain():
                            with torch.no_grad():
                                f(x)
                        fwd = median_seconds(plain, args.reps, args.min_rep_s, args.warmup_s)

                    def fwdbwd():
                        xg.grad = None
                        f(xg).backward(g)
                    fb = median_seconds(fwdbwd, args.reps, args.min_rep_s, args.warmup_s)
                except Exception as e:  # noqa: BLE001
                    log(f"  n={n:>9} t={t} {name}: failed: {e}")
                    results.append({"name": name, "torch": expr, "n": n, "threads": t, "error": str(e)})
                    continue
                row = {"name": name, "torch": expr, "n": n, "threads": t,
                       "fwd_ns_el": fwd / n * 1e9, "fwd_mode": "out" if fo is not None else "alloc",
                       "out_call": out_text, "fwdbwd_ns_el": fb / n * 1e9}
                results.append(row)
                log(f"  n={n:>9} t={t} {name:<22} fwd {row['fwd_ns_el']:8.4f} ({row['fwd_mode']:<5}) "
                    f"fwd+bwd {row['fwdbwd_ns_el']:8.4f} ns/el")
        del x, xg, g, o

    doc = {
        "benchmark": "acts",
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "cpu_capability": cpu_capability(),
        "default_num_threads": default_threads,
        "aten_cpu_capability_env": os.environ.get("ATEN_CPU_CAPABILITY", ""),
        "malloc_env": {k: v for k, v in os.environ.items() if k.startswith("MALLOC_")},
        "reps": max(5, args.reps), "min_rep_s": args.min_rep_s,
        "started": started, "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
        "loadavg_end": os.getloadavg(),
        "skipped": skipped, "copy": copies, "results": results,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as fh:
        json.dump(doc, fh, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
