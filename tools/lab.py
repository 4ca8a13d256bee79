"""Open the course in JupyterLab (run by `make lab`; without make: python tools/lab.py).

What it adds to a plain `jupyter lab`:

- the interface in Chinese, with no news pop-up and no update check: the settings in
  ``tools/lab/`` are copied into this Python environment (``sys.prefix``), never into the user's
  home, so they hold for this project only and a user's own choices still win;
- a short Chinese hint for a name that is not defined yet (``zl`` before the lesson's first cell
  ran, or after a kernel restart): ``tools/lab/kernel_startup.py`` becomes an IPython startup file of
  this environment (``{sys.prefix}/etc/ipython/startup/``), so every kernel of the course's .venv
  has it until ``zl.classroom()`` takes over; it imports nothing from zhili;
- a known port and token, so it can print in Chinese the address of the first lesson;
- on a machine where no browser can open (a server reached by SSH, no graphical session), it does
  not try to start one and explains how to reach the lesson from the user's own computer.

    python tools/lab.py                     # lessons in notebooks/, opens 00-start.ipynb
    python tools/lab.py --teacher           # the whole project, file browser at teacher/
    python tools/lab.py --ip=0.0.0.0        # reachable from other computers (make lab LAB_IP=0.0.0.0)
    python tools/lab.py --install-settings  # only copy the settings, start nothing

Any other argument goes to `jupyter lab` unchanged.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = Path(__file__).resolve().parent / "lab"
FIRST_LESSON = "00-start.ipynb"
STARTUP_NAME = "00-zhili-first-cell.py"  # the kernel start-up hint, in the environment's IPython config
DEFAULT_PORT = 8888
LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")
TOKEN_OPTIONS = ("--IdentityProvider.token=", "--ServerApp.token=", "--NotebookApp.token=")


# --- settings into the environment ------------------------------------------------------------

def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def install_settings(prefix: str | Path = sys.prefix) -> list[Path]:
    """Copy the project's JupyterLab settings into the environment at ``prefix``; return what changed.

    ``tools/lab/overrides.json`` becomes ``{prefix}/share/jupyter/lab/settings/overrides.d/zhili.json``
    (new defaults: Chinese interface, no news, no update check; a user's own settings and the
    ``overrides.json`` beside it still take precedence). ``tools/lab/page_config.json`` is merged
    into ``{prefix}/etc/jupyter/labconfig/page_config.json`` (extensions to disable).
    ``tools/lab/kernel_startup.py`` becomes ``{prefix}/etc/ipython/startup/00-zhili-first-cell.py``
    (IPython runs it when a kernel of the environment starts).
    """
    prefix = Path(prefix)
    changed = []
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "zhili.json"
    if _write_if_changed(overrides, (SETTINGS / "overrides.json").read_text(encoding="utf-8")):
        changed.append(overrides)

    page_config = prefix / "etc" / "jupyter" / "labconfig" / "page_config.json"
    ours = json.loads((SETTINGS / "page_config.json").read_text(encoding="utf-8"))
    try:
        merged = json.loads(page_config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        merged = {}
    for key, value in ours.items():
        if isinstance(value, dict):
            merged.setdefault(key, {}).update(value)
        else:
            merged[key] = value
    if _write_if_changed(page_config, json.dumps(merged, indent=2, sort_keys=True, ensure_ascii=False) + "\n"):
        changed.append(page_config)

    startup = prefix / "etc" / "ipython" / "startup" / STARTUP_NAME
    if _write_if_changed(startup, (SETTINGS / "kernel_startup.py").read_text(encoding="utf-8")):
        changed.append(startup)
    return changed


# --- where are we? -----------------------------------------------------------------------------

def is_remote(environ: dict[str, str]) -> bool:
    """True in an SSH session: a browser started here would not appear in front of the user."""
    return any(environ.get(key) for key in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


def can_open_browser(environ: dict[str, str], platform: str = sys.platform) -> bool:
    """Whether a browser started by JupyterLab would appear on the user's screen."""
    if environ.get("BROWSER"):                      # the user named one (WSL, a custom set-up)
        return True
    if platform.startswith(("win", "cygwin", "msys", "darwin")):
        return not is_remote(environ)               # a desktop, unless we came in by SSH
    # Linux and other Unix: only with a graphical session (X11 or Wayland; X forwarding counts)
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def free_port(host: str, start: int = DEFAULT_PORT, tries: int = 50) -> int:
    """The first port from ``start`` on that nothing listens on at ``host``."""
    bind_host = "127.0.0.1" if host in ("", "localhost") else host
    family = socket.AF_INET6 if ":" in bind_host else socket.AF_INET
    for port in range(start, start + tries):
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((bind_host, port))
            except OSError:
                continue
            return port
    return start


def lesson_url(host: str, port: int, token: str, path: str) -> str:
    shown = "localhost" if host in LOCAL_HOSTS else ("<服务器的 IP 地址>" if host in ("0.0.0.0", "::", "*") else host)
    url = f"http://{shown}:{port}/lab/tree/{path}"
    return f"{url}?token={token}" if token else url


def message(*, url: str, port: int, host: str, opened: bool, remote: bool, teacher: bool) -> str:
    """The Chinese lines printed once the server listens."""
    what = "教师目录 teacher/ " if teacher else "第一课 00-start "
    local = host in LOCAL_HOSTS
    tunnel = [f"         ssh -L {port}:localhost:{port} 用户名@服务器地址",
              "     保持它不关，然后在自己电脑的浏览器中打开上面的地址"
              + ("（localhost 不用改）。" if local else "（把主机名换成 localhost）。")]
    lines = ["", "=" * 72]
    if not local:
        lines += [f"JupyterLab 已启动，在网络上接受连接（--ip={host}）。{what}的地址：",
                  f"    {url}",
                  "",
                  *(["在其他电脑的浏览器中打开它，把 <服务器的 IP 地址> 换成这台电脑的 IP 地址（在这台电脑上运行",
                     "hostname -I 或 ipconfig 可以查到）。"] if "<" in url else ["在其他电脑的浏览器中打开它。"]),
                  "同一网络中的人都能连上，只靠地址里的令牌保护，用完请及时停止。",
                  "更安全的办法是 SSH 端口转发：在你自己的电脑上运行",
                  *tunnel]
    elif opened and not remote:
        lines += [f"JupyterLab 已启动，浏览器会打开{what.strip()}。浏览器没有打开时，把下面的地址复制到浏览器地址栏：",
                  f"    {url}"]
    else:
        why = "这是通过 SSH 登录的远程电脑" if remote else "这台电脑没有图形界面，无法自动打开浏览器"
        lines += [f"JupyterLab 已启动（{why}）。{what}的地址：",
                  f"    {url}",
                  "",
                  "在你自己的电脑上打开它，有两种办法：",
                  "  1. SSH 端口转发（推荐，不对外开放）：在你自己的电脑上另开一个终端，运行",
                  *tunnel,
                  "  2. 在局域网中直接访问：先按 Ctrl+C 停止，再运行  make lab LAB_IP=0.0.0.0",
                  "     （或 make lab LAB_ARGS=--ip=0.0.0.0），然后按新打印的说明打开。"]
    lines += ["", "停止：在这个终端按 Ctrl+C，再按 y 确认。", "=" * 72, ""]
    return "\n".join(lines)


# --- start --------------------------------------------------------------------------------------

def _option(args: list[str], names: tuple[str, ...]) -> str | None:
    """The value of the last ``--name=value`` or ``--name value`` among ``args``."""
    found = None
    for i, arg in enumerate(args):
        for name in names:
            if arg.startswith(name + "="):
                found = arg.split("=", 1)[1]
            elif arg == name and i + 1 < len(args):
                found = args[i + 1]
    return found


def _wait_until_listening(proc: subprocess.Popen, host: str, port: int, timeout: float = 180) -> bool:
    connect_host = "127.0.0.1" if host in ("", "localhost", "0.0.0.0", "*") else ("::1" if host == "::" else host)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection((connect_host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.25)
    return False


def main(argv: list[str]) -> int:
    args = list(argv)
    if "--install-settings" in args:
        for path in install_settings():
            print("已写入 JupyterLab 设置：", path)
        return 0
    teacher = "--teacher" in args
    args = [a for a in args if a != "--teacher"]
    install_settings()

    host = _option(args, ("--ip", "--ServerApp.ip")) or "localhost"
    given_port = _option(args, ("--port", "--ServerApp.port"))
    port = int(given_port) if given_port else free_port(host)
    token = next((a.split("=", 1)[1] for a in args for o in TOKEN_OPTIONS if a.startswith(o)), None)
    if token is None:
        token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)

    remote = is_remote(os.environ)
    opened = can_open_browser(os.environ) and "--no-browser" not in args
    cmd = [sys.executable, "-m", "jupyterlab", "--ServerApp.port_retries=0"]
    if not given_port:
        cmd.append(f"--port={port}")
    if not any(a.startswith(TOKEN_OPTIONS) for a in args):
        cmd.append(f"--IdentityProvider.token={token}")
    if teacher:
        cmd += [f"--ServerApp.root_dir={ROOT}", "--ServerApp.default_url=/lab/tree/teacher"]
        path = "teacher"
    else:
        cmd += [f"--ServerApp.root_dir={ROOT / 'notebooks'}", str(ROOT / "notebooks" / FIRST_LESSON)]
        path = FIRST_LESSON
    if not opened:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root; Jupyter refuses it unless told
    cmd += args

    proc = subprocess.Popen(cmd, cwd=ROOT)
    if hasattr(signal, "SIGTERM"):
        def forward(signum, _frame):
            proc.send_signal(signum)
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                signal.signal(sig, forward)
    try:
        if _wait_until_listening(proc, host, port):
            time.sleep(0.5)  # after Jupyter's own start-up lines
            print(message(url=lesson_url(host, port, token, path), port=port, host=host,
                          opened=opened, remote=remote, teacher=teacher), flush=True)
    except KeyboardInterrupt:
        pass
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Jupyter itself asks whether to stop
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
