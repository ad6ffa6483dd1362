#!/usr/bin/env bash
# MLP 784-512-512-10 on Fashion-MNIST: training samples/s at batch 256 and inference latency at batch 1
# and 256, Activa against PyTorch in the same run. Each side runs in its tuned allocator setup: PyTorch on
# the OpenMP OpenBLAS with its fastest correct kernel family and glibc's allocator tuned (bench/torch-env.sh),
# Activa with a 128 MiB gen-0 budget (DOTNET_GCgen0size, which only the environment can set) so that short-lived
# activations do not trigger frequent collections. --as-installed runs both without their tuning (PyTorch still
# on the OpenMP OpenBLAS, with the kernel family OpenBLAS detects itself).
#
#   bench/run-mlp.sh [--threads 2] [--epochs 3] [--as-installed] [--act relu|gelu|silu|pau]
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=2
EPOCHS=3
TUNED=1
ACT=relu
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --epochs) EPOCHS="$2"; shift 2 ;;
    --as-installed) TUNED=0; shift ;;
    --act) ACT="$2"; shift 2 ;;
    *) echo "usage: bench/run-mlp.sh [--threads 2] [--epochs 3] [--as-installed] [--act relu|gelu|silu|pau]" >&2; exit 2 ;;
  esac
done
source bench/torch-env.sh
ACTIVA_ENV=(env DOTNET_GCgen0size=0x8000000)
SETUP="tuned: PyTorch on OpenBLAS core type $BLAS_CORETYPE with glibc's allocator tuned, Activa with DOTNET_GCgen0size=128 MiB"
if [[ $TUNED == 0 ]]; then
  TORCH_ENV=("${TORCH_ENV_INSTALLED[@]}")
  ACTIVA_ENV=(env -u DOTNET_GCgen0size)
  SETUP="as installed: PyTorch on OpenBLAS's own core detection and glibc's default allocator, Activa with no GC setting"
fi
export SETUP
mkdir -p bench/results
dotnet build -c Release bench/Activa.Bench >/dev/null
"${ACTIVA_ENV[@]}" dotnet bench/Activa.Bench/bin/Release/net10.0/Activa.Bench.dll mlp --act "$ACT" --threads "$THREADS" --epochs "$EPOCHS" --json bench/results/mlp-activa.json
"${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_mlp.py --act "$ACT" --threads "$THREADS" --epochs "$EPOCHS" --json bench/results/mlp-torch.json >/dev/null
/usr/bin/python3 - <<'PY'
import json, os
a = json.load(open("bench/results/mlp-activa.json"))
t = json.load(open("bench/results/mlp-torch.json"))
print(f"\nMLP 784-512-512-10 ({a['act']}), {a['threads']} threads, data {a['data']}; PyTorch {t['torch']}; {os.environ['SETUP']}\n")
print("| measure | Activa | PyTorch | Activa vs PyTorch |")
print("|---|---:|---:|---:|")
print(f"| training, batch 256 (samples/s) | {a['train_samples_per_s']:,.0f} | {t['train_samples_per_s']:,.0f} | {a['train_samples_per_s'] / t['train_samples_per_s']:.2f}× |")
print(f"| inference, batch 1 (µs) | {a['infer_batch1_us']:.1f} | {t['infer_batch1_us']:.1f} | {a['infer_batch1_us'] / t['infer_batch1_us']:.2f}× the time |")
print(f"| inference, batch 16 (µs) | {a['infer_batch16_us']:.1f} | {t['infer_batch16_us']:.1f} | {a['infer_batch16_us'] / t['infer_batch16_us']:.2f}× the time |")
print(f"| inference, batch 64 (µs) | {a['infer_batch64_us']:.1f} | {t['infer_batch64_us']:.1f} | {a['infer_batch64_us'] / t['infer_batch64_us']:.2f}× the time |")
print(f"| inference, batch 256 (ms) | {a['infer_batch256_ms']:.2f} | {t['infer_batch256_ms']:.2f} | {a['infer_batch256_ms'] / t['infer_batch256_ms']:.2f}× the time |")
p = a['predictor_us']
for b, torch_us in (("1", t['infer_batch1_us']), ("16", t['infer_batch16_us']), ("64", t['infer_batch64_us']), ("256", t['infer_batch256_ms'] * 1e3)):
    print(f"| inference with `Predictor`, batch {b} (µs) | {p[b]:.1f} | {torch_us:.1f} | {p[b] / torch_us:.2f}× the time |")
PY
