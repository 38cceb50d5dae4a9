#!/usr/bin/env python3
"""Writes N Ingresses, each with a kubernetes.io/tls Secret holding a 2-certificate chain (leaf
ECDSA P-256 + intermediate) and its key, over 20 files. With `--placeholder`, the Secrets hold
short non-PEM values instead, so that the two runs differ only by the TLS material to analyse."""
import pathlib
import sys

from bench_tls import b64, tls_material

count = int(sys.argv[1])
out = pathlib.Path(sys.argv[2])
placeholder = "--placeholder" in sys.argv
out.mkdir(parents=True, exist_ok=True)



files = 20
per_file = (count + files - 1) // files
for f in range(files):
    docs = []
    for i in range(f * per_file, min(count, (f + 1) * per_file)):
        host = f"app-{i}.example.com"
        if placeholder:
            crt, key = b64(b"placeholder-certificate"), b64(b"placeholder-key")
        else:
            crt, key = tls_material(host)
        docs.append(f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: app-{i}, namespace: tls-bench}}
spec:
  tls:
  - hosts: [{host}]
    secretName: app-{i}-tls
  rules:
  - host: {host}
    http:
      paths:
      - {{path: /, pathType: Prefix, backend: {{service: {{name: web, port: {{number: 80}}}}}}}}
---
apiVersion: v1
kind: Secret
metadata: {{name: app-{i}-tls, namespace: tls-bench}}
type: kubernetes.io/tls
data:
  tls.crt: {crt}
  tls.key: {key}
""")
    (out / f"tls-{f:02d}.yaml").write_text("---\n".join(docs))
