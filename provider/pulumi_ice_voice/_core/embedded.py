"""`ice:endpoint embedded`: the ICE emulator inside the provider process.

The quickstart needs no cloud account and no server started by hand: the first provider
call starts the emulator on a loopback port, with its state in `.ice-emulator/` beside
Pulumi.yaml so voices survive from one `pulumi up` to the next. The port is remembered
there too, so demo audio URLs recorded in the stack stay valid across runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigurationError

__all__ = ["EmbeddedEmulator", "default_data_dir", "start_embedded"]

_LOCK = threading.Lock()
_RUNNING: dict[Path, EmbeddedEmulator] = {}


@dataclass(frozen=True)
class EmbeddedEmulator:
    url: str
    access_key_id: str
    access_key_secret: str
    data_dir: Path
    server: Any


def default_data_dir(start: Path | None = None) -> Path:
    """`.ice-emulator/` beside the nearest Pulumi.yaml above the working directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "Pulumi.yaml").is_file() or (folder / "Pulumi.yml").is_file():
            return folder / ".ice-emulator"
    return here / ".ice-emulator"


def start_embedded(data_dir: str | None, training_seconds: float) -> EmbeddedEmulator:
    """Start (once per process and data dir) the in-process emulator."""
    try:
        import ice_emulator
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ConfigurationError(
            "ice:endpoint",
            "`embedded` needs the emulator: pip install 'pulumi-ice-voice[emulator]'",
        ) from exc
    folder = Path(data_dir).resolve() if data_dir else default_data_dir()
    with _LOCK:
        running = _RUNNING.get(folder)
        if running is not None:
            return running
        folder.mkdir(parents=True, exist_ok=True)
        port_file = folder / "port"
        server = None
        for port in (_remembered_port(port_file), 0):
            if port is None:
                continue
            candidate = ice_emulator.EmulatorServer(
                data_dir=str(folder), port=port, training_seconds=training_seconds
            )
            try:
                candidate.start()
            except OSError:
                continue
            server = candidate
            break
        if server is None:
            raise ConfigurationError(
                "ice:endpoint", f"could not start the embedded emulator in {folder}"
            )
        port_file.write_text(str(server.get_host_and_port()[1]))
        running = EmbeddedEmulator(
            url=server.url,
            access_key_id=ice_emulator.DEFAULT_ACCESS_KEY_ID,
            access_key_secret=ice_emulator.DEFAULT_ACCESS_KEY_SECRET,
            data_dir=folder,
            server=server,
        )
        _RUNNING[folder] = running
        return running


def _remembered_port(port_file: Path) -> int | None:
    try:
        port = int(port_file.read_text().strip())
    except (OSError, ValueError):
        return None
    return port if 0 < port < 65536 else None
