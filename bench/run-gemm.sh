#!/usr/bin/env bash
# Runs the `gemm` benchmark on both sides and prints one table:
#   Activa managed vs OpenBLAS (same process, same API) and vs PyTorch (torch.mm).
#
#   bench/run-gemm.sh [--threads 1,2] [--transb]
#
# PyTorch (Debian python3-torch 1.13) uses whatever libblas.so.3 it finds. For a fair figure it gets the
# OpenMP build of OpenBLAS (the pthread build fights torch's OpenMP threads) with glibc's allocator tuned,
# and both OpenBLAS instances (torch's and the one Activa loads, libopenblas0-pthread) run the fastest
# correct kernel family that bench/torch-env.sh probes (OPENBLAS_CORETYPE). Results land in bench/results/
# (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=1,2
EXTRA=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --transb) EXTRA+=(--transb); shift ;;
    *) echo "usage: bench/run-gemm.sh [--threads 1,2] [--transb]" >&2; exit 2 ;;
  esac
done

source bench/torch-env.sh
mkdir -p bench/results

dotnet build -c Release bench/Activa.Bench >/dev/null
"${ACTIVA_BLAS_ENV[@]}" dotnet bench/Activa.Bench/bin/Release/net10.0/Activa.Bench.dll gemm --threads "$THREADS" "${EXTRA[@]}" \
  --json bench/results/gemm-activa.json

"${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_gemm.py --threads "$THREADS" "${EXTRA[@]}" \
  --json bench/results/gemm-torch.json >/dev/null

/usr/bin/python3 - <<'PY'
import json
a = json.load(open("bench/results/gemm-activa.json"))
t = json.load(open("bench/results/gemm-torch.json"))
torch = {(r["m"], r["k"], r["n"], r["threads"]): r["torch_gflops"] for r in t["results"]}
f = lambda x, d=1: "—" if x is None else f"{x:.{d}f}"
print()
print(f"SGEMM{' (B transposed)' if a['transB'] else ''}, GFLOP/s, median of repetitions; Activa's managed kernel "
      f"{a['kernel']}; OpenBLAS 0.3.21 core type {t['openblas_coretype_env']}: Activa's OpenBLAS runs {a['openblas_core']}, "
      f"torch's {t['openblas_core']}; torch {t['torch']} BLAS: {', '.join(t['blas_libs']) or '?'}")
print()
print("| shape m×k×n | threads | Activa | OpenBLAS | PyTorch | Activa/OpenBLAS | Activa/PyTorch |")
print("|---|---:|---:|---:|---:|---:|---:|")
for r in a["results"]:
    tg = torch.get((r["m"], r["k"], r["n"], r["threads"]))
    print(f"| {r['shape']} | {r['threads']} | {f(r['activa_gflops'])} | {f(r['openblas_gflops'])} | {f(tg)} "
          f"| {f(r['ratio'], 2)} | {f(r['activa_gflops'] / tg if tg else None, 2)} |")
PY
