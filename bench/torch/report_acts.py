#!/usr/bin/python3
"""Merges the two halves of the `acts` benchmark into one table and writes the activation section of
docs/benchmarks.md (between <!-- acts:begin --> and <!-- acts:end -->; the file is created if missing and
only that section is replaced on reruns). Run by bench/run-acts.sh; needs no torch.

    /usr/bin/python3 bench/torch/report_acts.py bench/results/acts.json bench/results/acts_torch.json \
        [--doc docs/benchmarks.md] [--command "bench/run-acts.sh ..."] [--quick]

Columns, per activation, size n and thread count (ns/element, medians):
  fwd / fwd+bwd        Activa and PyTorch; PyTorch's forward writes into a preallocated out= where the op has one
                       (marked * where it has none and allocates);
  speed-up             PyTorch time / Activa time (> 1: Activa is faster);
  fwd floor            Activa forward / copy (both move 8 B/element); ✓ when <= 1.5;
  f+b floor            Activa fwd+bwd / (2.5 x copy), i.e. against 20 B/element at copy bandwidth; ✓ when <= 1.5.
"""
import argparse
import json
import math
import os
import platform
import sys
import time

BEGIN, END = "<!-- acts:begin -->", "<!-- acts:end -->"
HEADER = """# Benchmarks

Speed figures of Activa against PyTorch on the same machine, in the same run, produced by the scripts in
`bench/` (method: [bench/README.md](../bench/README.md)). Sections between markers are rewritten by their
scripts; edit the text outside them only.
"""


def fmt(v, d=3):
    return "—" if v is None else f"{v:.{d}f}"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def build(activa, torch_doc, command, quick):
    trows = {(r["name"], r["n"], r["threads"]): r for r in torch_doc.get("results", []) if "error" not in r}
    terrors = [r for r in torch_doc.get("results", []) if "error" in r]
    tcopy = {(c["n"], c["threads"]): c for c in torch_doc.get("copy", [])}
    acopy = {(c["n"], c["threads"]): c for c in activa.get("copy", [])}
    groups = []
    for r in activa["results"]:
        key = (r["n"], r["threads"])
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(r)

    L = []
    L.append("## Activation kernels")
    L.append("")
    if quick:
        L.append("**Smoke test (`--quick`): tiny size, short repetitions — not for reporting.**")
        L.append("")
    L.append(f"Command: `{command}` — {activa.get('started', '?')}, {cpu_model()}, {activa.get('cpu_count', '?')} "
             f"logical CPUs. Activa: {activa.get('runtime', '.NET')}, {activa.get('vector', '?')} kernels. "
             f"PyTorch {torch_doc.get('torch', '?')} ({torch_doc.get('cpu_capability', '?')} kernels"
             f"{', ATEN_CPU_CAPABILITY=' + torch_doc['aten_cpu_capability_env'] if torch_doc.get('aten_cpu_capability_env') else ''}"
             f"; malloc: {' '.join(f'{k}={v}' for k, v in sorted(torch_doc.get('malloc_env', {}).items())) or 'glibc defaults'}).")
    L.append("")
    L.append("ns/element, median of ≥ 5 repetitions of ≥ "
             f"{activa.get('min_rep_s', '?')} s each after warm-up; x ~ N(0, 1) float32. *fwd*: y = f(x) into a "
             "preallocated y (PyTorch: the op's `out=` variant, or `*` = none exists and it allocates). *fwd+bwd*: "
             "Activa runs the forward then the fused backward gIn = gOut·f′ on preallocated buffers; PyTorch "
             "`y = f(x); y.backward(g)` with autograd. *speed-up* = PyTorch time / Activa time. *vs floor*: Activa "
             "forward over the copy time (8 B/element each), and fwd+bwd over 2.5 copies (20 B/element at copy "
             "bandwidth); ✓ = within 1.5×. *copy* = the faster of an elementwise identity map and memmove, "
             "preallocated.")
    L.append("")
    summary = []
    for (n, t), rows in groups:
        ac = acopy.get((n, t), {})
        tc = tcopy.get((n, t), {})
        mib = n * 4 / 2**20
        L.append(f"### n = {n:,} ({mib:g} MiB per tensor), {t} thread{'s' if t != 1 else ''}")
        L.append("")
        L.append(f"Copy: Activa {fmt(ac.get('floor_ns_el'), 4)} ns/el ({fmt(ac.get('gbps'), 1)} GB/s), "
                 f"PyTorch `copy_` {fmt(tc.get('copy_ns_el'), 4)} ns/el.")
        L.append("")
        L.append("| activation | fwd Activa | fwd PyTorch | speed-up | fwd+bwd Activa | fwd+bwd PyTorch | speed-up "
                 "| fwd vs floor | fwd+bwd vs floor |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        sf, sb, ok_f, ok_b = [], [], 0, 0
        for r in rows:
            tr = trows.get((r["spec"], n, t))
            tf = tr and tr["fwd_ns_el"]
            tb = tr and tr["fwdbwd_ns_el"]
            star = "*" if tr and tr.get("fwd_mode") == "alloc" else ""
            uf = tf / r["fwd_ns_el"] if tf else None
            ub = tb / r["fwdbwd_ns_el"] if tb else None
            if uf:
                sf.append(uf)
            if ub:
                sb.append(ub)
            ff, fb = r["fwd_vs_copy"], r["fwdbwd_vs_traffic"]
            ok_f += ff <= 1.5
            ok_b += fb <= 1.5
            L.append(f"| {r['spec']} | {fmt(r['fwd_ns_el'])} | {fmt(tf)}{star} | {fmt(uf, 2)}"
                     f" | {fmt(r['fwdbwd_ns_el'])} | {fmt(tb)} | {fmt(ub, 2)}"
                     f" | {ff:.2f}{' ✓' if ff <= 1.5 else ''} | {fb:.2f}{' ✓' if fb <= 1.5 else ''} |")
        L.append("")
        gf, gb = geomean(sf), geomean(sb)
        L.append(f"Geometric-mean speed-up over {len(sf)} activations PyTorch has: forward {fmt(gf, 2)}×, "
                 f"forward+backward {fmt(gb, 2)}×. Within 1.5× of the floor: forward {ok_f}/{len(rows)}, "
                 f"forward+backward {ok_b}/{len(rows)}.")
        L.append("")
        summary.append((n, t, gf, gb, ok_f, ok_b, len(rows)))
    skipped = torch_doc.get("skipped", [])
    if skipped or terrors:
        notes = [f"{s['name']} ({s['why']})" for s in skipped] + [f"{e['name']} (failed: {e['error']})" for e in terrors]
        L.append("Not timed on the PyTorch side: " + "; ".join(sorted(set(notes))) + ".")
        L.append("")
    return L, summary


def write_doc(path, lines):
    section = BEGIN + "\n" + "\n".join(lines).rstrip() + "\n" + END + "\n"
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            tail = rest.split(END, 1)[1].lstrip("\n")
            text = head + section + ("\n" + tail if tail else "")
        else:
            text = text.rstrip() + "\n\n" + section
    else:
        text = HEADER + "\n" + section
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("activa")
    p.add_argument("torch")
    p.add_argument("--doc", default="docs/benchmarks.md")
    p.add_argument("--command", default="bench/run-acts.sh")
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    with open(a.activa) as f:
        activa = json.load(f)
    with open(a.torch) as f:
        torch_doc = json.load(f)
    lines, summary = build(activa, torch_doc, a.command, a.quick)
    print("\n".join(lines))
    write_doc(a.doc, lines)
    print(f"[run-acts] wrote the activation section of {a.doc} ({time.strftime('%H:%M:%S')})", file=sys.stderr)


if __name__ == "__main__":
    main()
