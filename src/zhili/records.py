"""Run provenance: everything a reader needs to check that a table came from the same inputs.

(The module is ``records`` so that ``zl.provenance`` stays a function.)

:func:`provenance` gathers, for one analysis run,

- **工具** the kit, lexicon, theory framework and coding dictionary, each with its version and a
  SHA-256 digest of the data files actually used (a locally edited lexicon shows a new digest
  under the same version number);
- **语料** where it was read from, its digest (:meth:`Corpus.digest`), size, the load report's
  counts by status and every file that was *not* read as a document (ignored, unsupported,
  broken …) with the reason;
- **分词** the backend, unit and settings, and every stopword list in force with its origin
  (the kit's lists, the researcher's ``extra_stopwords`` and ``keep``);
- **参数** the researcher's own choices (``params=``);
- **环境** Python, the platform and the version of each library an analysis depends on (Louvain
  communities, for one, depend on the networkx version);
- **运行** the run date, in its own field (the only value that changes from one run to the next).

The result prints as a short Chinese record to paste into an appendix, converts to a table
(:meth:`Provenance.table`) or a dict, and saves as JSON or CSV. :func:`save_results` writes a
study's tables, figures and networks together with the provenance and a manifest of digests;
the kit's other exports (:func:`zhili.export_network`, :meth:`SupervisedCoder.save`, the
validation sheet) carry it too.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import platform
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ._errors import ZhiliError

__all__ = ["Provenance", "provenance", "save_results", "PACKAGES"]

#: Distributions whose versions are recorded (name shown → distribution name on PyPI).
PACKAGES: dict[str, str] = {
    "jieba": "jieba",
    "rjieba": "rjieba",
    "pandas": "pandas",
    "numpy": "numpy",
    "scipy": "scipy",
    "scikit-learn": "scikit-learn",
    "networkx": "networkx",
    "matplotlib": "matplotlib",
    "wordcloud": "wordcloud",
    "opencc": "opencc",
    "ahocorasick-rs": "ahocorasick-rs",
    "charset-normalizer": "charset-normalizer",
    "pypdfium2": "pypdfium2",
    "python-docx": "python-docx",
    "trafilatura": "trafilatura",
    "markdown-it-py": "markdown-it-py",
    "PyYAML": "PyYAML",
    "openpyxl": "openpyxl",
}

_NOT_INSTALLED = "未安装"
_SECTIONS = {"run": "运行", "kit": "工具", "corpus": "语料", "tokens": "分词", "params": "参数",
             "environment": "环境"}


def _sha256_files(paths: Iterable[str | Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        p = Path(p)
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return _NOT_INSTALLED


def _environment() -> dict[str, str]:
    env = {
        "Python": platform.python_version(),
        "平台": f"{platform.system()}-{platform.machine()}",
    }
    env.update({name: _version(dist) for name, dist in PACKAGES.items()})
    return env


def _lexicon_info() -> dict[str, Any]:
    from . import lexicon

    folder = Path(lexicon.__file__).parent
    # term_frequencies.tsv is derived data (the segmenter frequencies computed from the lexicon, the
    # framework and jieba, whose digests it records); the tokens' settings carry its effect ("terms")
    files = sorted(p for p in folder.iterdir()
                   if (p.suffix in (".tsv", ".txt") or p.name == "VERSION") and p.name != "term_frequencies.tsv")
    return {"version": lexicon.LEXICON_VERSION, "sha256": _sha256_files(files),
            "files": [p.name for p in files]}


def _framework_info(fw: Any) -> dict[str, Any]:
    return {"version": str(fw.version), "sha256": _sha256_files(fw.files),
            "files": [Path(f).name for f in fw.files]}


def _dictionary_info(d: Any) -> dict[str, Any]:
    info = {"name": d.name, "version": str(d.version)}
    if getattr(d, "path", ""):
        info["sha256"] = _sha256_files([d.path])
        info["file"] = Path(d.path).name
    return info


def _json_value(value: Any) -> Any:
    """Parameters as JSON-safe values (paths and other objects as text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_json_value(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return str(value)


def _corpus_info(corpus: Any) -> dict[str, Any]:
    report = corpus.report
    counts = report["status"].value_counts().sort_index() if len(report) else None
    not_read = []
    if len(report):
        for row in report[report["status"] != "ok"].itertuples(index=False):
            not_read.append({"file": str(row.file), "status": str(row.status), "message": str(row.message)})
    docs = corpus.docs
    return {
        "source": getattr(corpus, "source", None),
        "digest": corpus.digest(),
        "n_documents": len(corpus),
        "n_characters": int(docs["text"].str.len().sum()) if len(corpus) else 0,
        "report_counts": {str(k): int(v) for k, v in counts.items()} if counts is not None else {},
        "not_read": not_read,
    }


def _stopword_lists(tokens: Any) -> list[dict[str, Any]]:
    """Every word list that decided which tokens were dropped, with its origin."""
    from . import lexicon

    meta = tokens.meta
    settings = meta.get("settings", {})
    lists: list[dict[str, Any]] = []
    if settings.get("stopwords"):
        for kind, label in (("general", "通用停用词"), ("policy", "政策话语停用词")):
            words = lexicon.stopwords(kind)
            lists.append({"list": label, "origin": f"zhili 词表 {lexicon._WORDLIST_FILES[kind]}（{settings['stopwords']}）",
                          "effect": "去掉", "n": len(words)})
        keep = lexicon.policy_keep()
        lists.append({"list": "政策保留词", "origin": f"zhili 词表 {lexicon._KEEP_FILE}（{settings['stopwords']}）",
                      "effect": "保留（不作停用词）", "n": len(keep)})
    extra = meta.get("extra_stopwords")
    if extra:
        from .casebook import WRITING_STOPWORDS

        origin = "研究者的参数 extra_stopwords"
        if set(WRITING_STOPWORDS) <= set(extra):
            origin += "（含案例库的写作用语 zl.casebook.WRITING_STOPWORDS）"
        lists.append({"list": "额外停用词", "origin": origin, "effect": "去掉", "n": len(extra), "words": list(extra)})
    keep_words = meta.get("keep")
    if keep_words:
        lists.append({"list": "保留词", "origin": "研究者的参数 keep", "effect": "保留（不作停用词）",
                      "n": len(keep_words), "words": list(keep_words)})
    if settings.get("lexicon"):
        lists.append({"list": "词表词条", "origin": f"zhili 词表与理论框架（{settings['lexicon']}）",
                      "effect": "保留（词条从不作停用词）", "n": int(meta.get("n_terms", 0))})
    return lists


def _tokens_info(tokens: Any) -> dict[str, Any]:
    meta = tokens.meta
    return {
        "backend": meta.get("backend"),
        "unit": meta.get("unit"),
        "n_units": len(tokens),
        "n_tokens": int(tokens.n_tokens),
        "n_stopwords": int(meta.get("n_stopwords", 0)),
        "settings": _json_value(meta.get("settings", {})),
        "stopword_lists": _stopword_lists(tokens),
    }


#: Chinese names of the tokenizer's settings, shown with the key of the JSON file in brackets.
_SETTING_LABELS = {
    "kit": "工具版本", "format": "结果格式版本", "segmenter": "分词器", "hmm": "识别未登录词",
    "pos": "标注词性", "lexicon": "治理词表版本", "framework": "理论框架版本", "terms": "词条与词频指纹",
    "stopwords": "停用词表版本", "stopword_set": "实际停用词指纹", "punct": "保留标点", "numbers": "保留数字",
    "aliases": "括号写法表指纹", "unit": "分析单位",
}


def _setting_label(key: str) -> str:
    """``词表版本（lexicon）``: the Chinese name with the JSON key (a key the kit does not know: as is)."""
    label = _SETTING_LABELS.get(key)
    return f"{label}（{key}）" if label else f"设置 {key}"


def _setting_value(value: Any) -> str:
    """是/否 for switches, （无） for a setting not in use, the text of anything else."""
    if value is True or value is False:
        return "是" if value else "否"
    return "（无）" if value is None else str(value)


@dataclass
class Provenance:
    """The provenance of one run (see :func:`provenance`). Sections are plain dicts.

    ``run`` holds the run date; ``kit`` the kit, lexicon, framework and dictionary versions and
    digests; ``corpus`` and ``tokens`` are ``None`` when not given; ``params`` the researcher's
    choices; ``environment`` Python, platform and library versions.
    """

    run: dict[str, Any]
    kit: dict[str, Any]
    corpus: dict[str, Any] | None = None
    tokens: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ conversions
    def to_dict(self) -> dict[str, Any]:
        """All sections as one JSON-safe dict (section names in English, as in the JSON file)."""
        return {"format": "zhili-provenance/1", "run": self.run, "kit": self.kit, "corpus": self.corpus,
                "tokens": self.tokens, "params": self.params, "environment": self.environment}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    def _rows(self) -> list[tuple[str, str, str]]:
        rows: list[tuple[str, str, str]] = [("运行", "运行时间", self.run["date"])]
        kit = self.kit
        rows.append(("工具", "zhili", kit["zhili"]))
        rows.append(("工具", "词表", f"{kit['lexicon']['version']}（SHA-256 {kit['lexicon']['sha256'][:12]}…）"))
        rows.append(("工具", "理论框架", f"{kit['framework']['version']}（SHA-256 {kit['framework']['sha256'][:12]}…）"))
        for d in kit.get("dictionaries", []):
            digest = f"（SHA-256 {d['sha256'][:12]}…）" if "sha256" in d else ""
            rows.append(("工具", f"编码词典 {d['name']}", f"{d['version']}{digest}"))
        if self.corpus is not None:
            c = self.corpus
            rows.append(("语料", "来源", str(c["source"]) if c["source"] else "（在内存中构建）"))
            rows.append(("语料", "摘要（SHA-256）", c["digest"]))
            rows.append(("语料", "文档数", str(c["n_documents"])))
            rows.append(("语料", "字数", str(c["n_characters"])))
            counts = "、".join(f"{k} {v}" for k, v in c["report_counts"].items()) or "（没有读取报告）"
            rows.append(("语料", "读取报告", counts))
            if c["not_read"]:
                from .corpus import STATUSES

                for item in c["not_read"]:
                    status = item["status"]
                    what = f"{status}（{STATUSES[status]}）" if status in STATUSES else status
                    rows.append(("语料", f"未作为文档读入：{item['file']}",
                                 f"{what}：{item['message']}" if item["message"] else what))
            else:
                rows.append(("语料", "未作为文档读入的文件", "（无）"))
        if self.tokens is not None:
            t = self.tokens
            rows.append(("分词", "后端", str(t["backend"])))
            rows.append(("分词", "分析单位", f"{t['unit']}（{t['n_units']} 个，{t['n_tokens']} 个词）"))
            for k, v in t["settings"].items():
                rows.append(("分词", _setting_label(k), _setting_value(v)))
            for sw in t["stopword_lists"]:
                value = f"{sw['effect']} {sw['n']} 个词；来源：{sw['origin']}"
                if "words" in sw:
                    value += "；" + "、".join(sw["words"])
                rows.append(("分词", sw["list"], value))
            rows.append(("分词", "实际停用词合计", f"{t['n_stopwords']} 个"))
        for k, v in self.params.items():
            rows.append(("参数", str(k), json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v))
        for k, v in self.environment.items():
            rows.append(("环境", k, v))
        return rows

    def table(self):
        """The record as a table with columns 类别, 项目, 值 (all text), for saving as CSV."""
        import pandas as pd

        return pd.DataFrame(self._rows(), columns=["类别", "项目", "值"])

    def __str__(self) -> str:
        lines = [f"溯源记录（zhili {self.kit['zhili']}）"]
        current = None
        for section, item, value in self._rows():
            if section != current:
                lines.append(f"【{section}】")
                current = section
            # versions are written "名称 == 版本" so that a notebook check can mask them
            sep = " == " if section == "环境" else "："
            lines.append(f"  {item}{sep}{value}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # IPython: the Chinese record, not a dataclass dump
        p.text(str(self))

    # ------------------------------------------------------------------ saving
    def save(self, path: str | Path) -> Path:
        """Write the record: ``.json`` (all fields) or ``.csv`` (the table, UTF-8 with BOM)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".json", ".csv"):
            raise ZhiliError(f"无法把溯源记录保存为 {path.name!r}：文件名应以 .json 或 .csv 结尾。")
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".json":
            path.write_text(self.to_json(), encoding="utf-8")
        else:
            self.table().to_csv(path, index=False, encoding="utf-8-sig")
        return path


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def provenance(data: Any = None, *, corpus: Any = None, tokens: Any = None, dictionary: Any = None,
               framework: Any = None, params: Mapping[str, Any] | None = None) -> Provenance:
    """Record the provenance of a run: kit and data versions, corpus, tokenizing, parameters, environment.

    Parameters
    ----------
    data : Corpus or Tokens, optional
        What the analyses ran on. A :class:`~zhili.Tokens` also gives its corpus; a
        :class:`~zhili.Corpus` gives only the corpus part.
    corpus, tokens : optional
        The same, by name (when both are used, e.g. a corpus and tokens of a subset of it).
    dictionary : Dictionary or str or list, optional
        Coding dictionaries used (objects from :func:`zhili.load_dictionary` or built-in names
        such as ``"theory"``). The built-in theory dictionary is recorded by default.
    framework : Framework, optional
        The framework used, when it is not the built-in one (``zl.framework(extra)``).
    params : mapping, optional
        The researcher's choices (top_n, seed, grouping …), recorded as given.

    Returns
    -------
    Provenance
        Prints as a Chinese record; ``.table()``, ``.to_dict()``, ``.save("溯源.json")``.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize(["坚持共同缔造。"], cache=False, extra_stopwords=["坚持"])
    >>> p = zl.provenance(toks, params={"seed": 42})
    >>> p.corpus["n_documents"], p.tokens["unit"], p.params
    (1, 'sentence', {'seed': 42})
    >>> [s["words"] for s in p.tokens["stopword_lists"] if s["list"] == "额外停用词"]
    [['坚持']]
    >>> p.table()["类别"].unique().tolist()
    ['运行', '工具', '语料', '分词', '参数', '环境']
    """
    from . import __version__
    from .corpus import Corpus
    from .dictionaries import load_dictionary
    from .theory import framework as _framework
    from .tokens import Tokens

    if data is not None:
        if isinstance(data, Tokens):
            tokens = tokens if tokens is not None else data
        elif isinstance(data, Corpus):
            corpus = corpus if corpus is not None else data
        else:
            raise ZhiliError(f"zl.provenance 的第一个参数应为语料（zl.load_corpus 的结果）或分词结果"
                             f"（zl.tokenize 的结果），收到的是 {type(data).__name__}。")
    if tokens is not None and not isinstance(tokens, Tokens):
        raise ZhiliError(f"参数 tokens 应为 zl.tokenize 的结果，收到的是 {type(tokens).__name__}。")
    if corpus is None and tokens is not None:
        corpus = tokens.corpus
    if corpus is not None and not isinstance(corpus, Corpus):
        raise ZhiliError(f"参数 corpus 应为 zl.load_corpus 的结果，收到的是 {type(corpus).__name__}。")

    dictionaries = dictionary if dictionary is not None else ["theory"]
    if isinstance(dictionaries, (str, Path)) or hasattr(dictionaries, "categories"):
        dictionaries = [dictionaries]
    dict_info = [_dictionary_info(d if hasattr(d, "categories") else load_dictionary(d)) for d in dictionaries]

    kit = {
        "zhili": __version__,
        "lexicon": _lexicon_info(),
        "framework": _framework_info(framework if framework is not None else _framework()),
        "dictionaries": dict_info,
    }
    return Provenance(
        run={"date": _now()},
        kit=kit,
        corpus=_corpus_info(corpus) if corpus is not None else None,
        tokens=_tokens_info(tokens) if tokens is not None else None,
        params={str(k): _json_value(v) for k, v in (params or {}).items()},
        environment=_environment(),
    )


_provenance = provenance  # save_results has a parameter of the same name


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_results(out_dir: str | Path, *, tables: Mapping[str, Any] | None = None,
                 figures: Mapping[str, Any] | None = None, networks: Mapping[str, Any] | None = None,
                 provenance: Provenance | None = None, dpi: int | None = None):
    """Save a study's tables (CSV), figures (PNG) and networks (GEXF) with its provenance.

    Writes into ``out_dir`` (created if needed): ``<name>.csv`` for each table (UTF-8 with BOM,
    which Excel opens without garbled characters; the index is kept when it carries names, e.g.
    a profile indexed by document), ``<name>.png`` for each figure, ``<name>.gexf`` for each
    network, ``provenance.json`` and ``provenance.csv`` (a new record is made when none is
    given), and ``manifest.csv`` listing every file written with its size and SHA-256 — so a
    reader can check that a table in a paper is the one this run produced.

    Returns
    -------
    pandas.DataFrame
        The manifest: ``file``, ``kind``, ``bytes``, ``sha256``.
    """
    import pandas as pd

    from .analysis.network import export_network

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ZhiliError(f"无法保存到 {out}：这是一个文件。请给出一个文件夹名（如 \"结果\"）。")
    out.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, str]] = []

    def check_name(name: Any) -> str:
        name = str(name)
        if not name or any(ch in name for ch in '/\\:*?"<>|') or name.startswith("."):
            raise ZhiliError(f"结果名称 {name!r} 不能用作文件名：请只用文字、数字、下划线或连字符。")
        return name

    for name, table in (tables or {}).items():
        if not isinstance(table, (pd.DataFrame, pd.Series)):
            raise ZhiliError(f"表 {name!r} 应为 pandas 表格，收到的是 {type(table).__name__}。")
        frame = table.to_frame() if isinstance(table, pd.Series) else table
        keep_index = any(n is not None for n in frame.index.names)
        path = out / f"{check_name(name)}.csv"
        frame.to_csv(path, index=keep_index, encoding="utf-8-sig")
        written.append((path, "表"))
    for name, fig in (figures or {}).items():
        fig = getattr(fig, "figure", fig)  # an Axes is accepted too
        if not hasattr(fig, "savefig"):
            raise ZhiliError(f"图 {name!r} 应为 matplotlib 图（或坐标轴），收到的是 {type(fig).__name__}。")
        path = out / f"{check_name(name)}.png"
        kwargs = {"dpi": dpi} if dpi else {}
        fig.savefig(path, bbox_inches="tight", metadata={"Software": None}, **kwargs)
        written.append((path, "图"))
    record = provenance if provenance is not None else _provenance()
    for name, g in (networks or {}).items():
        path = export_network(g, out / f"{check_name(name)}.gexf", provenance=record)
        written.append((path, "网络"))
    written.append((record.save(out / "provenance.json"), "溯源"))
    written.append((record.save(out / "provenance.csv"), "溯源"))
    manifest = pd.DataFrame(
        [(p.name, kind, p.stat().st_size, _file_digest(p)) for p, kind in written],
        columns=["file", "kind", "bytes", "sha256"])
    manifest.to_csv(out / "manifest.csv", index=False, encoding="utf-8-sig")
    return manifest
