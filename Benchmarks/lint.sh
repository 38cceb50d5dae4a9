#!/usr/bin/env bash
# Lint benchmark: 10,000 and 20,000 generated Ingresses (3 paths each, a quarter with TLS: real
# 2-certificate chains) with their Services and Secrets across 50 files. Release build; wall time and peak memory per size, best of
# 3 runs, next to a peer in the same run: PyYAML's C loader parsing the same files (parse only).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
out=Benchmarks/out
mkdir -p "$out"
swift build -c release --product ingress-guard >/dev/null
bin=.build/release/ingress-guard

measure() {  # prints "seconds peak_kib" of the best of 3 runs
  local best="" mem=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>&1 || true
    read -r t m < <(tail -n 1 "$out/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  echo "$best $mem"
}

python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography
declare -A seconds
for n in 10000 20000; do
  dir="$out/ingresses-$n"
  [ -d "$dir" ] || python3 Benchmarks/generate-ingresses.py "$n" "$dir"
  read -r t m < <(measure "$bin" lint --format json "$dir")
  read -r pt pm < <(measure python3 -c 'import sys,yaml,pathlib
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    list(yaml.load_all(p.read_text(), Loader=yaml.CSafeLoader))' "$dir")
  seconds[$n]=$t
  echo "lint $n ingresses: ${t}s, peak $((m / 1024)) MB | peer PyYAML CSafeLoader parse only: ${pt}s, peak $((pm / 1024)) MB | ratio $(awk "BEGIN{printf \"%.2f\", $t/$pt}")"
done
echo "growth 10000 -> 20000: $(awk "BEGIN{printf \"%.2f\", ${seconds[20000]}/${seconds[10000]}}")x time"

# TLS analysis: 1,000 Secrets with 2-certificate chains, against the same inputs without PEM material.
[ -d "$out/tls-1000" ] || python3 Benchmarks/generate-tls.py 1000 "$out/tls-1000"
[ -d "$out/tls-1000-placeholder" ] || python3 Benchmarks/generate-tls.py 1000 "$out/tls-1000-placeholder" --placeholder
read -r tt tm < <(measure "$bin" lint --format json "$out/tls-1000")
read -r pt pm < <(measure "$bin" lint --format json "$out/tls-1000-placeholder")
echo "lint 1000 Ingresses + 1000 TLS Secrets with 2-certificate chains: ${tt}s, peak $((tm / 1024)) MB | same without PEM material: ${pt}s | TLS analysis adds $(awk "BEGIN{printf \"%.2f\", $tt-$pt}")s"
