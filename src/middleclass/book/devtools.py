"""Headless Chromium driven over its DevTools pipe (``--remote-debugging-pipe``): the build's
PDF printer talks to Chromium directly, without Playwright's Node driver (about 140 MB and half
a second less). Messages are JSON, each ended by a NUL byte: commands go to Chromium's fd 3,
answers and events come back on its fd 4."""

from __future__ import annotations

import itertools
import json
import os
import select
import subprocess
import time


class DevToolsError(RuntimeError):
    pass


class Browser:
    """One headless Chromium process with one tab (:attr:`session`), started at once
    (:class:`subprocess.Popen` does not wait), so that it starts while the caller works."""

    def __init__(self, executable: str, args: list[str], width: int = 1100, height: int = 1400) -> None:
        to_chromium, self._commands = os.pipe()
        self._answers, from_chromium = os.pipe()

        def as_fd_3_and_4() -> None:  # in the child: the pipe ends Chromium expects
            a, b = os.dup(to_chromium), os.dup(from_chromium)  # above 4, so dup2 cannot clobber them
            os.dup2(a, 3)
            os.dup2(b, 4)

        try:
            self._proc = subprocess.Popen([executable, "--headless", "--remote-debugging-pipe", *args, "about:blank"],
                                          pass_fds=(3, 4, to_chromium, from_chromium), preexec_fn=as_fd_3_and_4,
                                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)
        except BaseException:
            for fd in (to_chromium, from_chromium, self._commands, self._answers):
                os.close(fd)
            raise
        os.close(to_chromium)
        os.close(from_chromium)
        self._buffer = b""
        self._ids = itertools.count(1)
        self._events: list[dict] = []
        self._size = (width, height)
        self.session: str | None = None

    def open_tab(self, timeout: float = 60) -> None:
        """Attach to Chromium's first tab (waiting for Chromium to start) and set its viewport."""
        if self.session is not None:
            return
        targets = self.send("Target.getTargets", timeout=timeout)["targetInfos"]
        tab = next((t for t in targets if t["type"] == "page"), None)
        if tab is None:
            tab = {"targetId": self.send("Target.createTarget", {"url": "about:blank"})["targetId"]}
        self.session = self.send("Target.attachToTarget", {"targetId": tab["targetId"], "flatten": True})["sessionId"]
        self.send("Page.enable", tab=True)
        self.send("Emulation.setDeviceMetricsOverride", {"width": self._size[0], "height": self._size[1],
                                                         "deviceScaleFactor": 1, "mobile": False}, tab=True)

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DevToolsError("Chromium did not answer in time")
            ready, _, _ = select.select([self._answers], [], [], left)
            if ready:
                chunk = os.read(self._answers, 1 << 20)
                if not chunk:
                    raise DevToolsError(f"Chromium stopped (exit code {self._proc.poll()})")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, tab: bool = False, timeout: float = 60) -> dict:
        """Send a command (to the tab with ``tab``) and return its result; events that arrive
        meanwhile are kept for :meth:`wait_for`."""
        ident = next(self._ids)
        message = {"id": ident, "method": method, "params": params or {}}
        if tab:
            message["sessionId"] = self.session
        try:
            os.write(self._commands, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise DevToolsError(f"Chromium stopped (exit code {self._proc.poll()})") from None
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == ident:
                if "error" in answer:
                    raise DevToolsError(f"{method}: {answer['error'].get('message', answer['error'])}")
                return answer.get("result", {})
            self._events.append(answer)

    def wait_for(self, event: str, timeout: float = 60) -> dict:
        """The next event ``event`` of the tab (kept ones first)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == self.session:
                    del self._events[i]
                    return message.get("params", {})
            self._events = self._events[-100:]  # events nobody waits for do not pile up
            self._events.append(self._read(deadline))

    def evaluate(self, expression: str, timeout: float = 60):
        """Value of a JavaScript expression in the tab (a promise is awaited); a thrown error or
        rejected promise raises :class:`DevToolsError`."""
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True},
                           tab=True, timeout=timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise DevToolsError(details.get("exception", {}).get("value") or details.get("text", "script failed"))
        return result.get("result", {}).get("value")

    def close(self) -> None:
        """Ask Chromium to quit, then make sure it did; always safe to call again."""
        if self._proc.poll() is None:
            try:
                self.send("Browser.close", timeout=5)
            except (DevToolsError, OSError):
                pass
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        for fd in (self._commands, self._answers):
            if fd >= 0:
                os.close(fd)
        self._commands = self._answers = -1

    @property
    def running(self) -> bool:
        return self._proc.poll() is None
