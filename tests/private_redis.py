"""A Redis server of the test's own, on a free port, that the test may stop, kill and restart
(the shared server on 6379 is never touched)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading

READY = "Ready to accept connections"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Returns once the server logged that it accepts connections (read from its output, no polling)."""
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.process.stdout:
            if READY in line:
                # keep reading its log so a full pipe never blocks the server
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                return
        raise RuntimeError(f"redis-server on port {self.port} exited before it was ready")

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)  # hangs: connections open, nothing answers

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(10)
