# zhili — two commands for users (`make lab`, `make test`), a few for lecturers and developers.
# Every target first checks .venv (tools/ensure_venv.py: rebuilds a half-made or broken one, and says
# in Chinese what to install when Python or its venv module is missing), then installs it from
# requirements/lock.txt when that or pyproject.toml changed; a second run installs nothing.

ifeq ($(OS),Windows_NT)
PYTHON ?= python
BIN    := .venv/Scripts
else
PYTHON ?= python3
BIN    := .venv/bin
endif
VENV   := .venv
STAMP  := $(VENV)/.zhili-installed
# make lab LAB_IP=0.0.0.0 (reachable from other computers), LAB_PORT=8890, LAB_ARGS="any jupyter lab option"
LAB_IP   ?=
LAB_PORT ?=
LAB_ARGS ?=
LAB_OPTS  = $(if $(LAB_IP),--ip=$(LAB_IP)) $(if $(LAB_PORT),--port=$(LAB_PORT)) $(LAB_ARGS)
NBVAL     = --nbval --nbval-sanitize-with tests/sanitize.cfg

.PHONY: help setup venv-install lab lab-teacher test test-fast handout bench lock clean

help:
	@echo "make lab          安装环境并在 notebooks/ 打开 JupyterLab（中文界面），从第一课开始"
	@echo "make test         安装环境并运行全部测试（含 nbval 笔记本校验）"
	@echo "make lab-teacher  教师用：在项目根目录打开 JupyterLab（含 teacher/ 参考答案和教学指南）"
	@echo "make handout      教师用：生成学生讲义 dist/handout/ 和 dist/zhili-handout.zip"
	@echo "make bench        运行 benchmarks/ 中的性能测评"
	@echo "make lock         重新生成 requirements/lock.txt（开发者使用）"
	@echo "选项：PYTHON=python3.12  LAB_IP=0.0.0.0  LAB_PORT=8890  LAB_ARGS=..."

# Check (and if need be rebuild) .venv, then install into it in a fresh make, which sees the stamp
# as it is after the check: a rebuilt venv has none, so everything is installed again.
setup:
	@if $(BIN)/python -c "" >/dev/null 2>&1; then py="$(BIN)/python"; \
	else py=""; for c in $(firstword $(PYTHON)) python3 python; do \
	  if command -v "$$c" >/dev/null 2>&1 && "$$c" -c "" >/dev/null 2>&1; then py="$$c"; break; fi; done; fi; \
	if [ -z "$$py" ]; then \
	  echo "错误：找不到 Python（$(PYTHON)）。请先安装 Python 3.10–3.13：" >&2; \
	  echo "  Debian / Ubuntu：sudo apt install python3 python3-venv" >&2; \
	  echo "  macOS、Windows：从 python.org 下载安装 Python 3.12" >&2; \
	  echo "  装好后重新运行，或指定用哪个 Python：make lab PYTHON=python3.12" >&2; exit 1; fi; \
	"$$py" tools/ensure_venv.py "$(VENV)" "$(PYTHON)"
	@$(MAKE) --no-print-directory venv-install

venv-install: $(STAMP)
	@:

$(STAMP): requirements/lock.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python tools/lab.py --install-settings
	@touch $(STAMP)

lab: setup
	$(BIN)/python tools/lab.py $(LAB_OPTS)

lab-teacher: setup
	$(BIN)/python tools/lab.py --teacher $(LAB_OPTS)

test: setup
	$(BIN)/python -m pytest tests src/zhili notebooks teacher/solutions --doctest-modules $(NBVAL) -p no:cacheprovider

test-fast: setup
	$(BIN)/python -m pytest tests -x -q -p no:cacheprovider

# Student handout: lessons without solutions (outputs cleared), the corpus they read, and offline
# HTML pages with the outputs for reading; the zip is byte-for-byte the same on every run.
handout: setup
	$(BIN)/python tools/make_handout.py --out dist

bench: setup
	$(BIN)/python benchmarks/run.py

# Regenerate the pinned lock (all platforms, Python 3.10–3.13) after changing pyproject.toml.
# The dev extra includes the course extra (JupyterLab, its Chinese language pack, RISE).
lock: setup
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml --extra dev --universal --python-version 3.10 \
		--no-header --custom-compile-command "make lock" -o requirements/lock.txt

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
