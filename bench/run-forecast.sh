#!/usr/bin/env bash
# TPGN and the GRU baseline at L = 96, H = 336 (synthetic series 8,000 × 4, multivariate windows, batch 32, RevIN on,
# MSE, Adam 1e-3): training steps/s and the epoch time it implies, inference latency p50/p99 at batch 32 and for one
# window; Activa against PyTorch in the same run, at 1 and 2 threads. The two sides run alternately --rounds times
# (default 3) and the table keeps the best of each (highest steps/s, lowest latencies). Before timing, the PyTorch side
# loads Activa's weights and must reproduce Activa's output on the same windows, and the parameter counts must match.
# PyTorch runs at its best (bench/torch-env.sh: OpenMP OpenBLAS, fastest correct core type, glibc allocator tuned),
# Activa with a 128 MiB gen-0 budget as in bench/run-mlp.sh. Writes bench/results/forecast-<date>.md.
#
#   bench/run-forecast.sh [--rounds 3] [--threads 1,2] [--steps 100] [--calls 300] [--note "text for the results file"]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=3
THREADS=1,2
STEPS=100
CALLS=300
NOTE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --calls) CALLS="$2"; shift 2 ;;
    --note) NOTE="$2"; shift 2 ;;
    *) echo "usage: bench/run-forecast.sh [--rounds 3] [--threads 1,2] [--steps 100] [--calls 300] [--note TEXT]" >&2; exit 2 ;;
  esac
done
source bench/torch-env.sh
ACTIVA_ENV=(env DOTNET_GCgen0size=0x8000000)
OUT=bench/results/forecast
mkdir -p "$OUT"
dotnet build -c Release bench/Activa.Bench >/dev/null
DLL=bench/Activa.Bench/bin/Release/net10.0/Activa.Bench.dll
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= ROUNDS; r++)); do
  echo "round $r/$ROUNDS: Activa" >&2
  export_args=()
  [[ $r == 1 ]] && export_args=(--export "$OUT")
  "${ACTIVA_ENV[@]}" dotnet "$DLL" forecast --threads "$THREADS" --steps "$STEPS" --calls "$CALLS" "${export_args[@]}" --json "$OUT/activa-$r.json" >&2
  echo "round $r/$ROUNDS: PyTorch" >&2
  "${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_forecast.py --threads "$THREADS" --steps "$STEPS" --calls "$CALLS" \
    --check-dir "$OUT" --json "$OUT/torch-$r.json" >&2
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
CPU=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
NCPU=$(nproc)
DATE=$(date -u +%Y-%m-%d)
RESULT="bench/results/forecast-$DATE.md"
export OUT ROUNDS CPU NCPU BLAS_CORETYPE NOTE LOAD_BEFORE LOAD_AFTER STEPS CALLS
/usr/bin/python3 - > "$RESULT" <<'PY'
import json, os, glob
out, rounds = os.environ["OUT"], int(os.environ["ROUNDS"])
def load(side):
    return [json.load(open(f"{out}/{side}-{r}.json")) for r in range(1, rounds + 1)]
activa, torch = load("activa"), load("torch")
def best(runs):
    table = {}
    for run in runs:
        for row in run["results"]:
            key = (row["model"], row["threads"])
            b = table.setdefault(key, dict(row))
            b["train_steps_per_s"] = max(b["train_steps_per_s"], row["train_steps_per_s"])
            for k in ("infer_b32_p50_us", "infer_b32_p99_us", "infer_b1_p50_us", "infer_b1_p99_us"):
                b[k] = min(b[k], row[k])
    return table
a, t = best(activa), best(torch)
spe = activa[0]["steps_per_epoch"]
assert spe == torch[0]["steps_per_epoch"], "the two sides disagree on the epoch's length"
print(f"# Forecasting benchmark: TPGN and GRU, Activa vs PyTorch ({os.environ['CPU']})\n")
print(f"- CPU: {os.environ['CPU']}, {os.environ['NCPU']} logical CPUs; OpenBLAS core type for PyTorch: {os.environ['BLAS_CORETYPE']} "
      f"(bench/torch-env.sh); PyTorch {torch[0]['torch']}")
print(f"- load average (1, 5, 15 min) before: {os.environ['LOAD_BEFORE']}, after: {os.environ['LOAD_AFTER']}")
if os.environ.get("NOTE"):
    print(f"- note: {os.environ['NOTE']}")
print(f"- workload: the {activa[0]['data']} series, TSL 7:1:2 splits, L = {activa[0]['input']}, H = {activa[0]['horizon']}, "
      f"multivariate windows (C = 4, the models reshape to B·C = 128 series), batch {activa[0]['batch']}, RevIN on (no affine), "
      f"MSE, Adam lr 1e-3; an epoch is {spe} steps ({activa[0]['train_windows']} training windows). Both sides train on the same standardised values.")
print(f"- training: {activa[0]['warmup']} warm-up steps then {os.environ['STEPS']} timed (batch gathered and loss read back every step); "
      f"inference: eval mode, no autograd, p50/p99 of {os.environ['CALLS']} calls; {rounds} alternating rounds, best of each side "
      f"(highest steps/s, lowest latency)")
checks = {r["model"]: r.get("check_max_abs_diff") for r in torch[0]["results"]}
print("- same models: parameter counts " + ", ".join(f"{m} {a[(m, th)]['params']:,}" for (m, th) in a if th == min(x[1] for x in a)) +
      " (asserted equal); PyTorch on Activa's weights reproduces Activa's output, max abs difference " +
      ", ".join(f"{m} {v:.1e}" for m, v in checks.items() if v is not None) + "\n")
print("| model | threads | measure | Activa | PyTorch | Activa/PyTorch speed |")
print("|---|---:|---|---:|---:|---:|")
for key in sorted(a, key=lambda k: (["tpgn", "gru"].index(k[0]) if k[0] in ("tpgn", "gru") else 9, k[1])):
    x, y = a[key], t[key]
    m, th = key
    sa, st = x["train_steps_per_s"], y["train_steps_per_s"]
    print(f"| {m} | {th} | training (steps/s; epoch s) | {sa:.1f}; {spe / sa:.2f} s | {st:.1f}; {spe / st:.2f} s | **{sa / st:.2f}×** |")
    for k, label in (("infer_b32_p50_us", "inference batch 32, p50 (µs)"), ("infer_b32_p99_us", "inference batch 32, p99 (µs)"),
                     ("infer_b1_p50_us", "inference 1 window, p50 (µs)"), ("infer_b1_p99_us", "inference 1 window, p99 (µs)")):
        print(f"| {m} | {th} | {label} | {x[k]:,.0f} | {y[k]:,.0f} | {y[k] / x[k]:.2f}× |")
print("\nSpeed ratio > 1: Activa faster (steps/s Activa ÷ PyTorch; latency PyTorch ÷ Activa).")
print("\nPer round (training steps/s, Activa / PyTorch):\n")
for r in range(rounds):
    cells = []
    for ra, rt in zip(activa[r]["results"], torch[r]["results"]):
        cells.append(f"{ra['model']}@{ra['threads']}t {ra['train_steps_per_s']:.1f} / {rt['train_steps_per_s']:.1f}")
    print(f"- round {r + 1}: " + "; ".join(cells))
PY
cat "$RESULT"
echo "wrote $RESULT" >&2
