#!/usr/bin/env bash
# Lint benchmark: 10,000 and 20,000 generated Ingresses (3 paths each, a quarter with TLS: real
# 2-certificate chains) with their Services and Secrets across 50 files. Release build; wall time
# and peak memory per size, best of 5 runs (ROUNDS), taken in turns with a peer in the same run:
# PyYAML's C loader parsing the same files (parse only). Ratios first, absolute figures after.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
out=Benchmarks/out
mkdir -p "$out"
swift build -c release --product ingress-guard >/dev/null
bin=.build/release/ingress-guard

once() {  # prints "seconds peak_kib" of one run
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out/time"
}

measure() {  # prints "seconds peak_kib" of the best of 3 runs
  local best="" mem=""
  for _ in 1 2 3; do
    read -r t m < <(once "$@")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  echo "$best $mem"
}

# The tool and its peer in turns, best of ROUNDS each: on a shared machine a neighbour's load
# comes and goes, and runs taken minutes apart had moved the ratio by a third.
pyyaml_parse='import sys,yaml,pathlib
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    list(yaml.load_all(p.read_text(), Loader=yaml.CSafeLoader))'
measure_pair() {  # $1 dir; prints "seconds peak_kib peer_seconds peer_peak_kib"
  local t="" m="" pt="" pm="" a b
  for _ in $(seq 1 "${ROUNDS:-5}"); do
    read -r a b < <(once "$bin" lint --format json "$1")
    if [ -z "$t" ] || awk "BEGIN{exit !($a < $t)}"; then t=$a; m=$b; fi
    read -r a b < <(once python3 -c "$pyyaml_parse" "$1")
    if [ -z "$pt" ] || awk "BEGIN{exit !($a < $pt)}"; then pt=$a; pm=$b; fi
  done
  echo "$t $m $pt $pm"
}

python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography
# SIZES="10000 20000 50000 100000" draws the scale curve; each size is generated once and kept.
sizes=(${SIZES:-10000 20000})
ratios=()
absolute=()
previous_n=""; previous_t=""; previous_pt=""
for n in "${sizes[@]}"; do
  dir="$out/ingresses-$n"
  [ -d "$dir" ] || python3 Benchmarks/generate-ingresses.py "$n" "$dir"
  read -r t m pt pm < <(measure_pair "$dir")
  ratios+=("lint/PyYAML-C parse only, $n Ingresses: $(awk "BEGIN{printf \"%.2f\", $t/$pt}")x time")
  if [ -n "$previous_n" ]; then
    # Growth from the previous size, and the same as if the size had doubled (t2/t1)^(ln 2/ln(n2/n1)).
    # The peer's own growth beside it: PyYAML parses file by file, so its growth is the machine's
    # drift between the two sizes (a shared VM's neighbours), not its own.
    ratios+=("growth $previous_n -> $n: $(awk "BEGIN{printf \"%.2f\", $t/$previous_t}")x time, $(awk "BEGIN{printf \"%.2f\", exp(log($t/$previous_t)*log(2)/log($n/$previous_n))}")x per doubling (PyYAML's: $(awk "BEGIN{printf \"%.2f\", exp(log($pt/$previous_pt)*log(2)/log($n/$previous_n))}")x)")
  fi
  absolute+=("lint $n Ingresses: ${t}s, peak $((m / 1024)) MB | PyYAML CSafeLoader parse only: ${pt}s, peak $((pm / 1024)) MB")
  previous_n=$n; previous_t=$t; previous_pt=$pt
done

# TLS analysis: 1,000 Secrets with 2-certificate chains, against the same inputs without PEM material.
[ -d "$out/tls-1000" ] || python3 Benchmarks/generate-tls.py 1000 "$out/tls-1000"
[ -d "$out/tls-1000-placeholder" ] || python3 Benchmarks/generate-tls.py 1000 "$out/tls-1000-placeholder" --placeholder
read -r tt tm < <(measure "$bin" lint --format json "$out/tls-1000")
read -r pt pm < <(measure "$bin" lint --format json "$out/tls-1000-placeholder")
ratios+=("lint with 1000 TLS Secrets (2-certificate chains)/the same without PEM material: $(awk "BEGIN{printf \"%.2f\", $tt/$pt}")x time")
absolute+=("lint 1000 Ingresses + 1000 TLS Secrets: ${tt}s, peak $((tm / 1024)) MB | without PEM material: ${pt}s")
printf '%s\n' "${ratios[@]}" "${absolute[@]}"
