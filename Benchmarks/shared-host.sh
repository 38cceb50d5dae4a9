#!/usr/bin/env bash
# Admission on a host shared by many Ingresses (release build): one `api.example.com`, a path per
# team, each team in its own namespace, the way a platform team hands out one API host. Every
# rule that compares Ingresses meets all of them, so the decision grows with the sharers; it must
# grow linearly. Two shapes: `plain` (a Prefix path each) and `rewrite` (ingress-nginx regex
# paths `/team-N(/|$)(.*)` with rewrite-target `/$2`, so the host's every location is a regex
# that the shadowing rule probes against all the others). For N = 250 … 4,000 sharers, the
# webhook serves those manifests as its state and is sent 40 UPDATEs of one of them (curl, a TLS
# connection each); the decision time is the webhook's own `duration_ms` (its log), median of
# the 40. The peer is the same webhook with half the sharers: the ratio per doubling is printed
# first (linear: 2x; before 2026-12-07 the plain shape took 7x from 500 to 2,000 sharers, and
# the rewrite shape 7 s per admission at 2,000), then the same for `lint` of each cluster's file
# (best of 3 wall times), then the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
out=Benchmarks/out/shared-host
rm -rf "$out" && mkdir -p "$out"
swift build -c release --product ingress-guard >/dev/null
# INGRESS_GUARD=path/to/ingress-guard measures another build (an earlier commit's, to compare).
bin="${INGRESS_GUARD:-.build/release/ingress-guard}"
sizes="${SIZES:-250 500 1000 2000 4000}"
.build/release/ingress-guard webhook certs --service ingress-guard --namespace ingress-guard-system --out "$out/certs" >/dev/null 2>&1
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null || true' EXIT

modes="${MODES:-plain rewrite}"
declare -A median lint
for mode in $modes; do
python3 - "$mode" "$out/review-$mode.json" <<'PY'
import json, sys
mode, path = sys.argv[1], sys.argv[2]
def ingress(i):
    metadata = {"name": f"team-{i}", "namespace": f"team-{i}"}
    route = {"path": f"/team-{i}", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}
    if mode == "rewrite":
        metadata["annotations"] = {"nginx.ingress.kubernetes.io/rewrite-target": "/$2"}
        route.update(path=f"/team-{i}(/|$)(.*)", pathType="ImplementationSpecific")
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata,
            "spec": {"ingressClassName": "nginx", "rules": [{"host": "api.example.com", "http": {"paths": [route]}}]}}
review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
    "uid": "u-7", "kind": {"group": "networking.k8s.io", "version": "v1", "kind": "Ingress"},
    "resource": {"group": "networking.k8s.io", "version": "v1", "resource": "ingresses"},
    "name": "team-7", "namespace": "team-7", "operation": "UPDATE", "userInfo": {"username": "bench"},
    "object": ingress(7), "oldObject": ingress(7)}}
json.dump(review, open(path, "w"))
PY
for n in $sizes; do
  dir="$out/$mode-$n" && mkdir -p "$dir"
  python3 - "$mode" "$n" "$dir/cluster.yaml" <<'PY'
import sys
mode, n = sys.argv[1], int(sys.argv[2])
with open(sys.argv[3], "w") as f:
    f.write("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\nspec: {controller: k8s.io/ingress-nginx}\n")
    for i in range(n):
        annotations, path, kind = "", f"/team-{i}", "Prefix"
        if mode == "rewrite":
            annotations = "  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /$2}\n"
            path, kind = f"'/team-{i}(/|$)(.*)'", "ImplementationSpecific"
        f.write(f"---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: team-{i}\n  namespace: team-{i}\n{annotations}"
                f"spec:\n  ingressClassName: nginx\n  rules:\n  - host: api.example.com\n    http:\n      paths:\n"
                f"      - {{path: {path}, pathType: {kind}, backend: {{service: {{name: web, port: {{number: 80}}}}}}}}\n"
                f"---\napiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: team-{i}}}\nspec: {{ports: [{{port: 80}}]}}\n")
PY
  "$bin" webhook serve "$dir/cluster.yaml" --tls-cert "$out/certs/tls.crt" --tls-key "$out/certs/tls.key" \
    --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 > "$dir/webhook.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q "listening on" "$dir/webhook.log" 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o "https://127.0.0.1:[0-9]*" "$dir/webhook.log" | head -1)
  metrics=$(grep -o "http://127.0.0.1:[0-9]*" "$dir/webhook.log" | head -1)
  for _ in $(seq 1 600); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$metrics/readyz")" = 200 ] && break; sleep 0.1; done
  for _ in $(seq 1 40); do
    curl -sk -o /dev/null --max-time 30 -H "Content-Type: application/json" --data-binary @"$out/review-$mode.json" "$url/validate"
  done
  kill "$pid" && wait "$pid" 2>/dev/null || true
  pid=""
  count=$(grep -c '"decision":"allowed"' "$dir/webhook.log" || true)
  [ "$count" = 40 ] || { echo "shared-host: $count of 40 admissions allowed with $n $mode sharers (see $dir/webhook.log)" >&2; exit 1; }
  median[$mode-$n]=$(grep -o '"duration_ms":[0-9.]*' "$dir/webhook.log" | cut -d: -f2 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  # `lint` of the same file, best of 3 wall times (the route table and the rules are the same code).
  best=""
  for _ in 1 2 3; do
    start=$(date +%s%N)
    "$bin" lint "$dir/cluster.yaml" --format json > /dev/null || [ $? -eq 1 ]
    took=$(( ($(date +%s%N) - start) / 1000000 ))
    { [ -z "$best" ] || [ "$took" -lt "$best" ]; } && best=$took
  done
  lint[$mode-$n]=$best
done
done

growth() {  # $1 what was timed, $2 the name of its figures (by mode-size), $3 what the ratio is of
  local -n figures=$2
  local mode n previous
  for mode in $modes; do
    previous=""
    for n in $sizes; do
      [ -n "$previous" ] && echo "$1, one host shared by $n $mode Ingresses / by $previous: $3 $(awk "BEGIN{printf \"%.2f\", ${figures[$mode-$n]}/${figures[$mode-$previous]}}")x (linear: $(awk "BEGIN{printf \"%.2f\", $n/$previous}")x)"
      previous=$n
    done
  done
}
growth webhook median "decision time"
growth lint lint time
for mode in $modes; do
  for n in $sizes; do echo "webhook, one host shared by $n $mode Ingresses: decision p50 ${median[$mode-$n]} ms (40 admissions); lint of the file ${lint[$mode-$n]} ms (best of 3)"; done
done
