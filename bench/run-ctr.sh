#!/usr/bin/env bash
# CTR benchmarks of issue 13, Activa against PyTorch in the same run, each side run --reps times alternating (Activa,
# PyTorch, Activa, ...) and the best repetition kept:
#   1. the 26-field CTR MLP (100k × 16 tables, 416-400-400-1, batch 4096): training samples/s, PyTorch with dense and
#      with sparse embedding gradients (SparseAdam), Activa with its row-sparse embeddings (and dense);
#   2. DIN on MovieLens: seconds per training epoch, both sides on the same training samples (Activa exports them);
#   3. scoring latency, one user × 50 behaviours × 100 candidates: p50/p99 µs, Activa's CtrScorer vs the same DIN in
#      PyTorch under torch.no_grad.
# PyTorch runs at its best (bench/torch-env.sh: OpenMP OpenBLAS, fastest correct core type, glibc allocator tuned),
# Activa with a 128 MiB gen-0 budget as in run-mlp.sh. Writes bench/results/ctr.md (the table) and ctr-*.json.
#
#   bench/run-ctr.sh [--reps 3] [--threads 2] [--quick] [--note "text for the results file"]
#   --quick: a short configuration (fewer steps and calls, DIN epochs estimated from 40 steps) for a busy machine;
#   --smoke: a check that everything runs (one step each, figures meaningless).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=3
THREADS=2
QUICK=0
NOTE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reps) REPS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --smoke) QUICK=2; shift ;;
    --note) NOTE="$2"; shift 2 ;;
    *) echo "usage: bench/run-ctr.sh [--reps 3] [--threads 2] [--quick|--smoke] [--note TEXT]" >&2; exit 2 ;;
  esac
done
if [[ $QUICK == 2 ]]; then
  TRAIN_OPTS=(--reps 1 --steps 1); DIN_OPTS=(--reps 1 --steps 2); CALLS=50
elif [[ $QUICK == 1 ]]; then
  TRAIN_OPTS=(--reps 3 --steps 3); DIN_OPTS=(--reps 3 --steps 40); CALLS=1000
else
  TRAIN_OPTS=(--reps 5 --steps 5); DIN_OPTS=(--reps 3 --steps 0); CALLS=5000
fi
source bench/torch-env.sh
ACTIVA_ENV=(env DOTNET_GCgen0size=0x8000000)
R=bench/results
mkdir -p "$R"
dotnet build -c Release bench/Activa.Bench >/dev/null
ACTIVA=(dotnet bench/Activa.Bench/bin/Release/net10.0/Activa.Bench.dll)
if [[ ! -s data/movielens.csv ]]; then
  data/get.sh movielens >&2 || echo "bench: data/movielens.csv missing and could not be derived; DIN runs without it will fail" >&2
fi
SAMPLES="$R/ctr-din-samples.bin"
"${ACTIVA[@]}" ctr-din --export "$SAMPLES"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

for rep in $(seq 1 "$REPS"); do
  echo "== repetition $rep of $REPS" >&2
  "${ACTIVA_ENV[@]}" "${ACTIVA[@]}" ctr-train --threads "$THREADS" "${TRAIN_OPTS[@]}" --json "$R/ctr-train-activa-$rep.json"
  "${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_ctr.py train --threads "$THREADS" "${TRAIN_OPTS[@]}" --json "$R/ctr-train-torch-$rep.json"
  "${ACTIVA_ENV[@]}" "${ACTIVA[@]}" ctr-din --threads "$THREADS" "${DIN_OPTS[@]}" --json "$R/ctr-din-activa-$rep.json"
  "${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_ctr.py din --samples "$SAMPLES" --threads "$THREADS" "${DIN_OPTS[@]}" --json "$R/ctr-din-torch-$rep.json"
  "${ACTIVA_ENV[@]}" "${ACTIVA[@]}" ctr-score --threads "$THREADS" --calls "$CALLS" --json "$R/ctr-score-activa-$rep.json"
  "${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_ctr.py score --samples "$SAMPLES" --threads "$THREADS" --calls "$CALLS" --json "$R/ctr-score-torch-$rep.json"
done

export REPS THREADS QUICK NOTE BLAS_CORETYPE LOAD_BEFORE
/usr/bin/python3 - <<'PY'
import glob, json, os, platform, subprocess
R = "bench/results"
reps = int(os.environ["REPS"])
def runs(name):
    return [json.load(open(f"{R}/{name}-{i}.json")) for i in range(1, reps + 1)]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
load_after = " ".join(open("/proc/loadavg").read().split()[:3])
ta, tt = runs("ctr-train-activa"), runs("ctr-train-torch")
da, dt = runs("ctr-din-activa"), runs("ctr-din-torch")
sa, st = runs("ctr-score-activa"), runs("ctr-score-torch")
def train_best(rs, v): return max(r["variants"][v]["samples_per_s"] for r in rs if v in r["variants"])
a_sparse, a_dense = train_best(ta, "sparse"), train_best(ta, "dense")
t_sparse, t_dense = train_best(tt, "sparse"), train_best(tt, "dense")
t_best = max(t_sparse, t_dense)
a_epoch = min(r["epoch_s"] for r in da)
t_epoch_dense = min(r["variants"]["dense"]["epoch_s"] for r in dt)
t_epoch_sparse = min(r["variants"]["sparse"]["epoch_s"] for r in dt)
t_epoch = min(t_epoch_dense, t_epoch_sparse)
def lat(rs, way):  # the repetition with the best p50, its p99 beside it
    r = min((r["ways"][way] for r in rs), key=lambda w: w["p50_us"])
    return r["p50_us"], r["p99_us"], r["bytes_per_call"]
s50, s99, sbytes = lat(sa, "scorer")
p50, p99, _ = lat(sa, "scorer_pool")
m50, m99, _ = lat(sa, "model_forward")
tr = min(st, key=lambda r: r["p50_us"])
q50, q99 = tr["p50_us"], tr["p99_us"]
note = os.environ.get("NOTE", "")
lines = [
    f"CTR benchmarks (issue 13), {os.environ['THREADS']} threads, CPU {cpu}; PyTorch {tt[0]['torch']} on the OpenMP OpenBLAS, "
    f"core type {os.environ['BLAS_CORETYPE']}, glibc allocator tuned; Activa with DOTNET_GCgen0size=128 MiB. "
    f"Best of {reps} alternating repetitions per side{' (quick configuration)' if os.environ['QUICK'] == '1' else ' (SMOKE TEST: figures meaningless)' if os.environ['QUICK'] == '2' else ''}; "
    f"load average before/after: {os.environ['LOAD_BEFORE']} / {load_after}." + (f" {note}" if note else ""),
    "",
    "| benchmark | Activa | PyTorch | Activa vs PyTorch |",
    "|---|---:|---:|---:|",
    f"| 26-field CTR MLP training, samples/s (Activa sparse; PyTorch best of dense {t_dense:,.0f} / sparse {t_sparse:,.0f}) | {a_sparse:,.0f} | {t_best:,.0f} | {a_sparse / t_best:.2f}× |",
    f"| 26-field CTR MLP training, dense embedding gradients, samples/s | {a_dense:,.0f} | {t_dense:,.0f} | {a_dense / t_dense:.2f}× |",
    f"| DIN on MovieLens, s per training epoch ({da[0]['samples']:,} samples, batch 256; PyTorch best of dense {t_epoch_dense:.1f} / sparse {t_epoch_sparse:.1f}) | {a_epoch:.2f} | {t_epoch:.2f} | {a_epoch / t_epoch:.2f}× the time |",
    f"| DIN scoring, 1 user × 50 behaviours × 100 candidates, p50 µs (Activa CtrScorer on the calling thread, {sbytes:.0f} B allocated per call) | {s50:,.0f} | {q50:,.0f} | {s50 / q50:.2f}× the time |",
    f"| DIN scoring, p99 µs | {s99:,.0f} | {q99:,.0f} | {s99 / q99:.2f}× the time |",
    f"| DIN scoring with Activa's worker pool, p50 / p99 µs | {p50:,.0f} / {p99:,.0f} | {q50:,.0f} / {q99:,.0f} | {p50 / q50:.2f}× / {p99 / q99:.2f}× the time |",
    f"| DIN scoring through Activa's tensor forward (CtrModel.Predict), p50 / p99 µs | {m50:,.0f} / {m99:,.0f} | {q50:,.0f} / {q99:,.0f} | {m50 / q50:.2f}× / {m99 / q99:.2f}× the time |",
]
text = "\n".join(lines)
print("\n" + text)
with open(f"{R}/ctr.md", "w") as f:
    f.write(text + "\n")
PY
