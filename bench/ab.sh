#!/usr/bin/env bash
# A/B speed check of Activa against an older revision of itself, in the same run on the same machine: builds REV in a
# detached worktree, then runs the activation and learnable benchmarks of both builds alternately (old, new, old,
# new, ...) and prints, per case, the best time of each side and the ratio new/old, with the geometric mean and the
# slowest case. The best of several alternating runs is what a noisy shared machine can compare.
#
#   bench/ab.sh REV [--runs 3] [--sizes 65536,16777216] [--threads 2] [--all]
#
# --all times every activation of the zoo (default: those with a PyTorch counterpart, as bench/run-acts.sh).
#
# Issue 12's acceptance ("geometric mean no slower than 3 %, no activation slower than 10 %") is read off its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:?usage: bench/ab.sh REV [--runs N] [--sizes a,b] [--threads T]}"; shift
RUNS=3 SIZES=65536,16777216 THREADS=2 ALL=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --sizes) SIZES="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --all) ALL=(--all); shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
OUT=bench/results/ab
BASE="$(mktemp -d)/activa-base"
mkdir -p "$OUT"
rm -f "$OUT"/*.json
git worktree add --detach "$BASE" "$REV" >/dev/null
trap 'git worktree remove --force "$BASE"' EXIT
dotnet build -c Release "$BASE/bench/Activa.Bench" >/dev/null
dotnet build -c Release bench/Activa.Bench >/dev/null
declare -A DLL=([old]="$BASE/bench/Activa.Bench/bin/Release/net10.0/Activa.Bench.dll" [new]=bench/Activa.Bench/bin/Release/net10.0/Activa.Bench.dll)
for ((r = 1; r <= RUNS; r++)); do
  for side in old new; do
    echo "run $r/$RUNS: $side" >&2
    dotnet "${DLL[$side]}" acts --sizes "$SIZES" --threads "$THREADS" "${ALL[@]}" --json "$OUT/acts-$side-$r.json" >/dev/null
    dotnet "${DLL[$side]}" learnable --threads "$THREADS" --json "$OUT/learnable-$side-$r.json" >/dev/null
  done
done
/usr/bin/python3 - "$OUT" "$RUNS" "$REV" <<'PY'
import json, math, sys
out, runs, rev = sys.argv[1], int(sys.argv[2]), sys.argv[3]
best = {}
def take(side, key, value):
    k = best.setdefault(key, {})
    k[side] = min(value, k.get(side, math.inf))
for side in ("old", "new"):
    for r in range(1, runs + 1):
        for x in json.load(open(f"{out}/acts-{side}-{r}.json"))["results"]:
            for phase in ("fwd", "fwdbwd"):
                take(side, f"{x['name']} n={x['n']} t={x['threads']} {phase}", x[f"{phase}_ns_el"])
        for x in json.load(open(f"{out}/learnable-{side}-{r}.json"))["results"]:
            for phase in ("fwd", "fwdbwd"):
                take(side, f"learnable {x['name']} {x['rows']}x{x['cols']} {phase}", x[f"{phase}_ms"])
rows = sorted(((v["new"] / v["old"], k) for k, v in best.items() if "old" in v and "new" in v), reverse=True)
print(f"A/B against {rev}, best of {runs} alternating runs per side; ratio = new time / old time (> 1: slower)")
print("slowest 15:")
for ratio, k in rows[:15]:
    print(f"  {ratio:6.3f}  {k}")
print("fastest 5:")
for ratio, k in rows[-5:]:
    print(f"  {ratio:6.3f}  {k}")
geo = math.exp(sum(math.log(r) for r, _ in rows) / len(rows))
print(f"cases {len(rows)}; geometric mean {geo:.3f}; slower than 1.10: {sum(r > 1.10 for r, _ in rows)}")
PY
