#!/usr/bin/env bash
# Runs the `acts` benchmark on both sides and prints one merged table: per activation, size and thread count,
# forward and forward+backward ns/element for Activa and PyTorch, Activa's speed-up, and Activa against its
# memory floors (forward vs 1.5x the copy, fwd+bwd vs 1.5x its 20 B/element traffic at copy bandwidth).
# Writes the activation section of docs/benchmarks.md (between markers, so reruns replace it).
#
#   bench/run-acts.sh [--sizes 65536,16777216] [--threads 1,2] [--names a,b,...] [--all]
#                     [--torch-isa auto|avx512|default] [--doc docs/benchmarks.md] [--quick]
#
# --all also times activations PyTorch does not have (Activa columns only). --quick is a smoke test
# (65536 elements, 1 thread, short repetitions) whose section goes to bench/results/benchmarks-quick.md
# instead of docs/. PyTorch is Debian's python3-torch 1.13 (/usr/bin/python3) with glibc's allocator tuned
# (MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736: freed tensors are reused instead of being
# unmapped and page-faulted in again, see ../shared/bench) and, with --torch-isa auto (default), its
# AVX-512 kernels when the CPU has AVX-512 (torch 1.13 picks AVX2 otherwise; Activa uses Vector512).
# Results land in bench/results/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=65536,16777216
THREADS=1,2
NAMES=""
ALL=()
ISA=auto
DOC=""
QUICK=0
usage() { sed -n '6,8p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --names) NAMES="$2"; shift 2 ;;
    --all) ALL=(--all); shift ;;
    --torch-isa) ISA="$2"; shift 2 ;;
    --doc) DOC="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    *) usage ;;
  esac
done

TIMING=()
if [[ $QUICK == 1 ]]; then
  SIZES=65536; THREADS=1
  TIMING=(--reps 5 --min-rep-s 0.01 --warmup-s 0.02)
  DOC="${DOC:-bench/results/benchmarks-quick.md}"
fi
DOC="${DOC:-docs/benchmarks.md}"
mkdir -p bench/results

ACTIVA_ARGS=(acts --sizes "$SIZES" --threads "$THREADS" "${ALL[@]}" "${TIMING[@]}"
             --json bench/results/acts.json --list bench/results/acts_list.json --md bench/results/acts.md)
[[ -n "$NAMES" ]] && ACTIVA_ARGS+=(--names "$NAMES")
dotnet run -c Release --project bench/Activa.Bench -- "${ACTIVA_ARGS[@]}" >/dev/null

TORCH_ENV=(env -u OMP_NUM_THREADS -u LD_PRELOAD -u ATEN_CPU_CAPABILITY MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736)
case "$ISA" in
  auto) grep -qw avx512f /proc/cpuinfo && TORCH_ENV+=(ATEN_CPU_CAPABILITY=avx512) ;;
  avx512) TORCH_ENV+=(ATEN_CPU_CAPABILITY=avx512) ;;
  default) ;;
  *) echo "run-acts: --torch-isa must be auto, avx512 or default" >&2; exit 2 ;;
esac
"${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_activations.py --list bench/results/acts_list.json \
  --sizes "$SIZES" --threads "$THREADS" "${TIMING[@]}" --json bench/results/acts_torch.json

CMD="bench/run-acts.sh --sizes $SIZES --threads $THREADS${NAMES:+ --names $NAMES}${ALL:+ --all} --torch-isa $ISA"
[[ $QUICK == 1 ]] && CMD="bench/run-acts.sh --quick"
REPORT_ARGS=(--doc "$DOC" --command "$CMD")
[[ $QUICK == 1 ]] && REPORT_ARGS+=(--quick)
/usr/bin/python3 bench/torch/report_acts.py bench/results/acts.json bench/results/acts_torch.json "${REPORT_ARGS[@]}"
