"""TLS material for the benchmark generators: one test root and intermediate per run, and a
2-certificate chain (ECDSA P-256 leaf + intermediate) with its key for each host, base64-encoded
as a Secret's `data` holds them."""
import base64
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

_NOW = datetime.datetime.now(datetime.timezone.utc)


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _certificate(subject, issuer, key, signer, ca, sans=()):
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(_NOW - datetime.timedelta(days=1)).not_valid_after(_NOW + datetime.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False)
    return builder.sign(signer, hashes.SHA256())


_root_key = ec.generate_private_key(ec.SECP256R1())
_intermediate_key = ec.generate_private_key(ec.SECP256R1())
_intermediate_pem = _certificate("Bench Intermediate", "Bench Root", _intermediate_key, _root_key, True).public_bytes(serialization.Encoding.PEM)


def b64(data):
    return base64.b64encode(data).decode()


def tls_material(host):
    """(tls.crt, tls.key) for `host`, each base64 of PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _certificate(host, "Bench Intermediate", key, _intermediate_key, False, [host])
    crt = leaf.public_bytes(serialization.Encoding.PEM) + _intermediate_pem
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return b64(crt), b64(pem)
