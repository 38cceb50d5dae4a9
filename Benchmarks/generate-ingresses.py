#!/usr/bin/env python3
"""Writes N Ingresses (3 paths each, every 4th with TLS) with their Services and Secrets over 50 files.
Each TLS Secret holds a real 2-certificate chain (ECDSA P-256 leaf + intermediate) and its key."""
import base64
import datetime
import pathlib
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)


def _certificate(subject, issuer, key, signer, ca, sans=()):
    name = lambda cn: x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    builder = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(NOW - datetime.timedelta(days=1)).not_valid_after(NOW + datetime.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False)
    return builder.sign(signer, hashes.SHA256())


_root = ec.generate_private_key(ec.SECP256R1())
_intermediate_key = ec.generate_private_key(ec.SECP256R1())
_intermediate_pem = _certificate("Bench Intermediate", "Bench Root", _intermediate_key, _root, True).public_bytes(serialization.Encoding.PEM)


def tls_material(host):
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _certificate(host, "Bench Intermediate", key, _intermediate_key, False, [host])
    crt = leaf.public_bytes(serialization.Encoding.PEM) + _intermediate_pem
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return base64.b64encode(crt).decode(), base64.b64encode(pem).decode()

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
