# Sourced by the bench/run-*.sh scripts: gives PyTorch the OpenMP build of OpenBLAS (unpacked under
# bench/vendor with apt-get download + dpkg-deb -x, no system change) and glibc's allocator tuned, as
# ../shared/bench/run_all.py does; defines TORCH_ENV, the env prefix for running /usr/bin/python3.
VENDOR=bench/vendor
OMP_BLAS="$VENDOR/root/usr/lib/x86_64-linux-gnu/openblas-openmp"
if [[ ! -e "$OMP_BLAS/libblas.so.3" ]]; then
  mkdir -p "$VENDOR"
  (cd "$VENDOR" && apt-get download libopenblas0-openmp >/dev/null) \
    && dpkg-deb -x "$(ls "$VENDOR"/libopenblas0-openmp_*.deb | tail -1)" "$VENDOR/root" \
    || echo "bench: could not unpack libopenblas0-openmp; torch will use the system BLAS" >&2
fi
TORCH_ENV=(env -u OMP_NUM_THREADS -u LD_PRELOAD MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736)
[[ -e "$OMP_BLAS/libblas.so.3" ]] && TORCH_ENV+=(LD_LIBRARY_PATH="$PWD/$OMP_BLAS")
