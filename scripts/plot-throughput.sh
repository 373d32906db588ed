#!/usr/bin/env bash
# Draws results/throughput.json (from scripts/throughput.sh) as a PNG: elements per second against n
# on log axes, one panel per kernel, one line per ISA, type and thread count.
#   scripts/plot-throughput.sh [JSON] [PNG]
set -euo pipefail
json=${1:-results/throughput.json}
png=${2:-${json%.json}.png}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name = kernel/type/isa/n[/tT]; one data file per kernel, one block per series.
# (The softmax family's fixed shapes, name@shape, are in the table only.)
jq -r '.benchmarks[] | select(.run_type == "iteration") | select(.name | contains("@") | not) |
       (.name | split("/")) as $p |
       [$p[0], ($p[1] + " " + $p[2] + (if ($p | length) > 4 then " " + $p[4] else "" end)),
        $p[3], (.items_per_second / 1e9)] | @tsv' "$json" |
  sort -t$'\t' -k1,1 -k2,2 -k3,3n > "$tmp/all.tsv"

kernels=$(cut -f1 "$tmp/all.tsv" | sort -u)
count=$(echo "$kernels" | wc -l)
cols=$(( count < 3 ? count : 3 ))
rows=$(( (count + cols - 1) / cols ))
{
  echo "set terminal pngcairo size $((480 * cols)),$((360 * rows)) font ',9'"
  echo "set output '$png'"
  echo "set multiplot layout $rows,$cols title 'simdact throughput per ISA (higher is better)'"
  echo "set logscale x 2; set logscale y; set grid"
  echo "set xlabel 'n (elements)'; set ylabel 'G elements / s'; set key left bottom font ',8'"
  for k in $kernels; do
    awk -F'\t' -v k="$k" '$1 == k' "$tmp/all.tsv" > "$tmp/$k.tsv"
    series=$(cut -f2 "$tmp/$k.tsv" | sort -u)
    plot="plot"
    while IFS= read -r s; do
      awk -F'\t' -v s="$s" '$2 == s {print $3, $4}' "$tmp/$k.tsv" > "$tmp/$k.$(echo "$s" | tr ' ' '_').dat"
      plot="$plot '$tmp/$k.$(echo "$s" | tr ' ' '_').dat' using 1:2 with linespoints title '$s',"
    done <<< "$series"
    echo "set title '$k'"
    echo "${plot%,}"
  done
  echo "unset multiplot"
} > "$tmp/plot.gp"
gnuplot "$tmp/plot.gp"
echo "plot: $png"
