#!/usr/bin/env bash
# lint --cluster against the API server double (release builds of both), serving 10,000 Ingresses,
# 10,000 Services, 10,000 EndpointSlices and 1,000 TLS Secrets with real chains; kubectl reading
# the same four lists in the same run as the peer. Best of 3 wall times, peak memory of the best.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
python3 -c "import cryptography" 2>/dev/null || python3 -m pip install --quiet cryptography
out=Benchmarks/out/cluster
rm -rf "$out" && mkdir -p "$out"
swift build -c release --product ingress-guard >/dev/null
swift build -c release --product api-server-double >/dev/null
bin=.build/release
python3 Benchmarks/generate-cluster.py "${COUNT:-10000}" "${SECRETS:-1000}" "$out/fixtures"
"$bin/api-server-double" --fixtures "$out/fixtures" --out "$out" --token bench-token=bench > "$out/double.log" 2>&1 &
double=$!
trap 'kill $double 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "listening on" "$out/double.log" 2>/dev/null && break; sleep 0.1; done
grep -q "listening on" "$out/double.log" || { cat "$out/double.log" >&2; exit 2; }

best() {  # runs "$@" 3 times; prints "seconds peak-MB" of the fastest run
  local best_s=999999 best_mb=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > "$out/stdout.txt" 2> "$out/stderr.txt" || true
    read -r s kb < "$out/time.txt"
    if awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_mb=$((kb / 1024)); fi
  done
  echo "$best_s $best_mb"
}

read -r ig_s ig_mb < <(best "$bin/ingress-guard" lint --cluster --kubeconfig "$out/kubeconfig" --format json --output "$out/report.json")
calls=$(grep -o "[0-9]* list calls" "$out/stderr.txt" || echo "? list calls")
objects=$(python3 -c "import json; print(json.load(open('$out/report.json'))['summary'].get('objects', '?'))" 2>/dev/null || echo "?")
read -r kc_s kc_mb < <(best kubectl --kubeconfig "$out/kubeconfig" --cache-dir "$out/kubectl-cache" get ingresses,services,endpointslices,secrets -A -o json --chunk-size 500)
echo "lint --cluster/kubectl get of the same lists: $(awk "BEGIN{printf \"%.2f\", $ig_s/$kc_s}")x time, $(awk "BEGIN{printf \"%.2f\", $ig_mb/$kc_mb}")x peak memory (COUNT=${COUNT:-10000})"
echo "lint --cluster: ${ig_s} s, peak ${ig_mb} MB (${objects} objects, ${calls}, lists concurrent per resource) | kubectl get of the same lists -o json: ${kc_s} s, peak ${kc_mb} MB"
