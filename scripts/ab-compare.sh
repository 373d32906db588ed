#!/usr/bin/env bash
# Compares one kernel's speed between two source trees (AVX2 + FMA, one thread), interleaved in one
# process (bench/ab/compare.cpp): the way the A/B figures in the kernels' comments are measured.
# OLD and NEW are git revisions of this repository or directories holding a source tree; "." is the
# working tree.
#   scripts/ab-compare.sh OLD NEW KERNEL [--backward] [--f64] [--samples=N] [--size=N]
#   e.g. scripts/ab-compare.sh HEAD . gelu_kernel
#        scripts/ab-compare.sh HEAD~1 HEAD mish_gradient --backward
# KERNEL is a kernel struct of kernels/ (gelu_kernel, sigmoid_kernel, ...; a gradient struct such
# as mish_gradient with --backward).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 3 ]; then sed -n '2,10p' "$0" >&2; exit 2; fi
old=$1 new=$2 kernel=$3; shift 3
backward="" type=f32 samples=3000 size=4096
for arg in "$@"; do
  case "$arg" in
    --backward) backward=-DAB_BACKWARD ;;
    --f64) type=f64 ;;
    --samples=*) samples=${arg#*=} ;;
    --size=*) size=${arg#*=} ;;
    *) echo "ab-compare.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree() {  # tree REV_OR_DIR NAME: a directory holding that source tree
  if [ -d "$1" ]; then (cd "$1" && pwd)
  else mkdir "$work/$2" && git -C "$root" archive "$1" | tar -x -C "$work/$2" && echo "$work/$2"; fi
}
old_tree=$(tree "$old" old) new_tree=$(tree "$new" new)
flags="-O3 -ffp-contract=off -mavx2 -mfma -std=c++17 -DNDEBUG"
for side in a:$old_tree b:$new_tree; do
  dir=${side#*:}
  # shellcheck disable=SC2086
  g++ $flags $backward -DAB_NAME=run_${side%%:*} -DAB_KERNEL="$kernel" -I"$dir" -I"$dir/include" -I"$dir/src" \
    -c "$root/bench/ab/kernel_under_test.cpp" -o "$work/${side%%:*}.o"
done
g++ -O2 -std=c++17 "$root/bench/ab/compare.cpp" "$work/a.o" "$work/b.o" -o "$work/ab_compare"
"$work/ab_compare" "$type" "$samples" "$size"
