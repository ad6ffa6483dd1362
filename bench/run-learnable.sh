#!/usr/bin/env bash
# Learnable activations at 1024x1024 (Dice also 1024x512), training mode: Activa's fused kernels against the
# same activations written as composed PyTorch ops, forward and forward+backward, in the same run; plus each
# case against its memory-traffic floor (20 B/element at copy bandwidth). Writes the "learnable" section of
# docs/benchmarks.md. Both sides run as installed: Activa recycles used tensors into its StoragePool, PyTorch's
# allocator reuses freed ones.
#
#   bench/run-learnable.sh [--threads 2]
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=2
[[ "${1:-}" == "--threads" ]] && THREADS="$2"
source bench/torch-env.sh
mkdir -p bench/results
dotnet build -c Release bench/Activa.Bench >/dev/null
dotnet bench/Activa.Bench/bin/Release/net10.0/Activa.Bench.dll learnable --threads "$THREADS" --json bench/results/learnable-activa.json
"${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/bench_learnable.py --threads "$THREADS" --json bench/results/learnable-torch.json >/dev/null
/usr/bin/python3 - <<'PY'
import json, re, datetime
a = json.load(open("bench/results/learnable-activa.json"))
t = {r["name"]: r for r in json.load(open("bench/results/learnable-torch.json"))["results"]}
# The issue's goals: fwd+bwd speed-up over PyTorch's composed ops, and within 2x of the floor.
goals = {"PAU": 10, "AGLU": 5, "PReLU": 5, "Dice (512": 3, "Swish": 3}
lines = [f"Command: `bench/run-learnable.sh --threads {a['threads']}` — {datetime.date.today()}; ms per call, median of 9 "
         "repetitions after a 1 s warm-up; PyTorch 1.13 composed ops (glibc allocator tuned). Activa recycles each output and "
         "input gradient after use (`Tensor.Recycle`, what PyTorch's reference counting does), so buffers come from its pool. "
         f"Floor of fwd+bwd: the larger of the memory floor, 20 B/element (x in, y out, gradient in, x in, gradient out) at "
         f"the copy bandwidth measured in the same run ({a['copy_ns_per_element']:.3f} ns per 8 B), and the compute floor, the "
         f"vector operations per element of the fused algorithm (counted in bench/Activa.Bench/LearnableBench.cs) at the peak "
         f"FMA rate measured in the same run ({a['peak_lane_ops_per_s'] / 1e9:.0f} G float lanes/s on {a['threads']} threads). "
         "The issue's goal is within 2× of it.", "",
         "| activation | shape | fwd Activa | fwd PyTorch | speed-up | fwd+bwd Activa | fwd+bwd PyTorch | speed-up | goal | fwd+bwd floor | Activa vs floor |",
         "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
for r in a["results"]:
    q = t[r["name"]]
    speed = q['fwdbwd_ms'] / r['fwdbwd_ms']
    goal = next((g for k, g in goals.items() if r["name"].startswith(k)), None)
    verdict = "—" if goal is None else f"≥ {goal}× {'met' if speed >= goal else 'missed'}"
    lines.append(f"| {r['name']} | {r['rows']}×{r['cols']} | {r['fwd_ms']:.3f} | {q['fwd_ms']:.3f} | {q['fwd_ms'] / r['fwd_ms']:.1f}× "
                 f"| {r['fwdbwd_ms']:.3f} | {q['fwdbwd_ms']:.3f} | {speed:.1f}× | {verdict} | {r['floor_ms']:.3f} ({r['bound']}, {r['ops']} ops/el) | {r['fwdbwd_ms'] / r['floor_ms']:.2f}× {'✓' if r['fwdbwd_ms'] <= 2 * r['floor_ms'] else '✗'} |")
section = "<!-- learnable:begin -->\n## Learnable activations\n\n" + "\n".join(lines) + "\n<!-- learnable:end -->"
print("\n".join(lines))
doc = open("docs/benchmarks.md").read()
if "<!-- learnable:begin -->" in doc:
    doc = re.sub(r"<!-- learnable:begin -->.*<!-- learnable:end -->", lambda m: section, doc, flags=re.S)
else:
    doc = doc.rstrip() + "\n\n" + section + "\n"
open("docs/benchmarks.md", "w").write(doc)
PY
