#!/usr/bin/env bash
# Proxy benchmark: wrk (2 threads, 64 connections, 10 s) against (a) ingress-guard proxy (release)
# and (b) nginx as a reverse proxy for the same route, both in front of the same local backend
# (nginx serving a 2-byte body), one after the other in this script; then ingress-guard with
# 10,000 Ingresses loaded against one. Needs nginx and wrk (Debian packages; installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx wrk >/dev/null; }
out=Benchmarks/out/proxy
rm -rf "$out" && mkdir -p "$out"
swift build -c release --product ingress-guard >/dev/null
bin=.build/release/ingress-guard
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

cat > "$out/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$out/nginx.pid;
error_log $PWD/$out/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:18181; keepalive 64; }
  server { listen 127.0.0.1:18181; location / { return 200 "ok"; } }
  server {
    listen 127.0.0.1:18182;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$host; }
  }
}
CONF
"$nginx_bin" -c "$PWD/$out/nginx.conf" -p "$PWD/$out"
trap '"$nginx_bin" -c "$PWD/$out/nginx.conf" -p "$PWD/$out" -s stop 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true' EXIT

cat > "$out/one.yaml" <<YAML
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bench}
spec:
  rules:
  - host: bench.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
YAML
python3 - "$out/many.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        f.write(f"---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: app-{i}}}\nspec:\n  rules:\n  - host: app-{i}.example.com\n    http: {{paths: [{{path: /, pathType: Prefix, backend: {{service: {{name: web, port: {{number: 80}}}}}}}}]}}\n")
    f.write("---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: bench}\nspec:\n  rules:\n  - host: bench.example.com\n    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}\n")
PY

run_wrk() {  # prints "requests/s p99-ms"
  wrk -t2 -c64 -d10s --latency -H "Host: bench.example.com" "$1" > "$out/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p=$2} END {
    if (p ~ /us$/) { sub(/us/,"",p); p=p/1000 } else if (p ~ /ms$/) { sub(/ms/,"",p) } else if (p ~ /s$/) { sub(/s/,"",p); p=p*1000 }
    printf "%s %.2f\n", rps, p }' "$out/wrk.txt"
}

start_proxy() {  # $1 manifest, $2 port
  "$bin" proxy "$1" --listen "127.0.0.1:$2" --backend web:80=http://127.0.0.1:18181 > "$out/proxy-$2.log" 2>&1 &
  for _ in $(seq 1 100); do grep -q "serving" "$out/proxy-$2.log" 2>/dev/null && return; sleep 0.1; done
  echo "proxy did not start" >&2; cat "$out/proxy-$2.log" >&2; exit 2
}

start_proxy "$out/one.yaml" 18180
read -r ig_rps ig_p99 < <(run_wrk http://127.0.0.1:18180/)
read -r nx_rps nx_p99 < <(run_wrk http://127.0.0.1:18182/)
echo "ingress-guard proxy: ${ig_rps} req/s, p99 ${ig_p99} ms | nginx reverse proxy: ${nx_rps} req/s, p99 ${nx_p99} ms | throughput ratio $(awk "BEGIN{printf \"%.2f\", $ig_rps/$nx_rps}"), p99 ratio $(awk "BEGIN{printf \"%.2f\", $ig_p99/$nx_p99}")"
start_proxy "$out/many.yaml" 18183
read -r many_rps many_p99 < <(run_wrk http://127.0.0.1:18183/)
echo "ingress-guard with 10,001 Ingresses: ${many_rps} req/s, p99 ${many_p99} ms | with 1: ${ig_rps} req/s | ratio $(awk "BEGIN{printf \"%.2f\", $many_rps/$ig_rps}")"
