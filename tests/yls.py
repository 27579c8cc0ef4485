"""A small Language Server Protocol client that drives the real yaml-language-server over stdio.

Used by tests/test_editor_help.py to check what an editor shows on hover and completion: the same server
the VS Code YAML extension runs (installed by ``.ci/run`` from ``.ci/npm``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path
from queue import Empty, Queue
from typing import Any

SERVER = Path(__file__).resolve().parent.parent / ".ci" / "npm" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def available() -> bool:
    return SERVER.exists() and shutil.which("node") is not None


class YamlLanguageServer:
    """One server process; ``hover``/``completion`` on files given by path (they are opened as they are)."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.responses: Queue[dict[str, Any]] = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(), "workspaceFolders": [{"uri": root.as_uri(), "name": "repo"}],
            "capabilities": {"textDocument": {
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"]}},
            }, "workspace": {"configuration": True}},
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self._settings()})
        self.opened: set[str] = set()

    @staticmethod
    def _settings() -> dict[str, Any]:
        return {"yaml": {"hover": True, "completion": True, "validate": True, "schemaStore": {"enable": False}}}

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        assert self.process.stdin
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        out = self.process.stdout
        assert out
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(out.read(length).decode("utf-8"))
            if "method" in message and "id" in message:  # a request from the server: answer it
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [self._settings()["yaml"] if i.get("section") == "yaml" else None
                              for i in message["params"]["items"]]
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif "id" in message:
                self.responses.put(message)

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            try:
                message = self.responses.get(timeout=timeout)
            except Empty:
                raise TimeoutError(f"yaml-language-server did not answer {method}") from None
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result")

    def _open(self, file: Path) -> str:
        uri = file.resolve().as_uri()
        if uri not in self.opened:
            self.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": file.read_text(encoding="utf-8")}})
            self.opened.add(uri)
        return uri

    def hover(self, file: Path, line: int, character: int) -> str:
        """The hover text at a 0-based position (markdown as the server sends it)."""
        result = self.request("textDocument/hover", {"textDocument": {"uri": self._open(file)},
                                                     "position": {"line": line, "character": character}})
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def completion(self, file: Path, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request("textDocument/completion", {"textDocument": {"uri": self._open(file)},
                                                          "position": {"line": line, "character": character}})
        return (result or {}).get("items", []) if isinstance(result, dict) else (result or [])

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
        except (TimeoutError, RuntimeError, BrokenPipeError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
