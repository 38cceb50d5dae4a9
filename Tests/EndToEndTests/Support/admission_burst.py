"""A burst of admissions that are all in flight at once, as an API server sends them during a
Helm install: every connection sends its request head, and only once all heads are out do the
bodies follow.

admission_burst.py HOST PORT SERVER_NAME CA_FILE BODY_FILE CONNECTIONS
Prints one JSON line: the statuses seen (status: count) and the failures (first few errors).
"""
import json
import socket
import ssl
import sys

host, port, server_name, ca_file, body_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
connections = int(sys.argv[6])
body = open(body_file, "rb").read()
context = ssl.create_default_context(cafile=ca_file)
head = (f"POST /validate HTTP/1.1\r\nHost: {server_name}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()

result = {"statuses": {}, "failures": 0, "errors": []}
socks = []
for _ in range(connections):
    sock = context.wrap_socket(socket.create_connection((host, port), timeout=20), server_hostname=server_name)
    socks.append(sock)
for sock in socks:
    sock.sendall(head)
for sock in socks:
    try:
        sock.sendall(body)
    except OSError as error:  # answered (and closed) before its body: counted from the answer
        pass
for sock in socks:
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError as error:
        if not data:
            result["failures"] += 1
            if len(result["errors"]) < 5:
                result["errors"].append(repr(error))
            continue
    finally:
        sock.close()
    status_line = data.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ")
    status = parts[1] if len(parts) > 1 else "none"
    result["statuses"][status] = result["statuses"].get(status, 0) + 1
print(json.dumps(result), flush=True)
