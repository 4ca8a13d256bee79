"""Governance lexicon and stopword lists (versioned data files shipped with zhili).

The tokenizer uses this package to keep grassroots-governance terms whole (共同缔造, 四权同下,
1+1+N党群服务中心 ...) and to drop function words and policy-discourse filler.

Data files (UTF-8, in this folder; all carry a ``# version:`` line equal to ``VERSION``):

``VERSION``
    The lexicon version, e.g. ``2026.11.0``; the single source of :data:`LEXICON_VERSION`.
``governance_terms.tsv``
    ``term<TAB>category<TAB>source<TAB>note``; categories are the keys of :data:`CATEGORIES`,
    sources are a section code of the reference paper (keys of :data:`SECTIONS`) or ``通用``.
``stopwords_general.txt``
    General Chinese function words, numerals and punctuation.
``stopwords_policy.txt``
    Policy-discourse filler (一是, 进一步, 切实 ...), each with a reason.
``aliases.tsv``
    ``form<TAB>terms<TAB>note``: bracketed forms such as 村（居）民委员会 or 乡镇（街道）, each
    with the terms it stands for (村民委员会;居民委员会). The tokenizer keeps a form whole and
    the term engine counts it for each of its terms (see :func:`aliases`).
``policy_keep.txt``
    Words deliberately *kept* (加强, 推进, 完善 ...): they mark policy action and are never in the
    stopword lists unless the caller asks for it with ``stopwords(include_keep=True)``.

Nothing is read at import time; each file is read and validated once, on first use, and cached.

Examples
--------
>>> from zhili import lexicon
>>> terms = lexicon.governance_terms()
>>> "共同缔造" in set(terms["term"])
True
>>> sw = lexicon.stopwords()
>>> "的" in sw, "一是" in sw, "加强" in sw
(True, True, False)
>>> "加强" in lexicon.stopwords(include_keep=True)
True
"""
from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from zhili._errors import LoadError, ZhiliError, check_choice

__all__ = [
    "LEXICON_VERSION",
    "CATEGORIES",
    "SECTIONS",
    "GENERAL_SOURCE",
    "lexicon_version",
    "governance_terms",
    "brand_names",
    "policy_compounds",
    "stopwords",
    "policy_keep",
    "aliases",
    "alias_forms",
    "read_user_terms",
]

_PACKAGE = __name__
_VERSION_FILE = "VERSION"
_TERMS_FILE = "governance_terms.tsv"
_WORDLIST_FILES = {
    "general": "stopwords_general.txt",
    "policy": "stopwords_policy.txt",
}
_KEEP_FILE = "policy_keep.txt"
_ALIASES_FILE = "aliases.tsv"
_TERMS_HEADER = ("term", "category", "source", "note")
_ALIASES_HEADER = ("form", "terms", "note")
#: full-width and ASCII brackets are the same bracket in a form
_BRACKETS = str.maketrans("()", "（）")

#: The fixed set of term categories (name -> what belongs there), in display order.
CATEGORIES: dict[str, str] = {
    "治理理念": "理论框架维度之一：治理观念与价值取向，如以人民为中心、善治思维、大治理观",
    "治理能力": "理论框架维度之二：基层政权、群众自治与多元共治三层能力及其提升途径",
    "治理体系": "理论框架维度之三：制度体系、治理架构、治理格局与治理单元",
    "共同缔造": "共同缔造实践的根基、做法与共同精神",
    "五共": "决策共谋、发展共建、建设共管、效果共评、成果共享及其简称与机制",
    "党建引领": "党的领导、党组织体系与党建阵地",
    "基层组织与队伍": "村（居）组织、群团与社会组织、社区工作者与网格员等治理队伍",
    "自治与协商": "村（居）民自治、协商议事与各类公约",
    "法治与德治": "法治建设、矛盾调解、德治教化与文明风尚",
    "网格与服务": "网格化管理、诉求办理与便民服务",
    "数字治理": "数字技术赋能治理与一网统管、一网通办、一网协同",
    "乡村振兴与集体经济": "乡村振兴、集体经济、合作社与乡村建设",
    "社会治理与平安": "社会治理、平安建设、应急与安全",
    "减负赋能与体制机制": "权责清单、减负、四权同下与条块关系等体制机制",
    "公共服务与民生": "基本公共服务、民生实事与一老一小等服务设施",
}

#: Section codes of the reference paper (牟伟 2024) -> a short gloss in the project's own words.
SECTIONS: dict[str, str] = {
    "引言": "摘要与引言（第一部分之前）",
    "一": "理论内涵（总述）",
    "一(一)": "治理理念的转变",
    "一(二)": "治理能力的提升（总述）",
    "一(二)1": "党委领导下基层政权的能力",
    "一(二)2": "基层群众的自治能力",
    "一(二)3": "多元共治合力",
    "一(三)": "治理体系的完善",
    "二": "共同缔造的实践（总述）",
    "二(一)": "以切身利益带动参与和自治",
    "二(二)": "党建引领体制机制创新",
    "二(三)": "治理共同体与共同精神",
    "二(四)": "体系框架试点",
    "三": "实践路径（总述）",
    "三(一)": "理念更新",
    "三(二)": "纵横共治的治理体系",
    "三(三)": "治理队伍建设",
    "三(四)": "机制创新",
}

#: The ``source`` value of a term that does not come from the reference paper.
GENERAL_SOURCE = "通用"

_MIN_TERM_LEN = 2
_MAX_TERM_LEN = 12
_TERM_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9+]+$")
_VERSION_RE = re.compile(r"^#\s*version\s*:\s*(\S+)\s*$", re.IGNORECASE)
_VERSION_VALUE_RE = re.compile(r"^\d{4}\.\d{1,2}\.\d+$")
_WORDLIST_LINE_RE = re.compile(r"^(\S+)(?:\s+#\s*(.*))?$")
_FREQ_RE = re.compile(r"^[0-9]+$")
_TAG_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_NUMBERISH_RE = re.compile(r"^[-+]?[0-9０-９.,，。eE]+$")
_USER_FORMAT_HINT = "每行应为“词语 [词频] [词性]”"


# --------------------------------------------------------------------------------------------
# package data


def _read_package_lines(name: str) -> list[str]:
    """Return the lines of a data file in this package (BOM and line endings removed)."""
    try:
        text = resources.files(_PACKAGE).joinpath(name).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise LoadError(
            f"数据文件 {name} 缺失：zhili 安装不完整，请重新安装 zhili。", path=name, reason="missing"
        ) from None
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"数据文件 {name} 不是 UTF-8 编码（第 {exc.start} 字节附近）：请以 UTF-8 保存或重新安装 zhili。",
            path=name,
            reason="encoding",
        ) from None
    return text.splitlines()


def _bad_data(name: str, lineno: int, what: str) -> LoadError:
    return LoadError(
        f"数据文件 {name} 第 {lineno} 行格式有误：{what}。请修正该行或重新安装 zhili。",
        path=name,
        reason="format",
    )


@functools.cache
def lexicon_version() -> str:
    """Return the lexicon version, read from the package's ``VERSION`` file.

    Returns
    -------
    str
        A version such as ``"2026.11.0"`` (year.month.revision).

    Examples
    --------
    >>> from zhili.lexicon import lexicon_version
    >>> lexicon_version().count(".")
    2
    """
    lines = [ln.strip() for ln in _read_package_lines(_VERSION_FILE) if ln.strip()]
    if len(lines) != 1 or not _VERSION_VALUE_RE.match(lines[0]):
        raise LoadError(
            f"数据文件 {_VERSION_FILE} 应只有一行版本号（如 2026.11.0），实际内容为 {lines!r}；请重新安装 zhili。",
            path=_VERSION_FILE,
            reason="format",
        )
    return lines[0]


def _check_version_line(name: str, lineno: int, line: str, found: str | None) -> str | None:
    """If ``line`` is a ``# version:`` comment, check it and return the version it states."""
    m = _VERSION_RE.match(line)
    if not m:
        return found
    if found is not None:
        raise _bad_data(name, lineno, "重复的 # version: 行")
    if m.group(1) != lexicon_version():
        raise _bad_data(
            name, lineno, f"版本号 {m.group(1)} 与 VERSION 文件中的 {lexicon_version()} 不一致"
        )
    return m.group(1)


def _parse_terms(lines: Iterable[str], name: str = _TERMS_FILE) -> pd.DataFrame:
    """Parse and validate the governance-term table; errors name ``name`` and the line."""
    version: str | None = None
    header_seen = False
    rows: list[tuple[str, str, str, str]] = []
    first_line: dict[str, int] = {}
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            version = _check_version_line(name, lineno, line, version)
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != _TERMS_HEADER:
                raise _bad_data(name, lineno, f"表头应为 {'、'.join(_TERMS_HEADER)}（制表符分隔）")
            header_seen = True
            continue
        if len(fields) != len(_TERMS_HEADER):
            raise _bad_data(name, lineno, f"应有 4 个制表符分隔的字段，实际有 {len(fields)} 个")
        term, category, source, note = (f.strip() for f in fields)
        if not _MIN_TERM_LEN <= len(term) <= _MAX_TERM_LEN or not _TERM_RE.match(term):
            raise _bad_data(
                name,
                lineno,
                f"术语“{term}”应为 {_MIN_TERM_LEN}–{_MAX_TERM_LEN} 个字符，只含汉字、字母、数字和“+”",
            )
        if term in first_line:
            raise _bad_data(name, lineno, f"术语“{term}”与第 {first_line[term]} 行重复")
        if category not in CATEGORIES:
            raise _bad_data(name, lineno, f"类别“{category}”不在规定的 {len(CATEGORIES)} 类之中")
        if source != GENERAL_SOURCE and source not in SECTIONS:
            raise _bad_data(name, lineno, f"出处“{source}”应为论文小节编号（如 二(三)）或“{GENERAL_SOURCE}”")
        first_line[term] = lineno
        rows.append((term, category, source, note))
    if not header_seen:
        raise LoadError(f"数据文件 {name} 缺少表头行：请重新安装 zhili。", path=name, reason="format")
    if version is None:
        raise LoadError(f"数据文件 {name} 缺少 # version: 行：请重新安装 zhili。", path=name, reason="format")
    frame = pd.DataFrame(rows, columns=list(_TERMS_HEADER))
    return frame.sort_values("term", kind="stable", ignore_index=True)


def _parse_wordlist(lines: Iterable[str], name: str, *, require_reason: bool = False) -> frozenset[str]:
    """Parse a one-word-per-line list (``word<TAB># reason``); errors name ``name`` and the line."""
    version: str | None = None
    first_line: dict[str, int] = {}
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            version = _check_version_line(name, lineno, line, version)
            continue
        m = _WORDLIST_LINE_RE.match(line)
        if not m:
            raise _bad_data(name, lineno, "每行只能有一个词（词中不能含空白），说明须以 # 开头")
        word, reason = m.group(1), m.group(2)
        if require_reason and not (reason and reason.strip()):
            raise _bad_data(name, lineno, f"词“{word}”缺少保留理由（格式：词<TAB># 理由）")
        if word in first_line:
            raise _bad_data(name, lineno, f"词“{word}”与第 {first_line[word]} 行重复")
        first_line[word] = lineno
    if version is None:
        raise LoadError(f"数据文件 {name} 缺少 # version: 行：请重新安装 zhili。", path=name, reason="format")
    return frozenset(first_line)


@functools.cache
def _terms_table() -> pd.DataFrame:
    return _parse_terms(_read_package_lines(_TERMS_FILE), _TERMS_FILE)


@functools.cache
def _wordlist(kind: str) -> frozenset[str]:
    if kind == "keep":
        return _parse_wordlist(_read_package_lines(_KEEP_FILE), _KEEP_FILE, require_reason=True)
    name = _WORDLIST_FILES[kind]
    words = _parse_wordlist(_read_package_lines(name), name)
    clash = sorted(words & _wordlist("keep"))
    if clash:
        raise LoadError(
            f"数据文件 {name} 与 {_KEEP_FILE} 有重叠的词：{'、'.join(clash)}；保留词不能同时是停用词。",
            path=name,
            reason="format",
        )
    return words


def governance_terms() -> pd.DataFrame:
    """Return the governance lexicon as a table.

    Returns
    -------
    pandas.DataFrame
        Columns ``term``, ``category``, ``source``, ``note`` (all strings; ``note`` may be empty),
        one row per unique term, sorted by ``term``. ``category`` is a key of :data:`CATEGORIES`;
        ``source`` is a section code of the reference paper (see :data:`SECTIONS`) or ``通用``.
        A fresh copy is returned on each call, so changing it does not affect later calls.

    Raises
    ------
    LoadError
        If the packaged data file is missing or malformed (the message names file and line).

    Examples
    --------
    >>> from zhili.lexicon import governance_terms
    >>> t = governance_terms()
    >>> list(t.columns)
    ['term', 'category', 'source', 'note']
    >>> t.set_index("term").loc["四权同下", "source"]
    '二(二)'
    """
    return _terms_table().copy()


#: how a note marks a term that is a brand or product name (钉钉 …)
BRAND_PREFIX = "品牌名："


#: how a note marks an ordinary compound of policy language (组织保障, 在建项目, 研判能力 …)
COMPOUND_PREFIX = "搭配："


def policy_compounds() -> frozenset[str]:
    """Lexicon terms that are ordinary compounds of policy language (their note starts with ``搭配：``).

    Policy documents join two common words into set phrases (人才保障, 牵头单位, 容错机制,
    研判能力): one term for a reader, two words for jieba. The tokenizer keeps them whole, but
    with the lowest frequency that does so (:data:`zhili.tokens.COMPOUND_FREQ_FACTOR` times what
    jieba needs) rather than the floor the other terms get, so that where a compound overlaps a
    governance term the governance term wins: 社会组织 stays whole in 社会组织保障 although
    组织保障 is a compound. They are not counted among the terms whose token counts the kit
    checks against the text (:func:`zhili.matching.governance_vocabulary`).

    Examples
    --------
    >>> from zhili.lexicon import policy_compounds
    >>> "牵头单位" in policy_compounds(), "共同缔造" in policy_compounds()
    (True, False)
    """
    return _marked(COMPOUND_PREFIX)


def brand_names() -> frozenset[str]:
    """Lexicon terms that are brand or product names (their note starts with ``品牌名：``).

    A count of 钉钉 measures the spread of one company's product, not a governance practice;
    analyses that compare governance vocabulary may want to report such terms apart.

    Examples
    --------
    >>> from zhili.lexicon import brand_names
    >>> "钉钉" in brand_names(), "网格化管理" in brand_names()
    (True, False)
    """
    return _marked(BRAND_PREFIX)


@functools.cache
def _marked(prefix: str) -> frozenset[str]:
    """The lexicon terms whose note starts with ``prefix`` (read once per prefix)."""
    table = _terms_table()
    return frozenset(table.loc[table["note"].str.startswith(prefix), "term"])


def stopwords(kind: str = "all", *, include_keep: bool = False) -> frozenset[str]:
    """Return a stopword set.

    Parameters
    ----------
    kind : {"all", "general", "policy"}
        ``"general"``: Chinese function words, numerals, punctuation; ``"policy"``: policy-discourse
        filler (一是, 进一步, 切实 ...); ``"all"``: both.
    include_keep : bool, default False
        Words such as 加强, 推进, 完善 carry meaning in policy analysis and are kept by default
        (see :func:`policy_keep`). Pass ``True`` to treat them as stopwords too, e.g. for a topic
        model where they would only add noise.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> from zhili.lexicon import stopwords
    >>> "了" in stopwords("general"), "了" in stopwords("policy")
    (True, False)
    >>> "推进" in stopwords(), "推进" in stopwords(include_keep=True)
    (False, True)
    """
    check_choice("kind", kind, ("all", "general", "policy"))
    words = _wordlist("general") | _wordlist("policy") if kind == "all" else _wordlist(kind)
    return words | _wordlist("keep") if include_keep else words


def policy_keep() -> frozenset[str]:
    """Return the words deliberately kept out of the stopword lists (加强, 推进, 完善 ...).

    Each has a one-line reason in ``policy_keep.txt``; in short, they name the direction,
    strength, instrument or obligation of a policy action.

    Examples
    --------
    >>> from zhili.lexicon import policy_keep, stopwords
    >>> "加强" in policy_keep()
    True
    >>> policy_keep().isdisjoint(stopwords())
    True
    """
    return _wordlist("keep")


def _parse_aliases(lines: Iterable[str], name: str = _ALIASES_FILE) -> pd.DataFrame:
    """Parse and validate the table of bracketed forms; errors name ``name`` and the line."""
    version: str | None = None
    header_seen = False
    rows: list[tuple[str, tuple[str, ...], str]] = []
    first_line: dict[str, int] = {}
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            version = _check_version_line(name, lineno, line, version)
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != _ALIASES_HEADER:
                raise _bad_data(name, lineno, f"表头应为 {'、'.join(_ALIASES_HEADER)}（制表符分隔）")
            header_seen = True
            continue
        if len(fields) != len(_ALIASES_HEADER):
            raise _bad_data(name, lineno, f"应有 3 个制表符分隔的字段，实际有 {len(fields)} 个")
        form, terms, note = (f.strip() for f in fields)
        form = form.translate(_BRACKETS)
        if "（" not in form or "）" not in form:
            raise _bad_data(name, lineno, f"写法“{form}”应含一对括号")
        parts = tuple(t.strip() for t in terms.split(";") if t.strip())
        if len(parts) < 2:
            raise _bad_data(name, lineno, f"写法“{form}”至少应代表两个术语（以 ; 分隔）")
        if form in first_line:
            raise _bad_data(name, lineno, f"写法“{form}”与第 {first_line[form]} 行重复")
        first_line[form] = lineno
        rows.append((form, parts, note))
    if not header_seen or version is None:
        raise LoadError(f"数据文件 {name} 缺少表头或 # version: 行：请重新安装 zhili。", path=name, reason="format")
    return pd.DataFrame(rows, columns=list(_ALIASES_HEADER))


@functools.cache
def _aliases_table() -> pd.DataFrame:
    return _parse_aliases(_read_package_lines(_ALIASES_FILE), _ALIASES_FILE)


def aliases() -> pd.DataFrame:
    """Return the table of bracketed forms (村（居）民委员会 → 村民委员会、居民委员会).

    Returns
    -------
    pandas.DataFrame
        Columns ``form`` (with full-width brackets), ``terms`` (a tuple of the terms it stands
        for) and ``note``; one row per form.

    Examples
    --------
    >>> from zhili.lexicon import aliases
    >>> aliases().set_index("form").loc["村（居）民委员会", "terms"]
    ('村民委员会', '居民委员会')
    """
    return _aliases_table().copy()


def alias_forms(extra: Mapping[str, Iterable[str]] | None = None, *, kit: bool = True) -> dict[str, tuple[str, ...]]:
    """Every written form of a bracketed alias (full-width and ASCII brackets) → its terms.

    Parameters
    ----------
    extra : mapping, optional
        A user's own forms, ``{"村（社区）两委": ["村两委", "社区两委"]}``; they are added to (and
        override) the kit's table.
    kit : bool, default True
        Include the kit's own table.

    Examples
    --------
    >>> forms = alias_forms({"社区（小区）": ["社区", "小区"]})
    >>> forms["乡镇(街道)"], forms["社区（小区）"]
    (('乡镇', '街道'), ('社区', '小区'))
    """
    table: dict[str, tuple[str, ...]] = {}
    if kit:
        table.update(zip(_aliases_table()["form"], _aliases_table()["terms"]))
    if extra is not None:
        if not isinstance(extra, Mapping):
            raise ZhiliError("参数 aliases 应为 {写法: [术语, …]} 形式的字典，例如 aliases={\"村（社区）两委\": [\"村两委\", \"社区两委\"]}。")
        for form, terms in extra.items():
            if not isinstance(form, str) or not form.strip():
                raise ZhiliError(f"参数 aliases 的写法 {form!r} 无效：应为非空字符串。")
            items = [terms] if isinstance(terms, str) else list(terms) if isinstance(terms, Iterable) else None
            if not items or not all(isinstance(t, str) and t.strip() for t in items):
                raise ZhiliError(f"参数 aliases 中“{form}”对应的术语应为非空字符串的列表，例如 [\"村两委\", \"社区两委\"]。")
            table[form.strip().translate(_BRACKETS)] = tuple(t.strip() for t in items)
    out: dict[str, tuple[str, ...]] = {}
    for form, terms in table.items():
        out[form] = terms
        out[form.replace("（", "(").replace("）", ")")] = terms
    return out


# --------------------------------------------------------------------------------------------
# user dictionaries


def _user_entry(line: str, where: str, path: Any) -> tuple[str, int | None, str | None] | None:
    """Parse one user-dictionary line; ``None`` for a blank or comment line."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None

    def bad(what: str) -> ZhiliError:
        return LoadError(f"{where}格式有误：{what}；{_USER_FORMAT_HINT}。", path=path, reason="format")

    fields = text.split()
    if len(fields) > 3:
        raise bad(f"有 {len(fields)} 个字段，最多 3 个（词语中不能含空格）")
    term = fields[0]
    for ch in term:
        if unicodedata.category(ch).startswith("C"):
            shown = "".join(f"\\u{ord(c):04X}" if unicodedata.category(c).startswith("C") else c for c in term)
            raise bad(f"词语“{shown}”含有控制字符或不可见字符 U+{ord(ch):04X}")
    freq: int | None = None
    tag: str | None = None
    if len(fields) == 2:
        second = fields[1]
        if _FREQ_RE.match(second):
            freq = int(second)
        elif _TAG_RE.match(second):
            tag = second
        elif _NUMBERISH_RE.match(second):
            raise bad(f"词频“{second}”不是非负整数")
        else:
            raise bad(f"“{second}”既不是词频（非负整数）也不是词性（如 n、nz），词语中不能含空格")
    elif len(fields) == 3:
        if not _FREQ_RE.match(fields[1]):
            raise bad(f"词频“{fields[1]}”不是非负整数")
        if not _TAG_RE.match(fields[2]):
            raise bad(f"词性“{fields[2]}”应为英文字母标记（如 n、nz、v）")
        freq, tag = int(fields[1]), fields[2]
    return term, freq, tag


def read_user_terms(path_or_lines: str | os.PathLike[str] | Iterable[str]) -> pd.DataFrame:
    """Read a user dictionary in jieba's format (``词语 [词频] [词性]`` per line).

    Parameters
    ----------
    path_or_lines : str, path-like, or iterable of str
        A UTF-8 text file (a leading BOM, CRLF line ends, blank lines and lines starting with
        ``#`` are accepted), or the lines themselves as a list of strings (one entry per item).

    Returns
    -------
    pandas.DataFrame
        Columns ``term`` (str), ``freq`` (nullable ``Int64``; missing when not given) and ``tag``
        (str; missing when not given), one row per entry in input order. Repeated terms are kept
        as they are: jieba applies them in order, so the last one wins.

    Raises
    ------
    LoadError
        (a :class:`~zhili.ZhiliError`) if the file cannot be read, or a line is malformed — e.g. a
        frequency that is not a non-negative integer, more than three fields, or a term with a
        control character. The message names the file and the line number (第 N 行; 第 N 项 for
        a list).

    Examples
    --------
    >>> from zhili.lexicon import read_user_terms
    >>> df = read_user_terms(["# 本地提法", "村湾夜话 5 n", "院坝会"])
    >>> df["term"].tolist(), df["freq"].tolist(), df["tag"].isna().tolist()
    (['村湾夜话', '院坝会'], [5, <NA>], [False, True])
    """
    if isinstance(path_or_lines, (str, os.PathLike)):
        path = Path(path_or_lines)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise LoadError(f"找不到用户词典 {path}：请检查文件路径。", path=path, reason="missing") from None
        except IsADirectoryError:
            raise LoadError(f"用户词典 {path} 是文件夹而不是文件：请给出词典文件的路径。", path=path, reason="error") from None
        except UnicodeDecodeError as exc:
            raise LoadError(
                f"用户词典 {path} 不是 UTF-8 编码（第 {exc.start} 字节附近）：请另存为 UTF-8 后重试。",
                path=path,
                reason="encoding",
            ) from None
        lines = text.splitlines()
        label = lambda n: f"用户词典 {path} 第 {n} 行"  # noqa: E731
    elif isinstance(path_or_lines, (bytes, bytearray)) or not isinstance(path_or_lines, Iterable):
        raise ZhiliError(
            f"参数 path_or_lines 的类型 {type(path_or_lines).__name__} 无效：应为文件路径或字符串列表。"
        )
    else:
        path = None
        lines = list(path_or_lines)
        label = lambda n: f"用户词典（列表）第 {n} 项"  # noqa: E731
        for n, item in enumerate(lines, start=1):
            if not isinstance(item, str):
                raise ZhiliError(f"{label(n)}不是字符串（而是 {type(item).__name__}）：列表中每一项应为一行词条。")
            if "\n" in item or "\r" in item:
                raise ZhiliError(f"{label(n)}含有换行符：列表中每一项只能是一行词条。")
    rows: list[tuple[str, int | None, str | None]] = []
    for n, line in enumerate(lines, start=1):
        if n == 1:
            line = line.lstrip("\ufeff")
        entry = _user_entry(line, label(n), path)
        if entry is not None:
            rows.append(entry)
    return pd.DataFrame(
        {
            "term": pd.Series([r[0] for r in rows], dtype="str"),
            "freq": pd.array([r[1] for r in rows], dtype="Int64"),
            "tag": pd.Series([r[2] for r in rows], dtype="str"),
        }
    )


def __getattr__(name: str) -> Any:
    # LEXICON_VERSION is read lazily from VERSION so that importing this package does no I/O.
    if name == "LEXICON_VERSION":
        return lexicon_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
