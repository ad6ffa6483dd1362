#!/usr/bin/env bash
# MLP 784-512-512-10 on Fashion-MNIST: training samples/s at batch 256 and inference latency at batch 1
# and 256, Activa against PyTorch in the same run (PyTorch on the OpenMP OpenBLAS with glibc's allocator
# tuned, its strongest stock setup; see bench/run-gemm.sh for how OpenBLAS is unpacked).
#
#   bench/run-mlp.sh [--threads 2] [--epochs 3]
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=2
EPOCHS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --epochs) EPOCHS="$2"; shift 2 ;;
    *) echo "usage: bench/run-mlp.sh [--threads 2] [--epochs 3]" >&2; exit 2 ;;
  esac
done
source bench/torch-env.sh
mkdir -p bench/results
dotnet run -c Release --project bench/Activa.Bench -- mlp --threads "$THREADS" --epochs "$EPOCHS" --json bench/results/mlp-activa.json
"${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_mlp.py --threads "$THREADS" --epochs "$EPOCHS" --json bench/results/mlp-torch.json >/dev/null
/usr/bin/python3 - <<'PY'
import json
a = json.load(open("bench/results/mlp-activa.json"))
t = json.load(open("bench/results/mlp-torch.json"))
print(f"\nMLP 784-512-512-10, {a['threads']} threads, data {a['data']}; PyTorch {t['torch']}\n")
print("| measure | Activa | PyTorch | Activa vs PyTorch |")
print("|---|---:|---:|---:|")
print(f"| training, batch 256 (samples/s) | {a['train_samples_per_s']:,.0f} | {t['train_samples_per_s']:,.0f} | {a['train_samples_per_s'] / t['train_samples_per_s']:.2f}× |")
print(f"| inference, batch 1 (µs) | {a['infer_batch1_us']:.1f} | {t['infer_batch1_us']:.1f} | {a['infer_batch1_us'] / t['infer_batch1_us']:.2f}× the time |")
print(f"| inference, batch 256 (ms) | {a['infer_batch256_ms']:.2f} | {t['infer_batch256_ms']:.2f} | {a['infer_batch256_ms'] / t['infer_batch256_ms']:.2f}× the time |")
PY
