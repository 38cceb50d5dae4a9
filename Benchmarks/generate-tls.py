#!/usr/bin/env python3
"""Writes N Ingresses, each with a kubernetes.io/tls Secret holding a 2-certificate chain (leaf
ECDSA P-256 + intermediate) and its key, over 20 files. With `--placeholder`, the Secrets hold
short non-PEM values instead, so that the two runs differ only by the TLS material to analyse."""
import base64
import datetime
import pathlib
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

count = int(sys.argv[1])
out = pathlib.Path(sys.argv[2])
placeholder = "--placeholder" in sys.argv
out.mkdir(parents=True, exist_ok=True)
now = datetime.datetime.now(datetime.timezone.utc)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def certificate(subject, issuer, key, signer, ca, sans=()):
    builder = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False)
    return builder.sign(signer, hashes.SHA256())


root_key = ec.generate_private_key(ec.SECP256R1())
inter_key = ec.generate_private_key(ec.SECP256R1())
intermediate = certificate("Bench Intermediate", "Bench Root", inter_key, root_key, True)
inter_pem = intermediate.public_bytes(serialization.Encoding.PEM)


def b64(data):
    return base64.b64encode(data).decode()


files = 20
per_file = (count + files - 1) // files
for f in range(files):
    docs = []
    for i in range(f * per_file, min(count, (f + 1) * per_file)):
        host = f"app-{i}.example.com"
        if placeholder:
            crt, key = b64(b"placeholder-certificate"), b64(b"placeholder-key")
        else:
            leaf_key = ec.generate_private_key(ec.SECP256R1())
            leaf = certificate(host, "Bench Intermediate", leaf_key, inter_key, False, [host])
            crt = b64(leaf.public_bytes(serialization.Encoding.PEM) + inter_pem)
            key = b64(leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
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
