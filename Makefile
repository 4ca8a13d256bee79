# zhili — two commands for users (`make lab`, `make test`), a few for developers.
# Every target sets up .venv from requirements/lock.txt when it is missing or out of date;
# a second run installs nothing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.zhili-installed
# Jupyter refuses to run as root (containers, CI) unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

.PHONY: help setup lab test test-fast bench lock clean

help:
	@echo "make lab    安装环境并在 notebooks/ 打开 JupyterLab"
	@echo "make test   安装环境并运行全部测试（含 nbval 笔记本校验）"
	@echo "make bench  运行 benchmarks/ 中的性能测评"
	@echo "make lock   重新生成 requirements/lock.txt（开发者使用）"

setup: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks notebooks/00-start.ipynb $(ROOT_FLAG)

test: $(STAMP)
	$(BIN)/python -m pytest tests src/zhili notebooks teacher/solutions --doctest-modules --nbval --nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -x -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Regenerate the pinned lock (all platforms, Python 3.10–3.13) after changing pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml --extra dev --universal --python-version 3.10 \
		--no-header --custom-compile-command "make lock" -o requirements/lock.txt

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
