#!/usr/bin/env bash
# Builds the libFuzzer targets (address sanitizer on) and runs each for a given time.
#   Fuzz/fuzz.sh [-t SECONDS] [-j PARALLEL] [TARGET ...]     (default: 60 s each, all targets, one at a time)
# Corpora grow in .build-fuzz/corpus/TARGET across runs; crashes, leaks and timeouts are written to
# .build-fuzz/findings/TARGET/. The summary prints executions, coverage and findings per target.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

seconds=60
parallel=1
while getopts "t:j:" option; do
  case "$option" in
    t) seconds="$OPTARG" ;;
    j) parallel="$OPTARG" ;;
    *) echo "usage: $0 [-t SECONDS] [-j PARALLEL] [TARGET ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
all=(FuzzYAML FuzzJSON FuzzManifest FuzzAdmission FuzzRequestHead FuzzPEM)
targets=("${@:-${all[@]}}")
if [ "$#" -eq 0 ]; then targets=("${all[@]}"); fi

scratch=.build-fuzz
# gold fails on these links (an internal error in its DWARF reader); lld does not.
flags=(-c release -Xswiftc -enable-testing -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
for target in "${targets[@]}"; do
  INGRESS_GUARD_FUZZ=1 swift build --scratch-path "$scratch" "${flags[@]}" --product "$target" 2>&1 | grep -E "error|warning: var|Compiling|Build complete" | grep -v "^\[" || true
  [ -x "$scratch/release/$target" ] || { echo "$target did not build" >&2; exit 1; }
done

# Seeds: the repository's own manifests and AdmissionReviews, hand-written request heads, and key
# pairs made now (no certificate is committed).
seeds="$scratch/seeds"
rm -rf "$seeds"; mkdir -p "$seeds"/{yaml,json,head,pem}
find examples rules -name '*.yaml' -exec cp --backup=numbered -t "$seeds/yaml" {} +
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$seeds/yaml" <<'PY'
import glob, os, sys, yaml
out = sys.argv[1]
for path in glob.glob("rules/*.yaml"):
    rule = yaml.safe_load(open(path))
    for kind in ("bad", "good"):
        for number, example in enumerate((rule.get("examples") or {}).get(kind) or []):
            if isinstance(example, dict) and isinstance(example.get("manifest"), str):
                name = f"{os.path.basename(path)[:-5]}-{kind}-{number}.yaml"
                open(os.path.join(out, name), "w").write(example["manifest"])
PY
fi
cp Tests/Fixtures/admission/*.json "$seeds/json/"
printf 'GET / HTTP/1.1\r\nHost: shop.example.com\r\n\r\n' > "$seeds/head/plain"
printf 'GET http://a.example.com/static/x?q=1 HTTP/1.1\r\nHost: b\r\n\r\n' > "$seeds/head/absolute"
printf 'POST /api/v1/health HTTP/1.1\r\nHost: shop.example.com.:443\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' > "$seeds/head/chunked"
printf 'GET /any HTTP/1.0\r\n\r\nGET /\r\n' > "$seeds/head/http10-then-09"
printf 'GET /a HTTP/1.1\r\nHost: x.example.com\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/2.0\r\n\r\n' > "$seeds/head/pipelined"
pem_pair() {
  local name="$1"; shift
  local dir; dir=$(mktemp -d)
  openssl req -x509 -newkey "$@" -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 2 -subj "/CN=shop.example.com" \
    -addext "subjectAltName=DNS:shop.example.com,DNS:*.example.com" >/dev/null 2>&1
  { cat "$dir/cert.pem"; printf '\0'; cat "$dir/key.pem"; } > "$seeds/pem/$name"
  rm -rf "$dir"
}
if command -v openssl >/dev/null; then
  pem_pair rsa2048 rsa:2048
  pem_pair rsa1024 rsa:1024
  pem_pair ec256 ec -pkeyopt ec_paramgen_curve:P-256
  pem_pair ed25519 ed25519
fi
seed_dir() {
  case "$1" in
    FuzzYAML|FuzzManifest) echo "$seeds/yaml" ;;
    FuzzJSON|FuzzAdmission) echo "$seeds/json" ;;
    FuzzRequestHead) echo "$seeds/head" ;;
    FuzzPEM) echo "$seeds/pem" ;;
  esac
}

export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt"
run_one() {
  local target="$1"
  local corpus="$scratch/corpus/$target" findings="$scratch/findings/$target"
  mkdir -p "$corpus" "$findings"
  # -timeout: one input taking longer is a finding (a hang); -rss_limit_mb: so is a blow-up.
  "$scratch/release/$target" "$corpus" "$(seed_dir "$target")" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 >"$scratch/$target.log" 2>&1 || true
}

echo "fuzzing ${targets[*]} for $seconds s each, $parallel at a time"
running=0
for target in "${targets[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then wait -n; running=$((running - 1)); fi
done
wait

printf '%-16s %14s %10s %8s %s\n' target executions exec/s cov findings
for target in "${targets[@]}"; do
  log="$scratch/$target.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  found=$(find "$scratch/findings/$target" -type f | wc -l)
  printf '%-16s %14s %10s %8s %s\n' "$target" "${runs:-?}" "${speed:-?}" "${cov:-?}" "$found"
  if [ "$found" -gt 0 ]; then find "$scratch/findings/$target" -type f | sed 's/^/  /'; fi
done
