# Sourced by the bench/run-*.sh scripts: sets up PyTorch at its best, as ../shared/bench/run_all.py does.
#  - the OpenMP build of OpenBLAS (unpacked under bench/vendor with apt-get download + dpkg-deb -x, no system
#    change; the pthread build fights torch's own OpenMP threads);
#  - the fastest correct OpenBLAS kernel family (OPENBLAS_CORETYPE), probed by bench/torch/openblas_coretype.py
#    once per CPU and cached in bench/results/ (OpenBLAS 0.3.21 does not know recent CPUs and may fall back to a
#    kernel 5x slower); a core type already set in the environment is used as given;
#  - glibc's allocator tuned (freed tensors reused instead of unmapped and page-faulted in again).
# Defines:
#   TORCH_ENV            env prefix for /usr/bin/python3 with all of the above
#   TORCH_ENV_INSTALLED  the same OpenBLAS build with neither the core type nor the allocator tuning ("as installed")
#   ACTIVA_BLAS_ENV      env prefix that gives Activa's optional OpenBLAS backend the same core type
#   BLAS_CORETYPE        the core type in use ("auto" = OpenBLAS's own detection), for the tables
VENDOR=bench/vendor
OMP_BLAS="$VENDOR/root/usr/lib/x86_64-linux-gnu/openblas-openmp"
if [[ ! -e "$OMP_BLAS/libblas.so.3" ]]; then
  mkdir -p "$VENDOR"
  (cd "$VENDOR" && apt-get download libopenblas0-openmp >/dev/null 2>&1) \
    && dpkg-deb -x "$(ls "$VENDOR"/libopenblas0-openmp_*.deb | tail -1)" "$VENDOR/root" \
    || echo "bench: could not unpack libopenblas0-openmp; torch will use the system BLAS" >&2
fi
TORCH_ENV_INSTALLED=(env -u OMP_NUM_THREADS -u LD_PRELOAD -u OPENBLAS_CORETYPE -u MALLOC_MMAP_MAX_ -u MALLOC_TRIM_THRESHOLD_)
[[ -e "$OMP_BLAS/libblas.so.3" ]] && TORCH_ENV_INSTALLED+=(LD_LIBRARY_PATH="$PWD/$OMP_BLAS")

if [[ -n "${OPENBLAS_CORETYPE:-}" ]]; then
  BLAS_CORETYPE="$OPENBLAS_CORETYPE"
  echo "bench: OpenBLAS core type $BLAS_CORETYPE (set in the environment)" >&2
else
  mkdir -p bench/results
  cpu_key=$(grep -m4 -E '^(vendor_id|cpu family|model|flags)' /proc/cpuinfo | md5sum | cut -c1-12)
  cache="bench/results/openblas-coretype-$cpu_key.txt"
  if [[ ! -s "$cache" ]]; then
    echo "bench: probing OpenBLAS kernel families (once per CPU, ~15 s)..." >&2
    "${TORCH_ENV_INSTALLED[@]}" /usr/bin/python3 bench/torch/openblas_coretype.py --verbose \
      --json "bench/results/openblas-coretype-$cpu_key.json" > "$cache"
  fi
  BLAS_CORETYPE=$(cat "$cache")
  echo "bench: OpenBLAS core type $BLAS_CORETYPE (probed; $cache)" >&2
fi

TORCH_ENV=("${TORCH_ENV_INSTALLED[@]}" MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736)
ACTIVA_BLAS_ENV=(env -u OPENBLAS_CORETYPE)
if [[ "$BLAS_CORETYPE" != auto ]]; then
  TORCH_ENV+=(OPENBLAS_CORETYPE="$BLAS_CORETYPE")
  ACTIVA_BLAS_ENV=(env OPENBLAS_CORETYPE="$BLAS_CORETYPE")
fi
