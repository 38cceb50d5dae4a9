#!/usr/bin/env bash
# Findings on the real-world corpus, each file linted alone (as a user lints one file of a repo):
# counts per rule and severity, and every error and warning as a JSON line for judging by hand.
#   Benchmarks/corpus-findings.sh [CORPUS_DIR] [OUT_DIR]     (INGRESS_GUARD=binary to compare builds)
# Defaults: ../shared/corpus/real and Benchmarks/out/corpus. A fixed --now keeps certificate
# findings comparable between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/real}"
out="${2:-Benchmarks/out/corpus}"
bin="${INGRESS_GUARD:-.build/release/ingress-guard}"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
[ -x "$bin" ] || { echo "no binary at $bin (swift build -c release --product ingress-guard)" >&2; exit 2; }
mkdir -p "$out"
: > "$out/findings.jsonl"
for file in "$corpus"/*.yaml "$corpus"/*.yml; do
  [ -e "$file" ] || continue
  "$bin" lint --format json --fail-on none --now 2026-12-01T00:00:00Z "$file" > "$out/one.json" 2> "$out/one.err" || {
    echo "exit $? on $file: $(head -c 300 "$out/one.err")" >&2; continue; }
  python3 - "$file" "$out/one.json" >> "$out/findings.jsonl" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[2]))
for d in report["diagnostics"]:
    d["corpusFile"] = os.path.basename(sys.argv[1])
    print(json.dumps(d, sort_keys=True))
PY
done
python3 - "$out/findings.jsonl" <<'PY' | tee "$out/summary.txt"
import collections, json, sys
counts = collections.Counter()
for line in open(sys.argv[1]):
    d = json.loads(line)
    counts[(d["rule"], d["severity"])] += 1
rules = sorted({r for r, _ in counts})
print(f"{'rule':44} {'error':>6} {'warning':>8} {'info':>6}")
for r in rules:
    print(f"{r:44} {counts[(r,'error')]:6} {counts[(r,'warning')]:8} {counts[(r,'info')]:6}")
tot = lambda s: sum(v for (r, sev), v in counts.items() if sev == s)
print(f"{'total':44} {tot('error'):6} {tot('warning'):8} {tot('info'):6}")
PY
