#!/usr/bin/env bash
# Lint benchmark: 10,000 and 20,000 generated Ingresses (3 paths each, a quarter with TLS: real
# 2-certificate chains) with their Services and Secrets across 50 files. Release build; wall time
# and peak memory per size, best of 5 runs (ROUNDS), taken in turns with a peer in the same run:
# PyYAML's C loader parsing the same files (parse only). With more than one size (SIZES), the
# growth is also taken in turns (TURNS rounds, median of wall and CPU time; TURNS=0 skips).
# Ratios first, absolute figures after.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
out=Benchmarks/out
mkdir -p "$out"
swift build -c release --product ingress-guard >/dev/null
bin=.build/release/ingress-guard

source Benchmarks/timed-run.sh
# lint exits 1 when it has findings; PyYAML's parse must exit 0. Anything else stops the benchmark.
lint_ok="0 1"

measure() {  # $1 the exit statuses that count, then the command; sets BEST_S, BEST_KB: best of 3 runs
  local ok=$1
  shift
  BEST_S=""; BEST_KB=""
  for _ in 1 2 3; do
    timed_run "$ok" "$out/run" "$@"
    if [ -z "$BEST_S" ] || awk "BEGIN{exit !($TIMED_S < $BEST_S)}"; then BEST_S=$TIMED_S; BEST_KB=$TIMED_KB; fi
  done
}

# The tool and its peer in turns, best of ROUNDS each: on a shared machine a neighbour's load
# comes and goes, and runs taken minutes apart had moved the ratio by a third.
pyyaml_parse='import sys,yaml,pathlib
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    list(yaml.load_all(p.read_text(), Loader=yaml.CSafeLoader))'
measure_pair() {  # $1 dir; sets t, m (seconds, peak KiB of lint) and pt, pm (of the peer)
  t=""; m=""; pt=""; pm=""
  for _ in $(seq 1 "${ROUNDS:-5}"); do
    timed_run "$lint_ok" "$out/run" "$bin" lint --format json "$1"
    if [ -z "$t" ] || awk "BEGIN{exit !($TIMED_S < $t)}"; then t=$TIMED_S; m=$TIMED_KB; fi
    timed_run "0" "$out/run" python3 -c "$pyyaml_parse" "$1"
    if [ -z "$pt" ] || awk "BEGIN{exit !($TIMED_S < $pt)}"; then pt=$TIMED_S; pm=$TIMED_KB; fi
  done
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
  measure_pair "$dir"
  ratios+=("lint/PyYAML-C parse only, $n Ingresses: $(awk "BEGIN{printf \"%.2f\", $t/$pt}")x time")
  if [ -n "$previous_n" ]; then
    # Growth from the previous size, and the same as if the size had doubled (t2/t1)^(ln 2/ln(n2/n1)).
    # The peer's own growth beside it: PyYAML parses file by file, so its growth is the machine's
    # drift between the two sizes (a shared VM's neighbours), not its own.
    ratios+=("growth $previous_n -> $n (best of ${ROUNDS:-5}, one size after the other): $(growth "$t" "$previous_t" "$n" "$previous_n") (PyYAML's: $(growth "$pt" "$previous_pt" "$n" "$previous_n"))")
  fi
  absolute+=("lint $n Ingresses: ${t}s, peak $((m / 1024)) MB | PyYAML CSafeLoader parse only: ${pt}s, peak $((pm / 1024)) MB")
  previous_n=$n; previous_t=$t; previous_pt=$pt
done

# TLS analysis: 1,000 Secrets with 2-certificate chains, against the same inputs without PEM material.
# Growth in turns: on a shared machine one lucky run of the smaller size moves a best-of ratio by
# more than the goal's margin. lint runs each size in turn, TURNS rounds (default 5), and the
# growth is taken between the medians of the wall times and of the CPU times (user + system).
if [ "${#sizes[@]}" -gt 1 ] && [ "${TURNS:-5}" -gt 0 ]; then
  for n in "${sizes[@]}"; do : > "$out/ingresses-$n/turns-wall.txt"; : > "$out/ingresses-$n/turns-cpu.txt"; done
  for _ in $(seq 1 "${TURNS:-5}"); do
    for n in "${sizes[@]}"; do
      timed_run "$lint_ok" "$out/run" "$bin" lint --format json "$out/ingresses-$n"
      echo "$TIMED_S" >> "$out/ingresses-$n/turns-wall.txt"
      echo "$TIMED_CPU" >> "$out/ingresses-$n/turns-cpu.txt"
    done
  done
  previous_n=""
  for n in "${sizes[@]}"; do
    wall=$(median "$out/ingresses-$n/turns-wall.txt"); cpu=$(median "$out/ingresses-$n/turns-cpu.txt")
    if [ -n "$previous_n" ]; then
      ratios+=("growth $previous_n -> $n (median of ${TURNS:-5} in turns): wall $(growth "$wall" "$previous_wall" "$n" "$previous_n"); CPU $(growth "$cpu" "$previous_cpu" "$n" "$previous_n")")
    fi
    absolute+=("lint $n Ingresses, median of ${TURNS:-5} in turns: ${wall} s wall, ${cpu} s CPU")
    previous_n=$n; previous_wall=$wall; previous_cpu=$cpu
  done
fi

[ -d "$out/tls-1000" ] || python3 Benchmarks/generate-tls.py 1000 "$out/tls-1000"
[ -d "$out/tls-1000-placeholder" ] || python3 Benchmarks/generate-tls.py 1000 "$out/tls-1000-placeholder" --placeholder
measure "$lint_ok" "$bin" lint --format json "$out/tls-1000"
tt=$BEST_S; tm=$BEST_KB
measure "$lint_ok" "$bin" lint --format json "$out/tls-1000-placeholder"
pt=$BEST_S; pm=$BEST_KB
ratios+=("lint with 1000 TLS Secrets (2-certificate chains)/the same without PEM material: $(awk "BEGIN{printf \"%.2f\", $tt/$pt}")x time")
absolute+=("lint 1000 Ingresses + 1000 TLS Secrets: ${tt}s, peak $((tm / 1024)) MB | without PEM material: ${pt}s")
printf '%s\n' "${ratios[@]}" "${absolute[@]}"
