#!/usr/bin/env bash
# The KAN layer of issue 16: KanLayer 256->256 (B-spline basis, G=5, k=3, SiLU base branch) against Linear 256->256 +
# SiLU in Activa, and against the same two layers in PyTorch (the KAN layer written the efficient-kan way:
# bench/torch/bench_kan.py), batch 1024, forward and forward+backward, 1 and 2 threads, in the same run. PyTorch
# runs at its best (bench/torch-env.sh: OpenMP OpenBLAS with its fastest correct kernel family, glibc's allocator
# tuned); Activa runs its managed GEMM with a 128 MiB gen-0 budget. Prints a table with the CPU, the OpenBLAS core
# type and the load, and writes it to bench/results/kan-<date>.md.
#
#   bench/run-kan.sh [--threads 1,2]
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=1,2
[[ "${1:-}" == "--threads" ]] && THREADS="$2"
source bench/torch-env.sh
export BLAS_CORETYPE
mkdir -p bench/results
dotnet build -c Release bench/Activa.Bench >/dev/null
export LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
env DOTNET_GCgen0size=0x8000000 dotnet bench/Activa.Bench/bin/Release/net10.0/Activa.Bench.dll kan --threads "$THREADS" --json bench/results/kan-activa.json
"${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_kan.py --threads "$THREADS" --json bench/results/kan-torch.json >/dev/null
export LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - <<'PY'
import json, os, datetime
a = json.load(open("bench/results/kan-activa.json"))
t = {r["threads"]: r for r in json.load(open("bench/results/kan-torch.json"))["results"]}
torch_version = json.load(open("bench/results/kan-torch.json"))["torch"]
lines = [f"KAN layer {a['in']}→{a['out']} (B-spline G={a['grid']}, k={a['order']}, SiLU base branch) vs Linear {a['in']}→{a['out']} + SiLU, "
         f"batch {a['batch']}; ms per call, median of 9 repetitions after a 1 s warm-up. CPU: {a['cpu']}; Activa's managed GEMM; "
         f"PyTorch {torch_version} on OpenBLAS 0.3.21 (OpenMP build) core type {os.environ['BLAS_CORETYPE']}, glibc allocator tuned. "
         f"Load average (1/5/15 min) {os.environ['LOAD_BEFORE']} before, {os.environ['LOAD_AFTER']} after. "
         "fwd+bwd: input and parameter gradients.", "",
         "| threads | pass | Activa KAN | Activa Linear+SiLU | KAN / MLP (Activa) | PyTorch KAN | PyTorch Linear+SiLU | KAN / MLP (PyTorch) | Activa KAN vs PyTorch KAN |",
         "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
for r in a["results"]:
    q = t[r["threads"]]
    for key, name in (("fwd", "forward"), ("fwdbwd", "fwd+bwd")):
        ak, am, tk, tm = r[f"kan_{key}_ms"], r[f"mlp_{key}_ms"], q[f"kan_{key}_ms"], q[f"mlp_{key}_ms"]
        lines.append(f"| {r['threads']} | {name} | {ak:.3f} | {am:.3f} | {ak / am:.2f}× | {tk:.3f} | {tm:.3f} | {tk / tm:.2f}× | {tk / ak:.1f}× faster |")
lines += ["", "Where Activa's KAN layer goes (ms), and the GEMM floor: the layer's GEMMs timed alone at the same thread count.", "",
          "| threads | basis features fwd | backward: kan_features | backward: linear | KAN GEMMs alone fwd / fwd+bwd | MLP GEMMs alone fwd / fwd+bwd | GEMM-bound KAN / MLP (fwd+bwd) |",
          "|---:|---:|---:|---:|---:|---:|---:|"]
for r in a["results"]:
    n = r["kan_backward_nodes_ms"]
    lines.append(f"| {r['threads']} | {r['kan_features_fwd_ms']:.3f} | {n.get('kan_features', 0):.3f} | {n.get('linear', 0):.3f} "
                 f"| {r['kan_gemm_fwd_ms']:.3f} / {r['kan_gemm_all_ms']:.3f} | {r['mlp_gemm_fwd_ms']:.3f} / {r['mlp_gemm_all_ms']:.3f} "
                 f"| {r['kan_gemm_all_ms'] / r['mlp_gemm_all_ms']:.1f}× |")
lines += ["", "GEMM speed at the layer's shapes (Activa's managed kernel, GFLOP/s):", "",
          "| threads | GEMM | m×k×n | ms | GFLOP/s |", "|---:|---|---|---:|---:|"]
for r in a["results"]:
    for g in r["gemms"]:
        lines.append(f"| {r['threads']} | {g['name']} | {g['m']}×{g['k']}×{g['n']} | {g['ms']:.3f} | {g['gflops']:.0f} |")
S = a["grid"] + a["order"] + 1
kan_flops = 3 * 2 * a["batch"] * a["out"] * a["in"] * S
mlp_flops = 3 * 2 * a["batch"] * a["out"] * a["in"]
one = next((r for r in a["results"] if r["threads"] == 1), a["results"][0])
q1 = t[one["threads"]]
lines += ["", f"GEMM work per fwd+bwd: KAN {kan_flops / 1e9:.2f} GFLOP ({a['in']}·(G + k + 1) = {a['in'] * S} columns) against the MLP's "
          f"{mlp_flops / 1e9:.2f} GFLOP: {S}× the FLOPs, so at equal GEMM speed a dense KAN layer cannot come within 2× of the MLP layer "
          f"(the issue's first goal); the floor is the 'GEMM-bound KAN / MLP' column. Issue goals at {one['threads']} thread(s), fwd+bwd: "
          f"KAN ≤ 2× the MLP layer: {one['kan_fwdbwd_ms'] / one['mlp_fwdbwd_ms']:.1f}× (missed; GEMM-bound floor "
          f"{one['kan_gemm_all_ms'] / one['mlp_gemm_all_ms']:.1f}×); ≥ 5× faster than PyTorch's KAN: {q1['kan_fwdbwd_ms'] / one['kan_fwdbwd_ms']:.1f}× "
          f"({'met' if q1['kan_fwdbwd_ms'] / one['kan_fwdbwd_ms'] >= 5 else 'missed'}; the KAN GEMMs alone take {one['kan_gemm_all_ms']:.1f} ms here, "
          f"so no dense implementation can beat PyTorch's {q1['kan_fwdbwd_ms']:.1f} ms by more than {q1['kan_fwdbwd_ms'] / one['kan_gemm_all_ms']:.1f}×)."]
text = "\n".join(lines)
print("\n" + text)
out = f"bench/results/kan-{datetime.date.today()}.md"
open(out, "w").write("# KAN layer benchmark (bench/run-kan.sh)\n\n" + text + "\n")
print(f"\nwritten to {out}")
PY
