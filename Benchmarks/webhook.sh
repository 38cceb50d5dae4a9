#!/usr/bin/env bash
# Admission webhook benchmark (release builds): the webhook reads its state from the API server
# double (5,000 Ingresses with Services, EndpointSlices and 500 TLS Secrets; then 50), and wrk
# sends AdmissionReviews (UPDATEs of twenty existing Ingresses, in turn) over TLS with keep-alive
# for 10 s at 16 and at 200 connections. The peer, in the same run: nginx over TLS (same
# certificate, one worker per core) answering the same POSTs with a static 200 JSON body of the
# webhook's answer's size, the machine's own TLS limit. Prints the ratios to nginx first (goal at
# 5,000 Ingresses: throughput >= 0.25x, p99 <= 2x), then p50, p99, requests/s, errors (non-2xx
# answers and socket errors) and the webhook's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx wrk >/dev/null; }
python3 -c "import cryptography" 2>/dev/null || python3 -m pip install --quiet cryptography
out=Benchmarks/out/webhook
# Fixtures per size are kept between runs (see start_double); the rest is made anew.
mkdir -p "$out" && rm -rf "$out/certs"
swift build -c release --product ingress-guard >/dev/null
swift build -c release --product api-server-double >/dev/null
bin=.build/release
# INGRESS_GUARD=path/to/ingress-guard measures another build (an earlier commit's, to compare) with
# this script's double and reviews; COUNTS="5000" limits the cluster sizes; WEBHOOK_FLAGS adds flags.
webhook_bin="${INGRESS_GUARD:-$bin/ingress-guard}"
counts="${COUNTS:-5000 50}"
"$bin/ingress-guard" webhook certs --service ingress-guard --namespace ingress-guard-system --out "$out/certs" >/dev/null 2>&1
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

# Twenty AdmissionReviews, UPDATEs of twenty different Ingresses (each with its TLS Secret), sent
# in turn, so that no answer is the previous one's.
python3 - "$out" <<'PY'
import json, sys
for i in range(20):
    name, namespace, host = f"app-{i}", f"team-{i % 100}", f"app-{i}.example.com"
    spec = {"ingressClassName": "nginx", "tls": [{"hosts": [host], "secretName": f"{name}-tls"}],
            "rules": [{"host": host, "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": name, "port": {"name": "http"}}}},
                {"path": "/api", "pathType": "Prefix", "backend": {"service": {"name": name, "port": {"number": 80}}}},
                {"path": "/v2", "pathType": "Prefix", "backend": {"service": {"name": name, "port": {"number": 80}}}}]}}]}
    obj = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name, "namespace": namespace, "generation": 2}, "spec": spec}
    review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": f"7d1f2a3b-0000-4000-8000-{i:012d}", "kind": {"group": "networking.k8s.io", "version": "v1", "kind": "Ingress"},
        "resource": {"group": "networking.k8s.io", "version": "v1", "resource": "ingresses"}, "name": name, "namespace": namespace,
        "operation": "UPDATE", "userInfo": {"username": "bench"}, "object": obj, "oldObject": obj, "dryRun": False}}
    json.dump(review, open(f"{sys.argv[1]}/review-{i}.json", "w"))
PY
cat > "$out/post.lua" <<LUA
local requests = {}
for i = 0, 19 do
  local body = io.open(string.format("$PWD/$out/review-%d.json", i)):read("*a")
  -- Formatted at load, before wrk knows the host: named here (nginx refuses a request without one).
  requests[i + 1] = wrk.format("POST", "/validate", {["Content-Type"] = "application/json", ["Host"] = "ingress-guard.ingress-guard-system.svc"}, body)
end
local next = 0
request = function()
  next = next % #requests + 1
  return requests[next]
end
LUA

start_double() {  # $1 count, $2 secrets, $3 dir
  # Generated once per size and kept (10,000 certificate chains take minutes).
  [ -f "$3/fixtures/.complete" ] || { python3 Benchmarks/generate-cluster.py "$1" "$2" "$3/fixtures" && touch "$3/fixtures/.complete"; }
  "$bin/api-server-double" --fixtures "$3/fixtures" --out "$3" --token bench-token=bench > "$3/double.log" 2>&1 &
  pids+=($!)
  # The double reads its fixtures before it listens: a minute or more for 100,000 Ingresses.
  for _ in $(seq 1 6000); do grep -q "listening on" "$3/double.log" 2>/dev/null && return; kill -0 "${pids[-1]}" 2>/dev/null || break; sleep 0.1; done
  cat "$3/double.log" >&2; exit 2
}

start_webhook() {  # $1 dir; prints the https port
  # shellcheck disable=SC2086
  "$webhook_bin" webhook ${WEBHOOK_FLAGS:-} --kubeconfig "$1/kubeconfig" --tls-cert "$out/certs/tls.crt" --tls-key "$out/certs/tls.key" \
    --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 --ingress-class nginx > "$1/webhook.log" 2>&1 &
  pids+=($!)
  echo $! > "$1/webhook.pid"
  for _ in $(seq 1 300); do grep -q "listening on" "$1/webhook.log" 2>/dev/null && break; sleep 0.1; done
  local metrics; metrics=$(grep -o "http://127.0.0.1:[0-9]*" "$1/webhook.log" | head -1)
  # Ready once the cache holds the cluster: up to minutes for 100,000 Ingresses.
  for _ in $(seq 1 6000); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$metrics/readyz")" = 200 ] && break; sleep 0.1; done
  grep -o "https://127.0.0.1:[0-9]*" "$1/webhook.log" | head -1
}

run_wrk() {  # $1 url, $2 connections -> "p50-ms p99-ms rps errors"
  wrk -t2 -c"$2" -d10s --latency -s "$out/post.lua" "$1" > "$out/wrk.txt" 2>&1
  awk '
    function ms(v) { if (v ~ /us$/) { sub(/us/,"",v); return v/1000 } if (v ~ /ms$/) { sub(/ms/,"",v); return v+0 } if (v ~ /s$/) { sub(/s/,"",v); return v*1000 } return v }
    /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)} /Requests\/sec/ {rps=$2}
    /Non-2xx/ {err+=$NF} /Socket errors/ {for (i=4;i<=NF;i+=2) {gsub(",","",$i); err+=$i}}
    END {printf "%.2f %.2f %s %d\n", p50, p99, rps, err}' "$out/wrk.txt"
}

# The peer: nginx over TLS answering every POST with a body the size of the webhook's answer.
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
start_nginx() {  # $1 body file; sets nginx_url
  local body
  body=$(cat "$1")
  cat > "$out/nginx.conf" <<CONF
worker_processes auto;
pid $PWD/$out/nginx.pid;
error_log $PWD/$out/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:18443 ssl;
    ssl_certificate $PWD/$out/certs/tls.crt;
    ssl_certificate_key $PWD/$out/certs/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location /validate { default_type application/json; return 200 '$body'; }
  }
}
CONF
  "$nginx_bin" -c "$PWD/$out/nginx.conf" -p "$PWD/$out"
  trap '"$nginx_bin" -c "$PWD/$out/nginx.conf" -p "$PWD/$out" -s stop 2>/dev/null || true; kill "${pids[@]}" 2>/dev/null || true' EXIT
  nginx_url="https://127.0.0.1:18443"
}

ratios=()
absolute=()
for count in $counts; do
  dir="$out/ingresses-$count"; mkdir -p "$dir"
  start_double "$count" $((count / 10 > 20 ? count / 10 : 20)) "$dir"
  url=$(start_webhook "$dir")
  # Warm up, then measure; each answer must allow, for the request's uid.
  for i in $(seq 0 19); do
    curl -sk -H "Content-Type: application/json" --data-binary @"$out/review-$i.json" "$url/validate" > "$dir/answer.json"
    grep -q "\"uid\":\"7d1f2a3b-0000-4000-8000-$(printf %012d "$i")\",\"allowed\":true" "$dir/answer.json" \
      || { echo "unexpected answer to review $i: $(cat "$dir/answer.json")" >&2; exit 1; }
    # Allowed because checked, not because the state was never read.
    ! grep -q "has not read the cluster" "$dir/answer.json" || { echo "the webhook never read the cluster: $(cat "$dir/answer.json")" >&2; exit 1; }
  done
  if [ -z "${nginx_url:-}" ]; then
    # The answer without its uid's variation: the same size as what the webhook sends.
    tr -d '\n' < "$dir/answer.json" > "$out/nginx-body.json"
    start_nginx "$out/nginx-body.json"
    declare -A nginx_rps nginx_p99
    for connections in 16 200; do
      read -r p50 p99 rps errors < <(run_wrk "$nginx_url" "$connections")
      nginx_rps[$connections]=$rps; nginx_p99[$connections]=$p99
      absolute+=("nginx over TLS (static answer, $(wc -c < "$out/nginx-body.json") bytes), $connections connections: p50 ${p50} ms, p99 ${p99} ms, ${rps} req/s, errors ${errors}")
    done
  fi
  for connections in 16 200; do
    read -r p50 p99 rps errors < <(run_wrk "$url" "$connections")
    ratios+=("webhook/nginx-TLS, $count Ingresses, $connections connections: throughput $(awk "BEGIN{printf \"%.2f\", $rps/${nginx_rps[$connections]}}")x, p99 $(awk "BEGIN{printf \"%.2f\", $p99/${nginx_p99[$connections]}}")x")
    absolute+=("webhook, $count Ingresses in the cache, $connections connections: p50 ${p50} ms, p99 ${p99} ms, ${rps} req/s, errors ${errors}")
  done
  peak=$(awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$(cat "$dir/webhook.pid")/status")
  absolute+=("webhook, $count Ingresses: peak memory ${peak} MB")
  kill "$(cat "$dir/webhook.pid")" 2>/dev/null || true
done
printf '%s\n' "${ratios[@]}" "${absolute[@]}"
