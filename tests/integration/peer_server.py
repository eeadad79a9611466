# The listening side the test peers share (tls_peer.py, filter_peer.py): a TCP listener on
# 127.0.0.1:PORT that prints "ready" once it listens, so that the oracle starts its client only
# then, and runs `session(connection)` on a thread of its own for each connection, until killed.
import socket
import threading


def serve_forever(port, session):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(8)
    print("ready", flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=session, args=(connection,), daemon=True).start()
