#!/usr/bin/env python3
"""Fixtures for the API server double: N Ingresses, N Services, N EndpointSlices (3 ready endpoints
each) over 100 namespaces, and T kubernetes.io/tls Secrets with real 2-certificate chains, in 10
files. Usage: generate-cluster.py N T OUTDIR"""
import pathlib
import sys

from bench_tls import tls_material

count, secrets = int(sys.argv[1]), int(sys.argv[2])
out = pathlib.Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
files = 10
per_file = (count + files - 1) // files
docs_by_file = [[] for _ in range(files)]
docs_by_file[0].append("""apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: k8s.io/ingress-nginx}
""")
for i in range(count):
    f = i // per_file
    ns = f"team-{i % 100}"
    name = f"app-{i}"
    host = f"{name}.example.com"
    tls = ""
    if i < secrets:
        tls = f"  tls: [{{hosts: [{host}], secretName: {name}-tls}}]\n"
        crt, key = tls_material(host)
        docs_by_file[f].append(f"""apiVersion: v1
kind: Secret
metadata: {{name: {name}-tls, namespace: {ns}}}
type: kubernetes.io/tls
data:
  tls.crt: {crt}
  tls.key: {key}
""")
    docs_by_file[f].append(f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: {name}, namespace: {ns}}}
spec:
{tls}  rules:
  - host: {host}
    http:
      paths:
      - {{path: /, pathType: Prefix, backend: {{service: {{name: {name}, port: {{name: http}}}}}}}}
      - {{path: /api, pathType: Prefix, backend: {{service: {{name: {name}, port: {{number: 80}}}}}}}}
---
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: {ns}}}
spec:
  selector: {{app: {name}}}
  ports: [{{name: http, port: 80, targetPort: 8080}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {{name: {name}-x1, namespace: {ns}, labels: {{kubernetes.io/service-name: {name}}}}}
addressType: IPv4
ports: [{{name: http, port: 8080}}]
endpoints:
- {{addresses: [10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}], conditions: {{ready: true}}}}
- {{addresses: [10.100.{i // 256 % 256}.{i % 256}], conditions: {{ready: true}}}}
- {{addresses: [10.200.{i // 256 % 256}.{i % 256}], conditions: {{ready: true}}}}
""")
for f, docs in enumerate(docs_by_file):
    (out / f"cluster-{f:02d}.yaml").write_text("---\n".join(docs))
