# zhili: a hint in Chinese for a name that is not defined yet, before classroom mode is on.
#
# Copied by tools/lab.py (make setup, make lab) into this Python environment as
# <sys.prefix>/etc/ipython/startup/00-zhili-first-cell.py, which IPython runs when a kernel (or
# the ipython shell) of this environment starts; never into the user's home. It imports nothing
# from zhili and changes nothing else: a NameError still shows IPython's usual traceback, with
# a short Chinese line above it. zl.classroom() replaces it with its own explanations (and
# zl.classroom(False) brings it back).


def _zhili_first_cell_hint():
    import re
    import sys

    try:
        shell = get_ipython()  # noqa: F821 - defined by IPython when it runs startup files
    except NameError:
        return
    if shell is None or getattr(shell, "custom_exceptions", ()):
        return  # someone else's handler is there already: leave it alone

    first_cell = {"zl": "import zhili as zl", "pd": "import pandas as pd", "np": "import numpy as np",
                  "plt": "import matplotlib.pyplot as plt"}
    menus = ("菜单 运行 → 运行选中单元格上方的所有单元格（从第一格运行到这里），"
             "或 内核 → 重启并运行所有单元格…（从头运行整本笔记本）。")

    def message(name):
        if name in first_cell:
            why = (f"{name} 是本课第一个代码格里 {first_cell[name]} 起的简称。打开笔记本或重启内核以后，"
                   "Python 什么都不记得了，要先运行本课的第一个代码格。")
        else:
            why = ("定义它的那一格还没有运行（打开笔记本或重启内核以后，Python 什么都不记得了），"
                   "或者名字写错了。请先运行本课的第一个代码格，再从上往下运行。")
        text = f"⚠ 名字 {name} 还没有定义。{why}\n办法：{menus}"
        if re.search("[\u3400-\u9fff]", name):
            text += f"\n如果“{name}”是要查找的文字，请把它放进英文双引号里：\"{name}\"。"
        return text

    def hint(self, etype, value, tb, tb_offset=None):
        try:
            name = getattr(value, "name", None)
            if not name:
                found = re.search(r"name '(.+?)' is not defined", str(value))
                name = found.group(1) if found else "?"
            print(message(name), file=sys.stdout, flush=True)
        except Exception:  # noqa: BLE001 - the hint must never hide the error itself
            pass
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)

    shell.set_custom_exc((NameError,), hint)


_zhili_first_cell_hint()
del _zhili_first_cell_hint
