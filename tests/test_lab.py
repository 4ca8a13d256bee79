"""`make lab` (tools/lab.py): Chinese JupyterLab without pop-ups, and a clear way in from a server."""
from __future__ import annotations

import importlib.util
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("zhili_lab", ROOT / "tools" / "lab.py")
lab = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lab)


@pytest.mark.parametrize("environ, platform, expected", [
    ({}, "linux", False),                                            # server, container, CI
    ({"DISPLAY": ":0"}, "linux", True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({"DISPLAY": ""}, "linux", False),
    ({"SSH_CONNECTION": "1 2 3 4", "DISPLAY": "localhost:10.0"}, "linux", True),   # X forwarding
    ({"SSH_CONNECTION": "1 2 3 4"}, "linux", False),
    ({}, "darwin", True),
    ({"SSH_CLIENT": "1 2 3"}, "darwin", False),                      # a Mac reached by SSH
    ({}, "win32", True),
    ({"BROWSER": "wslview"}, "linux", True),                         # WSL with a browser named
])
def test_can_open_browser(environ, platform, expected):
    assert lab.can_open_browser(environ, platform) is expected


def test_headless_message_points_to_the_first_lesson_and_the_ways_in():
    url = lab.lesson_url("localhost", 8888, "abc", "00-start.ipynb")
    assert url == "http://localhost:8888/lab/tree/00-start.ipynb?token=abc"
    text = lab.message(url=url, port=8888, host="localhost", opened=False, remote=True, teacher=False)
    assert url in text and "第一课" in text
    assert "ssh -L 8888:localhost:8888 用户名@服务器地址" in text
    assert "make lab LAB_IP=0.0.0.0" in text and "LAB_ARGS=--ip=0.0.0.0" in text


def test_message_on_the_network_and_on_a_desktop():
    url = lab.lesson_url("0.0.0.0", 8890, "t", "00-start.ipynb")
    assert url.startswith("http://<服务器的 IP 地址>:8890/lab/tree/00-start.ipynb")
    text = lab.message(url=url, port=8890, host="0.0.0.0", opened=False, remote=False, teacher=False)
    assert "hostname -I" in text and "令牌" in text and "ssh -L 8890:localhost:8890" in text
    text = lab.message(url=lab.lesson_url("localhost", 8888, "t", "teacher"), port=8888, host="localhost",
                       opened=True, remote=False, teacher=True)
    assert "浏览器会打开教师目录 teacher/" in text and "ssh" not in text


def test_settings_go_into_the_environment_and_keep_other_page_config(tmp_path):
    labconfig = tmp_path / "etc" / "jupyter" / "labconfig" / "page_config.json"
    labconfig.parent.mkdir(parents=True)
    labconfig.write_text(json.dumps({"disabledExtensions": {"other": True}}))
    assert len(lab.install_settings(tmp_path)) == 3
    assert lab.install_settings(tmp_path) == [], "a second run changes nothing"
    overrides = json.loads((tmp_path / "share/jupyter/lab/settings/overrides.d/zhili.json").read_text())
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false",
                                                                       "checkForUpdates": False}
    page = json.loads(labconfig.read_text())
    assert page["disabledExtensions"] == {"other": True, "@jupyterlab/mathjax3-extension": True}
    startup = tmp_path / "etc" / "ipython" / "startup" / lab.STARTUP_NAME  # IPython's start-up folder of the env
    assert startup.read_text(encoding="utf-8") == (ROOT / "tools" / "lab" / "kernel_startup.py").read_text(encoding="utf-8")
    assert "import zhili" not in startup.read_text(encoding="utf-8").replace("import zhili as zl", "")


def test_override_keys_exist_in_the_installed_jupyterlab():
    """The settings name real properties of the installed JupyterLab, with values its schemas accept."""
    jupyter = Path(sys.prefix) / "share" / "jupyter"
    overrides = json.loads((ROOT / "tools" / "lab" / "overrides.json").read_text(encoding="utf-8"))
    for plugin, values in overrides.items():
        package, name = plugin.split(":")
        core = jupyter / "lab" / "schemas" / package / f"{name}.json"                      # JupyterLab's own
        extension = jupyter / "labextensions" / package / "schemas" / package / f"{name}.json"  # e.g. RISE
        schema = core if core.exists() else extension
        props = json.loads(schema.read_text(encoding="utf-8"))["properties"]
        for key, value in values.items():
            assert key in props, (plugin, key)
            allowed = [c["const"] for c in props[key].get("oneOf", [])]
            assert not allowed or value in allowed, (plugin, key, value)
    languages = subprocess.run([sys.executable, "-c", "import jupyterlab_language_pack_zh_CN"])
    assert languages.returncode == 0, "the Chinese language pack is installed (course extra)"


@pytest.mark.skipif(os.name != "posix", reason="signals and a free port as on Linux and macOS")
def test_lab_headless_starts_in_chinese_and_prints_the_lesson_address(tmp_path):
    port = lab.free_port("localhost", 18888)
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY",
                        "JUPYTER_TOKEN")}
    # the user's own JupyterLab settings and state stay out of it (and untouched)
    env.update(JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    proc = subprocess.Popen([sys.executable, str(ROOT / "tools" / "lab.py"), f"--port={port}"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    seen = []
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            found = re.search(r"http://localhost:%d/lab/tree/00-start\.ipynb\?token=(\w+)" % port, line)
            url = found and found.group(0)
        assert url, "".join(seen[-30:])
        while not seen[-1].startswith("=" * 20) and time.monotonic() < deadline:  # the rest of the message
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                pass
        text = "".join(seen)
        assert "没有图形界面" in text and "ssh -L" in text
        token = url.rsplit("=", 1)[1]

        def setting(plugin):
            request = urllib.request.Request(f"http://127.0.0.1:{port}/lab/api/settings/{plugin}",
                                             headers={"Authorization": f"token {token}"})
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=30) as response:
                data = json.load(response)
            props = data["schema"]["properties"]
            return {k: data["settings"].get(k, v.get("default")) for k, v in props.items()}

        assert setting("@jupyterlab/translation-extension:plugin")["locale"] == "zh_CN"
        news = setting("@jupyterlab/apputils-extension:notification")
        assert news["fetchNews"] == "false" and news["checkForUpdates"] is False
        assert setting("jupyterlab-rise:plugin")["scroll"] is True     # long lesson slides scroll
    finally:
        proc.send_signal(signal.SIGTERM)   # tools/lab.py passes it on to JupyterLab
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
