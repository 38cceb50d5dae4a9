#!/usr/bin/env bash
# Route-table benchmark (release build): ns per resolve at 10 and 10,000 hosts x 10 paths, side by
# side with a linear scan written from the spec, and conflict analysis of 10,000 Ingresses.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
# Package.swift declares the benchmark only with this set (a plain build skips it).
export INGRESS_GUARD_BENCHMARKS=1
swift build -c release --product route-benchmark >/dev/null
.build/release/route-benchmark
