"""``python -m zhili report 文件夹 -o 报告.html``: the same as the ``zhili`` command."""
from zhili.cli import main

if __name__ == "__main__":
    main()
