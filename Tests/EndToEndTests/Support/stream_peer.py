"""Raw-socket peers for the proxy's streaming tests; each mode prints one JSON line of facts.

backend-first-chunk PORT   answers 200 "first:<bytes>" as soon as the head and some body arrived
backend-big PORT SIZE      answers every request with SIZE bytes (Content-Length)
backend-early-head PORT    answers a response head and a first chunk as soon as a request head
                           arrives, then reads until the connection closes (no last chunk)
client-first-chunk PORT    sends a chunked upload's head and first chunk only, then waits for a reply
client-oversized-after-head PORT SIZE
                           sends a chunked upload's first chunk, waits for the response head,
                           then sends SIZE more body bytes and reads until the proxy closes
client-slow-reader PORT PID SIZE
                           reads 64 KiB of a big response, stalls 2 s while sampling the proxy's
                           RSS, then reads the rest
A backend's PORT may be 0 (a port the kernel gives); its first line says which: {"listening": PORT}.
Other test scripts import read_head from here.
"""
import json
import socket
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def read_head(connection):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), rest


def serve(port, answer):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    # Port 0 takes one the kernel gives: a port picked beforehand could be taken meanwhile.
    print(json.dumps({"listening": listener.getsockname()[1]}), flush=True)
    while True:
        connection, _ = listener.accept()
        try:
            answer(connection)
        except OSError:
            pass
        finally:
            connection.close()


def backend_first_chunk(connection):
    head, rest = read_head(connection)
    while not rest:
        rest = connection.recv(65536)
    body = b"first:%d" % len(rest)
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)


def backend_big(size):
    def answer(connection):
        read_head(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % size)
        block = b"x" * (1 << 20)
        left = size
        while left > 0:
            sent = connection.send(block[: min(left, len(block))])
            left -= sent
    return answer


def backend_early_head(connection):
    read_head(connection)
    connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nearly\r\n")
    while connection.recv(65536):
        pass


def client_oversized_after_head(port, size):
    connection = socket.create_connection(("127.0.0.1", port))
    connection.settimeout(10)
    connection.sendall(b"POST /upload HTTP/1.1\r\nHost: x.example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
    facts = {"status": 0, "closed": False, "secondResponse": False}
    try:
        head, rest = read_head(connection)
        facts["status"] = int(head.split(" ")[1]) if head else 0
        chunk = b"x" * 512
        sent = 0
        try:
            while sent < size:
                connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except OSError:
            pass
        received = rest
        while True:
            data = connection.recv(65536)
            if not data:
                facts["closed"] = True
                break
            received += data
        facts["secondResponse"] = b"HTTP/1.1 " in received
    except socket.timeout:
        facts["timedOut"] = True
    except ConnectionResetError:
        facts["closed"] = True
    print(json.dumps(facts), flush=True)


def client_first_chunk(port):
    connection = socket.create_connection(("127.0.0.1", port))
    connection.settimeout(5)
    connection.sendall(b"POST /upload HTTP/1.1\r\nHost: x.example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
    try:
        head, rest = read_head(connection)
        print(json.dumps({"status": int(head.split(" ")[1]) if head else 0, "body": rest.decode("latin-1")}), flush=True)
    except socket.timeout:
        print(json.dumps({"status": 0, "body": "timeout"}), flush=True)


def client_slow_reader(port, pid, size):
    connection = socket.create_connection(("127.0.0.1", port))
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    connection.sendall(b"GET /big HTTP/1.1\r\nHost: x.example.com\r\n\r\n")
    before = rss_kib(pid)
    head, rest = read_head(connection)
    received = len(rest)
    while received < 65536:
        received += len(connection.recv(65536))
    peak = before
    for _ in range(20):
        time.sleep(0.1)
        peak = max(peak, rss_kib(pid))
    while True:
        chunk = connection.recv(1 << 20)
        if not chunk:
            break
        received += len(chunk)
        if received >= size:
            break
    headers = head.lower()
    print(json.dumps({
        "status": int(head.split(" ")[1]) if head else 0,
        "received": received,
        "contentLength": f"content-length: {size}" in headers,
        "chunked": "transfer-encoding: chunked" in headers,
        "rssGrowthKiB": peak - before,
    }), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "backend-first-chunk":
        serve(int(sys.argv[2]), backend_first_chunk)
    elif mode == "backend-big":
        serve(int(sys.argv[2]), backend_big(int(sys.argv[3])))
    elif mode == "backend-early-head":
        serve(int(sys.argv[2]), backend_early_head)
    elif mode == "client-oversized-after-head":
        client_oversized_after_head(int(sys.argv[2]), int(sys.argv[3]))
    elif mode == "client-first-chunk":
        client_first_chunk(int(sys.argv[2]))
    elif mode == "client-slow-reader":
        client_slow_reader(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
