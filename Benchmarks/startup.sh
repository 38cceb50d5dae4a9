#!/usr/bin/env bash
# Start-up benchmark (release build): what a pre-commit run or an editor save waits for. `lint` of
# one small file next to its peer in the same run, `ingress-guard --version` (the process start
# alone), 100 runs each, alternating. Prints the ratios first (goals: lint/--version ≤ 1.5, and
# lint's wall time ≤ 1.5× its CPU time: nothing waits), then the absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
[ -n "${INGRESS_GUARD:-}" ] || swift build -c release --product ingress-guard >/dev/null
bin="${INGRESS_GUARD:-.build/release/ingress-guard}"
python3 - "$bin" "${RUNS:-100}" <<'PY'
import os, resource, subprocess, sys, time
binary, runs = sys.argv[1], int(sys.argv[2])
commands = {"version": [binary, "--version"], "lint": [binary, "lint", "examples/good/shop.yaml"]}
wall = {name: [] for name in commands}
cpu = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        status = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        wall[name].append(time.perf_counter() - start)
        # Both commands succeed on this input; a run that failed would be short and enter the median.
        if status != 0:
            sys.exit(f"benchmark stopped: {' '.join(command)} exited with status {status}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
median = lambda values: sorted(values)[len(values) // 2]
lint_wall, version_wall = median(wall["lint"]), median(wall["version"])
lint_cpu = sum(cpu["lint"]) / runs
print(f"lint of one file / --version (wall): {lint_wall / version_wall:.2f}x (goal <= 1.5)")
print(f"lint of one file, wall / CPU: {lint_wall / lint_cpu:.2f}x (goal <= 1.5)")
print(f"  --version: {version_wall * 1000:.1f} ms wall (median of {runs})")
print(f"  lint examples/good/shop.yaml: {lint_wall * 1000:.1f} ms wall (median), {lint_cpu * 1000:.1f} ms CPU (mean)")
PY
