"""Holds connections to the webhook open the way a hostile pod would, then sends one real review.

slow_clients.py HOST PORT SERVER_NAME CA_FILE BODY_FILE CONNECTIONS SECONDS
Opens CONNECTIONS verified TLS connections, each sending a request head that promises a large
body and then one byte of it every 2 s. Once all are open, one real AdmissionReview is sent on a
connection of its own. For SECONDS it watches when the server closes each slow connection.
Prints one JSON line: opened, the real review's status, closed (how many the server closed) and
the seconds after which the last of them was closed.
"""
import http.client
import json
import select
import socket
import ssl
import sys
import time

host, port, server_name, ca_file, body_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
connections, seconds = int(sys.argv[6]), float(sys.argv[7])
body = open(body_file, "rb").read()
context = ssl.create_default_context(cafile=ca_file)

head = (f"POST /validate HTTP/1.1\r\nHost: {server_name}\r\nContent-Type: application/json\r\n"
        f"Content-Length: 100000\r\n\r\n{{").encode()
slow = []
started = time.time()
for _ in range(connections):
    sock = context.wrap_socket(socket.create_connection((host, port), timeout=5), server_hostname=server_name)
    sock.sendall(head)
    sock.setblocking(False)
    slow.append(sock)
opened = len(slow)


class Connection(http.client.HTTPSConnection):
    def connect(self):
        self.sock = context.wrap_socket(socket.create_connection((host, port), timeout=5), server_hostname=server_name)


real = Connection(host, port, timeout=5)
try:
    real.request("POST", "/validate", body, {"Content-Type": "application/json"})
    response = real.getresponse()
    response.read()
    real_status = response.status
except Exception as error:  # the test reads a failure from the status
    real_status = repr(error)
finally:
    real.close()

closed_at = {}
next_byte = time.time() + 2
while time.time() - started < seconds and len(closed_at) < opened:
    open_socks = [s for s in slow if s not in closed_at]
    readable, _, _ = select.select(open_socks, [], [], 0.2)
    for sock in readable:
        try:
            data = sock.recv(4096)
        except ssl.SSLWantReadError:
            continue
        except OSError:
            data = b""
        if not data:
            closed_at[sock] = time.time() - started
    if time.time() >= next_byte:
        next_byte += 2
        for sock in open_socks:
            if sock in closed_at:
                continue
            try:
                sock.send(b" ")
            except (OSError, ssl.SSLError):
                closed_at[sock] = time.time() - started
print(json.dumps({"opened": opened, "real_status": real_status, "closed": len(closed_at),
                  "last_closed_after": max(closed_at.values()) if closed_at else None}), flush=True)
