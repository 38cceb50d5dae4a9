"""Admissions that cost seconds to decide (one Ingress with thousands of ingress-nginx regex
paths on one host), one per event loop of the webhook, and a health check and an ordinary
admission sent while they are decided.

costly_admissions.py HOST PORT METRICS_PORT SERVER_NAME CA_FILE PATHS COSTLY
Prints one JSON line: when each costly admission was answered and with which status, and when
the health check and the ordinary admission were (seconds since the costly ones were sent).
"""
import json
import socket
import ssl
import sys
import threading
import time
import urllib.request

host, port, metrics_port, server_name, ca_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
paths, costly = int(sys.argv[6]), int(sys.argv[7])
context = ssl.create_default_context(cafile=ca_file)


def review(index, count):
    # Each review has patterns of its own: compiled patterns are kept across admissions.
    backend = {"service": {"name": "web", "port": {"number": 80}}}
    spec_paths = [{"path": f"/r{index}-p{i}(/|$)(.*)", "pathType": "ImplementationSpecific", "backend": backend} for i in range(count)]
    return json.dumps({
        "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {
            "uid": f"costly-{index}", "kind": {"group": "networking.k8s.io", "version": "v1", "kind": "Ingress"},
            "resource": {"group": "networking.k8s.io", "version": "v1", "resource": "ingresses"},
            "namespace": "default", "name": f"costly-{index}", "operation": "CREATE", "userInfo": {"username": "test"},
            "object": {
                "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": {"name": f"costly-{index}", "namespace": "default", "annotations": {
                    "nginx.ingress.kubernetes.io/use-regex": "true", "nginx.ingress.kubernetes.io/rewrite-target": "/$2"}},
                "spec": {"ingressClassName": "example-class", "rules": [{"host": f"costly-{index}.example.com", "http": {"paths": spec_paths}}]},
            },
        },
    }).encode()


bodies = [review(index, paths) for index in range(costly)]
result = {"costly": [None] * costly}
started = time.monotonic()


def send(body):
    sock = context.wrap_socket(socket.create_connection((host, port), timeout=120), server_hostname=server_name)
    sock.sendall((f"POST /validate HTTP/1.1\r\nHost: {server_name}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body)
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
    return {"status": status, "after": round(time.monotonic() - started, 3), "decided": b'"allowed":' in data}


def send_costly(index):
    result["costly"][index] = send(bodies[index])


threads = [threading.Thread(target=send_costly, args=(index,)) for index in range(costly)]
for thread in threads:
    thread.start()
time.sleep(0.5)
try:
    with urllib.request.urlopen(f"http://{host}:{metrics_port}/healthz", timeout=120) as answer:
        result["health"] = {"status": answer.status, "after": round(time.monotonic() - started, 3)}
except OSError as error:
    result["health"] = {"error": str(error), "after": round(time.monotonic() - started, 3)}
result["ordinary"] = send(review("ordinary", 1))
for thread in threads:
    thread.join()
print(json.dumps(result))
