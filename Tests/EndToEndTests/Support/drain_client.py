"""An admission in flight when the webhook is told to stop: the head and half the body are sent,
then SIGTERM; a new connection is tried; then the rest of the body is sent and the answer read.
Usage: drain_client.py HOST PORT SERVER_NAME CA_FILE BODY_FILE WEBHOOK_PID
Prints JSON: status (of the admission in flight), new_connection (refused/accepted)."""
import json, os, signal, socket, ssl, sys, time

from stream_peer import read_head

host, port, name, ca, body_file, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
body = open(body_file, "rb").read()
context = ssl.create_default_context(cafile=ca)
connection = context.wrap_socket(socket.create_connection((host, port), timeout=20), server_hostname=name)
head = (f"POST /validate HTTP/1.1\r\nHost: {name}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n").encode()
half = len(body) // 2
connection.sendall(head + body[:half])
time.sleep(0.3)
os.kill(pid, signal.SIGTERM)
# The listener closes soon after the signal; give it up to 10 s.
new_connection = "accepted"
deadline = time.time() + 10
while time.time() < deadline:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        new_connection = "refused"
        break
    time.sleep(0.05)
connection.sendall(body[half:])
head, _ = read_head(connection)
status = int(head.split(" ", 2)[1]) if head.startswith("HTTP/1.1 ") else 0
print(json.dumps({"status": status, "new_connection": new_connection}))
