"""A loopback stand-in for HashiCorp Vault's transit engine: the secrets provider of the
CLI tier's test stacks (``--secrets-provider hashivault://<key>``), where secrets are not
the subject of the test.

Why: a stack on the passphrase provider (the file backend's default, and what users get)
derives its key with 1,000,000 rounds of PBKDF2 in every CLI process that opens it, about
0.17 s of CPU each; the CLI tier runs some 900 such commands on two cores. A cloud secrets
provider instead wraps the stack's data key with a key service once (one HTTP call per
process) and encrypts every secret with that data key (AES-256-GCM, the CLI's own code),
so a test's state still holds real ciphertext and no plaintext secret.

What it serves: the two calls of gocloud.dev/secrets/hashivault, which the CLI links
(``PUT /v1/transit/encrypt/<key>`` with base64 ``plaintext``; ``PUT
/v1/transit/decrypt/<key>`` with ``ciphertext``). It only encodes what it wraps: it stands
in for a key service on loopback, and protects nothing. The tests about secrets themselves
(tests/cli/test_secrets.py, test_state.py) keep the passphrase provider.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["TOKEN", "address"]

TOKEN = "ice-voice-tests"
PREFIX = "vault:v1:"

_lock = threading.Lock()
_server: ThreadingHTTPServer | None = None


class _Transit(BaseHTTPRequestHandler):
    def do_PUT(self) -> None:
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self.headers.get("X-Vault-Token") != TOKEN:
            return self._answer(403, {"errors": ["permission denied"]})
        if len(parts) != 4 or parts[:2] != ["v1", "transit"]:
            return self._answer(404, {"errors": [f"no handler for {self.path}"]})
        if parts[2] == "encrypt" and isinstance(body.get("plaintext"), str):
            # plaintext is base64 already (the client sends bytes as JSON does)
            return self._answer(200, {"data": {"ciphertext": PREFIX + body["plaintext"]}})
        ciphertext = body.get("ciphertext")
        if parts[2] == "decrypt" and isinstance(ciphertext, str) and ciphertext.startswith(PREFIX):
            return self._answer(200, {"data": {"plaintext": ciphertext[len(PREFIX) :]}})
        return self._answer(400, {"errors": [f"bad request to {self.path}"]})

    do_POST = do_PUT

    def _answer(self, status: int, payload: dict[str, object]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def address() -> str:
    """The stand-in's URL (VAULT_ADDR), started on a free loopback port at first use and
    serving until the process ends."""
    global _server
    with _lock:
        if _server is None:
            _server = ThreadingHTTPServer(("127.0.0.1", 0), _Transit)
            _server.daemon_threads = True
            threading.Thread(
                target=_server.serve_forever, name="vault-stand-in", daemon=True
            ).start()
        host, port = _server.server_address[:2]
        return f"http://{host!s}:{port}"
