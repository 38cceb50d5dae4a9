#!/usr/bin/env bash
# Language server benchmark (release build): the time from an edit of a 1,008-line document (72
# Ingresses) to its diagnostics, through pygls's client (median of 10 edits), next to its peer in
# the same run: `ingress-guard lint` of the same file as a process (median of 10). Prints the
# ratio first (goal: an edit answered within 50 ms), then the absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
python3 -c "import pygls.lsp.client" 2>/dev/null || python3 -m pip install --quiet "pygls>=1.3,<2"
[ -n "${INGRESS_GUARD:-}" ] || swift build -c release --product ingress-guard >/dev/null
bin="${INGRESS_GUARD:-.build/release/ingress-guard}"
python3 - "$bin" <<'PY'
import json, pathlib, subprocess, sys, tempfile, time
binary = sys.argv[1]
root = pathlib.Path(tempfile.mkdtemp())
(root / "ingress.yaml").write_text("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop, namespace: shop}\nspec: {rules: [{host: shop.example.com}]}\n")
big = ""
for i in range(72):
    big += (f"---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app-{i}\n  namespace: shop\nspec:\n  rules:\n"
            f"    - host: app-{i}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n"
            f"            backend: {{service: {{name: web, port: {{number: 80}}}}}}\n")
(root / "big.yaml").write_text(big)
run = subprocess.run(["python3", "Tests/EndToEndTests/Support/lsp_client.py", binary, str(root)], capture_output=True, text=True)
edit = json.loads(run.stdout)["edit_ms"]
times = []
for _ in range(10):
    start = time.perf_counter()
    subprocess.run([binary, "lint", str(root / "big.yaml")], stdout=subprocess.DEVNULL)
    times.append((time.perf_counter() - start) * 1000)
lint = sorted(times)[len(times) // 2]
print(f"lsp edit of a {big.count(chr(10))}-line document / lint of it as a process: {edit / lint:.2f}x")
print(f"  lsp: {edit:.1f} ms from the change to its diagnostics (median of 10; goal <= 50 ms)")
print(f"  lint process: {lint:.1f} ms (median of 10)")
PY
