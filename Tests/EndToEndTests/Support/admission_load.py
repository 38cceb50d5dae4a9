"""Sends AdmissionReviews to the webhook over verified TLS from several threads for a while.

admission_load.py HOST PORT SERVER_NAME CA_FILE BODY_FILE SECONDS THREADS [CLIENT_CERT CLIENT_KEY]
Each thread opens a new connection every 5 requests (so a rotated certificate shows) and checks
that the response echoes the request's uid. Prints one JSON line: requests, failures (with the
first few errors), the statuses seen and the SHA-256 of each distinct server certificate.
"""
import hashlib
import http.client
import json
import socket
import ssl
import sys
import threading
import time

host, port, server_name, ca_file, body_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
seconds, threads = float(sys.argv[6]), int(sys.argv[7])
client = sys.argv[8:10] if len(sys.argv) >= 10 else None
body = open(body_file, "rb").read()
uid = json.loads(body)["request"]["uid"]
context = ssl.create_default_context(cafile=ca_file)
if client:
    context.load_cert_chain(client[0], client[1])

lock = threading.Lock()
result = {"requests": 0, "failures": 0, "errors": [], "statuses": {}, "certificates": []}


class Connection(http.client.HTTPSConnection):
    def connect(self):
        sock = socket.create_connection((host, port), timeout=5)
        self.sock = context.wrap_socket(sock, server_hostname=server_name)


def worker():
    deadline = time.time() + seconds
    while time.time() < deadline:
        connection = Connection(host, port, timeout=5)
        try:
            for _ in range(5):
                connection.request("POST", "/validate", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                data = response.read()
                certificate = hashlib.sha256(connection.sock.getpeercert(binary_form=True)).hexdigest()
                ok = response.status == 200 and json.loads(data)["response"]["uid"] == uid
                with lock:
                    result["requests"] += 1
                    result["statuses"][str(response.status)] = result["statuses"].get(str(response.status), 0) + 1
                    if certificate not in result["certificates"]:
                        result["certificates"].append(certificate)
                    if not ok:
                        result["failures"] += 1
                        if len(result["errors"]) < 5:
                            result["errors"].append(data[:200].decode("utf-8", "replace"))
        except Exception as error:  # a failed request is what the test counts
            with lock:
                result["failures"] += 1
                if len(result["errors"]) < 5:
                    result["errors"].append(repr(error))
        finally:
            connection.close()


workers = [threading.Thread(target=worker) for _ in range(threads)]
for thread in workers:
    thread.start()
for thread in workers:
    thread.join()
print(json.dumps(result), flush=True)
