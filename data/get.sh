#!/usr/bin/env bash
# Derive real datasets from Debian packages at setup time (never committed).
#   data/get.sh movielens|chicago|taylor|eustock|all [--dir DIR]
# Writes DIR/<name>.csv (default DIR = the data/ folder next to this script).
# See data/README.md for sources and licences.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here"
usage() { echo "usage: $0 movielens|chicago|taylor|eustock|all [--dir DIR]" >&2; exit 2; }

names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || usage; dir="$2"; shift 2 ;;
    --dir=*) dir="${1#--dir=}"; shift ;;
    all) names+=(movielens chicago taylor eustock); shift ;;
    movielens|chicago|taylor|eustock) names+=("$1"); shift ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument '$1'" >&2; usage ;;
  esac
done
[ ${#names[@]} -gt 0 ] || usage
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

# name -> Debian package ("" = R's own datasets), expected rows, expected columns
pkg_of()  { case "$1" in movielens) echo r-cran-dslabs;; chicago) echo r-cran-modeldata;; taylor) echo r-cran-forecast;; eustock) echo "";; esac; }
rows_of() { case "$1" in movielens) echo 100004;; chicago) echo 5698;; taylor) echo 4032;; eustock) echo 1860;; esac; }
cols_of() { case "$1" in movielens) echo 7;; chicago) echo 50;; taylor) echo 3;; eustock) echo 6;; esac; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "error: '$*' needs root (run as root or install sudo)" >&2; exit 1; fi
}

tmp=""
cleanup() { [ -n "$tmp" ] && rm -rf "$tmp"; }
trap cleanup EXIT

ensure_r() {
  command -v Rscript >/dev/null 2>&1 && return 0
  echo "Rscript not found: installing r-base-core with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y -q --no-install-recommends r-base-core >"$tmp/apt-install.log" 2>&1; then
    echo "apt-get install failed; running apt-get update and retrying"
    as_root apt-get update -q >/dev/null
    as_root apt-get install -y -q --no-install-recommends r-base-core >"$tmp/apt-install.log" 2>&1 \
      || { cat "$tmp/apt-install.log" >&2; echo "error: could not install r-base-core" >&2; exit 1; }
  fi
  command -v Rscript >/dev/null 2>&1 || { echo "error: r-base-core installed but Rscript is still missing" >&2; exit 1; }
  echo "installed $(Rscript --version 2>&1 | head -1)"
}

# Download and unpack a package into $tmp/root (once per package per run).
fetch() {
  local pkg="$1"
  [ -e "$tmp/done.$pkg" ] && return 0
  echo "downloading $pkg (apt-get download) and unpacking with dpkg-deb -x"
  mkdir -p "$tmp/deb.$pkg" "$tmp/root"
  if ! (cd "$tmp/deb.$pkg" && apt-get download -q "$pkg" >"$tmp/dl.log" 2>&1); then
    echo "apt-get download $pkg failed; running apt-get update and retrying"
    as_root apt-get update -q >/dev/null
    (cd "$tmp/deb.$pkg" && apt-get download -q "$pkg" >"$tmp/dl.log" 2>&1) \
      || { cat "$tmp/dl.log" >&2; echo "error: could not download $pkg" >&2; exit 1; }
  fi
  local deb; deb="$(ls "$tmp/deb.$pkg"/*.deb)"
  echo "  got $(basename "$deb")"
  dpkg-deb -x "$deb" "$tmp/root"
  touch "$tmp/done.$pkg"
}

for name in "${names[@]}"; do
  out="$dir/$name.csv"
  if [ -s "$out" ]; then
    echo "$name: $out already exists, skipping (delete it to rebuild)"
    continue
  fi
  echo "$name: building $out"
  [ -n "$tmp" ] || tmp="$(mktemp -d)"
  ensure_r
  pkg="$(pkg_of "$name")"
  [ -z "$pkg" ] || fetch "$pkg"
  Rscript --vanilla "$here/export.R" "$name" "$tmp/root" "$out.part"
  # Check shape: data lines (no field in these datasets contains a newline) and header fields.
  rows=$(( $(wc -l <"$out.part") - 1 ))
  cols=$(head -1 "$out.part" | awk -F, '{print NF}')
  want_rows="$(rows_of "$name")"; want_cols="$(cols_of "$name")"
  if [ "$rows" -ne "$want_rows" ] || [ "$cols" -ne "$want_cols" ]; then
    echo "error: $name has $rows rows x $cols columns, expected $want_rows x $want_cols; left in $out.part" >&2
    exit 1
  fi
  mv "$out.part" "$out"
  echo "$name: wrote $out ($rows rows x $cols columns, $(du -h "$out" | cut -f1))"
done
