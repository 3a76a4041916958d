"""Headless Chromium driven over its DevTools pipe (``--remote-debugging-pipe``): the build's
PDF printer talks to Chromium directly, without Playwright's Node driver (about 140 MB and half
a second less). Messages are JSON, each ended by a NUL byte: commands go to Chromium's fd 3,
answers and events come back on its fd 4."""

from __future__ import annotations

import itertools
import json
import os
import select
import time


class DevToolsError(RuntimeError):
    pass


def _high_fd(fd: int) -> int:
    """A close-on-exec copy of ``fd`` numbered 10 or above (then ``dup2`` onto 3 and 4 always
    makes a new, inheritable descriptor), the original closed."""
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium process with one tab (:attr:`session`), started at once (the
    spawn does not wait for Chromium), so that it starts while the caller works. Started with
    ``posix_spawn`` (no Python code runs between fork and exec, which is safe with threads);
    Chromium's own messages go to ``log`` (default: discarded)."""

    def __init__(self, executable: str, args: list[str], width: int = 1100, height: int = 1400,
                 log: str | os.PathLike | None = None) -> None:
        to_chromium, commands = os.pipe()
        answers, from_chromium = os.pipe()
        to_chromium, from_chromium = _high_fd(to_chromium), _high_fd(from_chromium)
        actions = [(os.POSIX_SPAWN_DUP2, to_chromium, 3), (os.POSIX_SPAWN_DUP2, from_chromium, 4),
                   (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 1, str(log) if log else os.devnull,
                    os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644),
                   (os.POSIX_SPAWN_DUP2, 1, 2)]
        argv = [executable, "--headless", "--remote-debugging-pipe", *args, "about:blank"]
        try:
            self._pid = os.posix_spawn(executable, argv, os.environ, file_actions=actions)
        except BaseException:
            for fd in (to_chromium, from_chromium, commands, answers):
                os.close(fd)
            raise
        os.close(to_chromium)
        os.close(from_chromium)
        self._commands, self._answers = commands, answers
        self._status: int | None = None
        self._buffer = bytearray()
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

    def _read(self, deadline: float, waiting_for: str) -> dict:
        end = self._buffer.find(b"\0")
        while end < 0:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DevToolsError(f"Chromium did not answer in time ({waiting_for})")
            ready, _, _ = select.select([self._answers], [], [], left)
            if ready:
                chunk = os.read(self._answers, 1 << 20)
                if not chunk:
                    raise DevToolsError(f"Chromium stopped ({self._exit_status()}; {waiting_for})")
                start = len(self._buffer)
                self._buffer += chunk
                end = self._buffer.find(b"\0", start)
        message = bytes(self._buffer[:end])
        del self._buffer[:end + 1]
        return json.loads(message)

    def _exit_status(self, wait: float = 1.0) -> str:
        deadline = time.monotonic() + wait
        while self.running and time.monotonic() < deadline:
            time.sleep(0.02)
        if self._status is None:
            return "still running"
        if os.WIFSIGNALED(self._status):
            return f"killed by signal {os.WTERMSIG(self._status)}"
        return f"exit code {os.WEXITSTATUS(self._status)}"

    def send(self, method: str, params: dict | None = None, tab: bool = False, timeout: float = 60) -> dict:
        """Send a command (to the tab with ``tab``) and return its result; events that arrive
        meanwhile are kept for :meth:`wait_for`."""
        ident = next(self._ids)
        message = {"id": ident, "method": method, "params": params or {}}
        if tab:
            message["sessionId"] = self.session
        data = memoryview(json.dumps(message).encode() + b"\0")
        try:
            while data:
                data = data[os.write(self._commands, data):]
        except BrokenPipeError:
            raise DevToolsError(f"Chromium stopped ({self._exit_status()}; {method})") from None
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read(deadline, method)
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
            self._events.append(self._read(deadline, event))

    def forget(self, event: str) -> None:
        """Drop the kept events ``event`` (before a command whose own event is awaited next)."""
        self._events = [m for m in self._events if m.get("method") != event]

    def evaluate(self, expression: str, timeout: float = 60):
        """Value of a JavaScript expression in the tab (a promise is awaited); a thrown error or
        rejected promise raises :class:`DevToolsError`."""
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True},
                           tab=True, timeout=timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            thrown = details.get("exception", {})
            raise DevToolsError(str(thrown.get("value") or thrown.get("description") or details.get("text", "script failed")))
        return result.get("result", {}).get("value")

    def close(self) -> None:
        """Ask Chromium to quit, then make sure it did; always safe to call again."""
        if self.running:
            try:
                self.send("Browser.close", timeout=5)
            except (DevToolsError, OSError, ValueError):
                pass
            deadline = time.monotonic() + 5
            while self.running and time.monotonic() < deadline:
                time.sleep(0.02)
            if self.running:
                os.kill(self._pid, 9)
                _, self._status = os.waitpid(self._pid, 0)
        for fd in (self._commands, self._answers):
            if fd >= 0:
                os.close(fd)
        self._commands = self._answers = -1

    @property
    def running(self) -> bool:
        """Chromium has not exited (reaped here when it has)."""
        if self._status is None:
            pid, status = os.waitpid(self._pid, os.WNOHANG)
            if pid:
                self._status = status
        return self._status is None
