#!/usr/bin/env bash
# The Fashion-MNIST acceptance recipe, Activa and PyTorch side by side: MLP 784-512-512-10, ReLU, Adam 1e-3,
# batch 256, 10 epochs, all 60,000 training images, inputs standardised by the training set's mean and std;
# test accuracy for seeds 0, 1, 2.
#
#   bench/run-accuracy.sh [--seeds 3]
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=3
[[ "${1:-}" == "--seeds" ]] && SEEDS="$2"
source bench/torch-env.sh
dotnet build -c Release src/Activa.Cli >/dev/null
for ((s = 0; s < SEEDS; s++)); do
  dotnet src/Activa.Cli/bin/Release/net10.0/Activa.Cli.dll train --data fashion-mnist --val-fraction 0 --seed "$s" \
    --out "runs/accuracy-seed$s" | grep '^test:' | sed "s/^/activa seed $s: /"
done
"${TORCH_ENV[@]}" /usr/bin/python3 bench/torch/train_fashion_mnist.py --seeds "$SEEDS" --standardize | sed 's/^/pytorch /'
