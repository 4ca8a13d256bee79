# -*- coding: utf-8 -*-
"""Make sure .venv is a working virtual environment for the kit; rebuild it if it is half-made.

Run by `make` before it installs anything:  PY tools/ensure_venv.py VENV PYTHON
where PY is whichever Python can run this file (the venv's own when it works) and PYTHON is the
command that creates the venv (`make lab PYTHON=python3.12`).

- .venv missing → create it with PYTHON.
- .venv half-made or broken (no Python in it, a Python that no longer starts, no pip — which is
  what `python3 -m venv` leaves on Debian/Ubuntu without the python3-venv package — or a Python
  outside 3.10–3.13) → say so in Chinese, remove it and create it again.
- PYTHON missing, too old or too new, or unable to create a venv → say in Chinese what to install
  on this platform, remove what it left, exit 1.

Exit status 0 means: VENV/bin/python (Scripts\\python.exe on Windows) runs, imports pip, and is a
supported version. The file parses under old Pythons too, so that a too-old PYTHON gets the Chinese
message rather than a SyntaxError: no f-strings, no annotations.
"""
from __future__ import print_function

import os
import shlex
import shutil
import subprocess
import sys

SUPPORTED = ((3, 10), (3, 13))
PROBE = "import sys; print('%d.%d' % sys.version_info[:2]); import pip"


def say(text):
    """Print a message; never fail on a terminal that cannot show Chinese."""
    try:
        print(text, file=sys.stderr)
    except UnicodeEncodeError:
        data = (text + "\n").encode(getattr(sys.stderr, "encoding", None) or "utf-8", "replace")
        getattr(sys.stderr, "buffer", sys.stderr).write(data)
    sys.stderr.flush()


def supported_text():
    return "%d.%d–%d.%d" % (SUPPORTED[0] + SUPPORTED[1])


def venv_python(venv):
    if os.name == "nt":
        return os.path.join(venv, "Scripts", "python.exe")
    return os.path.join(venv, "bin", "python")


def split_command(python):
    return shlex.split(python, posix=(os.name != "nt")) if python.strip() else []


def run(cmd):
    """(exit code, stdout + stderr) of a command; (None, reason) when it cannot start at all."""
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = proc.communicate()[0]
    except OSError as err:
        return None, str(err)
    return proc.returncode, out.decode("utf-8", "replace")


def version_of(cmd):
    """'3.11' for a command that runs Python, else None."""
    code, out = run(list(cmd) + ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
    if code != 0:
        return None
    lines = out.strip().splitlines()
    return lines[-1].strip() if lines else None


def is_supported(version):
    try:
        major, minor = (int(x) for x in version.split(".")[:2])
    except (AttributeError, ValueError):
        return False
    return SUPPORTED[0] <= (major, minor) <= SUPPORTED[1]


def diagnose(venv):
    """None if ``venv`` is usable, else a short Chinese reason why not."""
    if not os.path.isdir(venv):
        return "missing"
    python = venv_python(venv)
    if os.path.islink(python) and not os.path.exists(python):
        return "%s 里的 Python 指向的程序已不存在（%s）：创建它的 Python 已被升级或删除" % (venv, os.path.realpath(python))
    if not os.path.isfile(python):
        return "%s 里没有 Python（%s），可能是上次创建到一半就失败了" % (venv, python)
    code, out = run([python, "-c", PROBE])
    if code is None:
        return "%s 里的 Python 无法启动（%s）：多半是创建它的 Python 已被升级或删除" % (venv, out.strip())
    lines = out.strip().splitlines()
    version = lines[0].strip() if lines else ""
    if version[:1].isdigit() and not is_supported(version):
        return "%s 里的 Python 是 %s 版，本工具包需要 %s" % (venv, version, supported_text())
    if code != 0 and "pip" in out:
        return "%s 里没有 pip：创建时缺少 ensurepip（Debian/Ubuntu 上需要 python3-venv 软件包）" % venv
    if code != 0:
        return "%s 里的 Python 运行出错：%s" % (venv, lines[-1] if lines else code)
    return None


def platform_help(python, version=None):
    """What to install, for this platform, in Chinese (``version``: of a Python that lacks venv)."""
    lines = []
    if sys.platform.startswith("linux"):
        if os.path.exists("/etc/debian_version"):
            pkg = "python3 python3-venv"
            if version:
                pkg = "python3-venv（Python %s 不是系统默认版本时装 python%s-venv）" % (version, version)
            lines.append("  Debian / Ubuntu：sudo apt install %s" % pkg)
            lines.append("                   （中文字体：sudo apt install fonts-noto-cjk，浏览器里的中文才不会显示成方框）")
        else:
            lines.append("  Linux：用发行版的软件包管理器安装 Python 3.12 及其 venv 模块"
                         "（如 Fedora：sudo dnf install python3.12）")
    elif sys.platform == "darwin":
        lines.append("  macOS：从 python.org 下载安装 Python 3.12（或 brew install python@3.12）")
    elif os.name == "nt" or sys.platform.startswith(("cygwin", "msys")):
        lines.append("  Windows：从 python.org 下载安装 Python 3.12，安装时勾选“Add python.exe to PATH”")
    else:
        lines.append("  请安装 Python 3.12（python.org）")
    lines.append("  装好后重新运行，也可以指定用哪个 Python：make lab PYTHON=python3.12")
    return "\n".join(lines)


def remove(venv):
    """Delete a broken venv, but only if it looks like one (never a folder of the user's own)."""
    if not os.path.exists(venv):
        return True
    looks_like_venv = os.path.isfile(os.path.join(venv, "pyvenv.cfg")) or not os.listdir(venv)
    if not looks_like_venv:
        say("错误：%s 不是一个虚拟环境（里面没有 pyvenv.cfg），为安全起见不删除它。请把它改名或删除后重试。" % venv)
        return False
    shutil.rmtree(venv, ignore_errors=True)
    if os.path.exists(venv):
        say("错误：无法删除 %s。请关闭正在使用它的程序（如 JupyterLab），手动删除后重试。" % venv)
        return False
    return True


def create(venv, python):
    """Create ``venv`` with the command ``python``; 0 on success, 1 with a Chinese message."""
    cmd = split_command(python)
    if not cmd:
        say("错误：没有指定 Python（PYTHON 为空）。例如：make lab PYTHON=python3.12")
        return 1
    version = version_of(cmd)
    if version is None:
        say("错误：找不到可以运行的 Python：%s" % python)
        say("请先安装 Python %s：" % supported_text())
        say(platform_help(python))
        return 1
    if not is_supported(version):
        say("错误：%s 是 Python %s，本工具包需要 Python %s。" % (python, version, supported_text()))
        say("请安装一个合适的版本，并用 PYTHON= 指定它：")
        say(platform_help(python))
        return 1
    say("正在用 %s（Python %s）创建虚拟环境 %s ……" % (python, version, venv))
    code, out = run(cmd + ["-m", "venv", venv])
    problem = diagnose(venv)
    if code != 0 or problem:
        if out.strip():
            say(out.strip())
        say("")
        say("错误：用 %s 创建虚拟环境失败%s。" % (python, "：" + problem if problem and problem != "missing" else ""))
        say("请安装 Python 的 venv 模块后重试：")
        say(platform_help(python, version))
        remove(venv)
        return 1
    return 0


def main(argv):
    if len(argv) != 2:
        say("用法：python tools/ensure_venv.py VENV PYTHON")
        return 2
    venv, python = argv
    problem = diagnose(venv)
    if problem is None:
        return 0
    if problem != "missing":
        say("发现不完整或损坏的虚拟环境：%s。" % problem)
        say("将删除 %s 并重新创建。" % venv)
        if not remove(venv):
            return 1
    return create(venv, python)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
