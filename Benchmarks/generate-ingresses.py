#!/usr/bin/env python3
"""Writes N Ingresses (3 paths each, every 4th with TLS) with their Services and Secrets over 50 files.
Each TLS Secret holds a real 2-certificate chain (ECDSA P-256 leaf + intermediate) and its key."""
import pathlib
import sys

from bench_tls import tls_material

count = int(sys.argv[1])
out = pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
files = 50
per_file = (count + files - 1) // files
for f in range(files):
    docs = []
    for i in range(f * per_file, min(count, (f + 1) * per_file)):
        ns = f"team-{i % 40}"
        name = f"app-{i}"
        host = f"{name}.example.com"
        tls = ""
        if i % 4 == 0:
            tls = f"""  tls:
  - hosts: [{host}]
    secretName: {name}-tls
"""
            crt, key = tls_material(host)
            docs.append(f"""apiVersion: v1
kind: Secret
metadata:
  name: {name}-tls
  namespace: {ns}
type: kubernetes.io/tls
data:
  tls.crt: {crt}
  tls.key: {key}
""")
        docs.append(f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
  namespace: {ns}
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: "8m"
spec:
  ingressClassName: nginx
{tls}  rules:
  - host: {host}
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: {name}-web
            port:
              number: 80
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: {name}-api
            port:
              name: http
      - path: /healthz
        pathType: Exact
        backend:
          service:
            name: {name}-api
            port:
              name: http
""")
        for svc, port in ((f"{name}-web", "  - port: 80\n    targetPort: 8080\n"), (f"{name}-api", "  - name: http\n    port: 8080\n")):
            docs.append(f"""apiVersion: v1
kind: Service
metadata:
  name: {svc}
  namespace: {ns}
spec:
  selector:
    app: {name}
  ports:
{port}""")
    if f == 0:
        docs.append("""apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
""")
    (out / f"manifests-{f:02d}.yaml").write_text("---\n".join(docs))
