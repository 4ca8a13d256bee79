"""The Hubei 共同缔造 casebook: case files in ``corpus/cases`` as a table or a Corpus.

A case is one Markdown file ``HBnnn-ascii-slug.md``: YAML front matter with structured fields
(place, years, domain, the 五共 stages it shows, framework elements, figures with their sources,
the sources themselves, and the *claims* that tie each checkable statement to a source) followed
by a narrative written in the project's own words: the factual account, then, under its own
heading ``## 教学评析``, the project's teaching commentary. :func:`cases` reads a folder of such
files, validates every file and returns one row per case; :func:`case_claims` returns one row per
claim; :func:`validate_case` checks a single file. Problems raise :class:`CaseError`, whose
Chinese message names the file and the field, e.g.::

    案例文件 HB001-yidu-chenjiagang.md 的字段 figures[2].source 引用了不存在的来源 S9：……

Provenance (issue 14): every source records what kind of page was read (``kind``: original,
mirror, aggregator or paper), the original publisher's URL (``original_url``, ``""`` when not
known), the mirror actually read (``found_at_url``) and when it was last read (``accessed``).
Every claim names the field of the case it supports, its source(s), where in the source it is
(``locator``) and its status (:data:`CLAIM_STATUSES`). Every figure, every year in ``years`` and
every 五共 tag in ``stages`` must be covered by at least one claim.

The schema (field by field) is described in ``corpus/templates/case-template.md`` and
``corpus/README.md``.

Example
-------
>>> import zhili as zl
>>> df = zl.cases()                                  # doctest: +SKIP
>>> df.set_index("title")[zl.casebook.STAGES].astype(int)   # case × 五共 matrix  # doctest: +SKIP
>>> zl.case_claims().groupby("status").size()        # doctest: +SKIP
"""
from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ._errors import ZhiliError

__all__ = [
    "STAGES",
    "DOMAINS",
    "SETTINGS",
    "LEVELS",
    "KNOWN_REFS",
    "SOURCE_KINDS",
    "CLAIM_FIELDS",
    "CLAIM_STATUSES",
    "CLAIM_STATUS_LABELS",
    "CLAIM_FIELD_LABELS",
    "COMMENTARY_HEADING",
    "CaseError",
    "cases",
    "case_claims",
    "verification_table",
    "mirror_only",
    "validate_case",
    "default_cases_path",
    "narrative_length",
    "narrative_numbers",
]

#: The five 共 stages of the 共同缔造 method, in order.
STAGES: tuple[str, ...] = ("决策共谋", "发展共建", "建设共管", "效果共评", "成果共享")
#: Allowed values of ``domain``.
DOMAINS: tuple[str, ...] = (
    "人居环境",
    "产业发展与集体经济",
    "公共服务",
    "数字治理",
    "体制机制与减负赋能",
    "组织建设",
)
#: Allowed values of ``setting``.
SETTINGS: tuple[str, ...] = ("城市", "农村", "城乡")
#: Allowed values of ``level``.
LEVELS: tuple[str, ...] = ("省", "市", "县", "乡镇", "村社区")
#: Bibliographic keys a source may use instead of a URL (``ref: mouwei2024``).
KNOWN_REFS: dict[str, str] = {
    "mouwei2024": "牟伟.基层治理现代化的理论内涵、实践表达与路径选择."
    "中国教育科学（精品版）,2024(11):2-9.",
}
#: Title, publisher, author and date filled in for a ``ref:`` source that does not give them.
_REF_FIELDS: dict[str, dict[str, str]] = {
    "mouwei2024": {
        "title": "基层治理现代化的理论内涵、实践表达与路径选择",
        "publisher": "中国教育科学（精品版）2024年第11期",
        "author": "牟伟",
        "date": "2024-11-29",
    },
}

#: Allowed values of a source's ``kind``, with their meaning (Chinese, for messages and the data card).
SOURCE_KINDS: dict[str, str] = {
    "original": "原发页面：在原发媒体或机构自己的网站、客户端或电子报上读到",
    "mirror": "转载页：在另一家网站上读到的全文转载（original_url 记原发网址，已知时）",
    "aggregator": "聚合页：资讯聚合或采集站点上的副本，常无原标题或原发信息",
    "paper": "论文：学术论文（参考论文用 ref: mouwei2024）",
}
#: Allowed values of a claim's ``field``: which part of the case the claim supports.
CLAIM_FIELDS: tuple[str, ...] = (
    "figures", "years", "date", "measures", "actors", "stages", "narrative", "title", "place",
)
#: Allowed values of a claim's ``status``, with their meaning (Chinese, as in the data card).
CLAIM_STATUSES: dict[str, str] = {
    "confirmed-in-source": "所引来源明确写有此事",
    "corroborated": "两个或以上相互独立的来源都写有此事",
    "self-reported": "只有实施方（党政机关、实施单位）或其宣传材料的说法，如满意率、解决率；有出处，但未经独立核实",
    "editorial-inference": "项目编写者的判断（如五共标注、由报道推断的年份）；可以不附来源，附来源时指向判断所依据的事实",
}
#: Short Chinese names of the claim statuses, for tables (``case_claims()``'s ``status_label``).
CLAIM_STATUS_LABELS: dict[str, str] = {
    "confirmed-in-source": "原文可证", "corroborated": "多源印证", "self-reported": "实施方自述",
    "editorial-inference": "编写者判断",
}
#: Short Chinese names of the claim fields.
CLAIM_FIELD_LABELS: dict[str, str] = {
    "figures": "数字", "years": "年份", "date": "日期", "measures": "做法", "actors": "参与主体", "stages": "五共环节",
    "narrative": "叙述", "title": "标题", "place": "地点",
}
#: Heading that starts the teaching commentary in the narrative (``## 教学评析``).
COMMENTARY_HEADING = "教学评析"

#: Years a case may cover (共同缔造 2019–2024; closely related practice 2017–2025).
YEAR_MIN, YEAR_MAX = 2017, 2025
#: Bounds of the whole narrative (factual part plus commentary), counted in characters with all
#: whitespace removed and without the commentary heading.
NARRATIVE_MIN, NARRATIVE_MAX = 300, 800
#: Least length of the factual part alone (the text that ``cases(as_corpus=True)`` analyses).
FACTS_MIN = 200

_ID_RE = re.compile(r"^HB\d{3}$")
_FILE_RE = re.compile(r"^(HB\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
_SOURCE_ID_RE = re.compile(r"^(?:S\d+|P\d*)$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE_RE = re.compile(r"^\d{4}(?:-\d{2})?(?:-\d{2})?$")
_URL_RE = re.compile(r"^https?://\S+$")
_COMMENTARY_RE = re.compile(r"^[ \t]*#{1,6}[ \t]*" + COMMENTARY_HEADING + r"[ \t]*#*[ \t]*$", re.M)
_EDITOR_TITLE = "（编者概括）"
_SOURCE_KEYS = frozenset({
    "id", "ref", "section", "title", "publisher", "author", "date", "original_url", "found_at_url",
    "accessed", "kind", "note", "spam_page",
})
_CLAIM_KEYS = frozenset({"claim", "field", "source", "locator", "status", "stage", "note"})
# Arabic numbers in the narrative: integers and decimals (full-width digits are normalised first).
_NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")
# Numbers that are not figures: years (2023年, 2019—2024), months and days (10月, 12日),
# and the hotline number 12345.
_NON_FIGURE_RES = (
    re.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*(?:年|—|–|-|至|~))"),
    re.compile(r"(?<![\d.])\d{1,2}(?=\s*(?:月|日))"),
    re.compile(r"(?<!\d)12345(?=\s*(?:热线|政务|便民|平台))"),
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "title": str,
    "prefecture": str,
    "county": str,
    "township": str,
    "village": str,
    "setting": str,
    "years": list,
    "date": str,
    "domain": str,
    "level": str,
    "genre": str,
    "region": str,
    "actors": list,
    "measures": list,
    "stages": dict,
    "elements": list,
    "figures": list,
    "outcomes": list,
    "sources": list,
}
_MAY_BE_EMPTY = {"county", "township", "village", "elements", "figures", "stages"}
_TYPE_NAMES = {str: "文字", list: "列表", dict: "键值表（stage: 说明）"}

_COLUMNS = [
    "id", "title", "prefecture", "county", "township", "village", "setting",
    "years", "year_start", "year_end", "date", "domain", "level", "genre", "region",
    "actors", "measures", "stages", "elements", "figures", "outcomes", "sources", "claims",
    "narrative", "n_chars", "commentary", "file",
]


class CaseError(ZhiliError):
    """A case file breaks the schema. ``path`` names the file, ``field`` the field."""

    def __init__(self, message: str, *, path: Any = None, field: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.field = field


def _fail(path: Path, field: str | None, problem: str, todo: str = "") -> CaseError:
    where = f"案例文件 {path.name}" + (f" 的字段 {field}" if field else "")
    todo = f"：{todo}" if todo else "。"
    if todo != "。" and not todo.endswith(("。", "！", "？")):
        todo += "。"
    return CaseError(f"{where} {problem}{todo}", path=path, field=field)


def default_cases_path() -> Path:
    """The repository's ``corpus/cases`` folder (present in a source checkout)."""
    return Path(__file__).resolve().parents[2] / "corpus" / "cases"


# --------------------------------------------------------------------------------------------
# reading


def _split_front_matter(path: Path) -> tuple[str, str]:
    """Return ``(front matter, body)`` of a case file, or raise CaseError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, None, f"无法读取（{exc.strerror or exc}）", "请检查文件是否存在、是否有读取权限") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, None, "不是 UTF-8 编码", "请用 UTF-8 编码另存该文件（VS Code、记事本“另存为”均可选择）") from exc
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise _fail(path, None, "缺少开头的 YAML 头部", "文件第一行必须是 ---，然后是字段，再以一行 --- 结束，之后写正文叙述")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:])
    raise _fail(path, None, "YAML 头部没有结束标记", "请在字段之后、正文之前加一行 ---")


def _real_date(value: str) -> bool:
    """``2023``, ``2023-06`` or ``2023-06-30`` that exists on the calendar."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        _dt.date(*parts[:3])
    except ValueError:
        return False
    return True


def _load_yaml(path: Path, front: str) -> dict[str, Any]:
    from ._yaml import YamlError, safe_load

    try:
        data = safe_load(front, source=path)  # dates stay text: an impossible date is reported, not a crash
    except YamlError as exc:
        line = f"第 {exc.line + 1} 行附近" if exc.line is not None else ""
        raise _fail(
            path, None, f"YAML 头部{line}有误：{exc.problem}",
            "请检查冒号后是否有空格、缩进是否对齐、含冒号或方括号的文字是否加了引号",
        ) from None
    if not isinstance(data, dict):
        raise _fail(path, None, "YAML 头部不是“字段: 值”的形式", "请参照 corpus/templates/case-template.md 填写")
    return data


def _to_iso(value: Any) -> Any:
    """YAML turns 2023-06-30 into a date; keep dates as ISO strings."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _source_value(key: str, value: Any) -> Any:
    """A source's dates as text: ``date: 2024`` (a bare year) is read by YAML as a number."""
    value = _to_iso(value)
    if key in ("date", "accessed") and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    for key in ("date",):
        if key in data:
            data[key] = _to_iso(data[key])
    for key in ("id", "title", "prefecture", "county", "township", "village", "region", "genre"):
        if key in data and isinstance(data[key], (int, float)) and not isinstance(data[key], bool):
            data[key] = str(data[key])
    for key in ("county", "township", "village"):
        if key in data and data[key] is None:
            data[key] = ""
    if isinstance(data.get("sources"), list):
        data["sources"] = [
            {k: _source_value(k, v) for k, v in s.items()} if isinstance(s, dict) else s for s in data["sources"]
        ]
    if isinstance(data.get("figures"), list):
        data["figures"] = [dict(f) if isinstance(f, dict) else f for f in data["figures"]]
    return data


def narrative_length(text: str) -> int:
    """Characters of ``text`` with all whitespace removed (the narrative length rule)."""
    return len(re.sub(r"\s+", "", text))


def narrative_numbers(text: str) -> list[str]:
    """Arabic numbers in ``text`` that count as figures (≥2 digits or with a decimal point).

    Years (``2023年``), months and days (``10月``) and the hotline number ``12345`` are not counted.
    """
    text = text.translate(_FULLWIDTH)
    spans: list[tuple[int, int]] = []
    for rx in _NON_FIGURE_RES:
        spans.extend(m.span() for m in rx.finditer(text))
    out = []
    for m in _NUMBER_RE.finditer(text):
        tok = m.group()
        if any(a <= m.start() < b for a, b in spans):
            continue
        if len(tok.replace(".", "")) >= 2 or "." in tok:
            out.append(tok)
    return out


# --------------------------------------------------------------------------------------------
# validation


@functools.lru_cache(maxsize=1)
def _framework() -> Any:
    """The theory framework if ``zhili.theory`` is available, else None."""
    try:
        from .theory import framework  # noqa: PLC0415
    except ImportError:
        return None
    try:
        return framework()
    except Exception:  # noqa: BLE001 - a broken framework must not hide case problems
        return None


def _element_known(fw: Any, name: str) -> bool:
    try:
        found = fw.find(name)
    except (LookupError, ValueError):
        return False
    return found is not None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_str_list(path: Path, field: str, value: list[Any], *, empty_ok: bool) -> None:
    if not value and not empty_ok:
        raise _fail(path, field, "是空列表", "请至少写一项")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise _fail(path, f"{field}[{i}]", f"应为非空文字，现在是 {item!r}", "每一项写一个简短的短语")


def _check(path: Path, data: dict[str, Any], body: str) -> dict[str, Any]:
    """Validate one parsed case; return the row dict. Raises CaseError at the first problem."""
    # required fields and their types
    for key, typ in _REQUIRED.items():
        if key not in data:
            hint = '可以写空字符串 ""' if key in _MAY_BE_EMPTY and typ is str else "请参照 corpus/templates/case-template.md 补上"
            raise _fail(path, key, "缺失", hint)
        value = data[key]
        if not isinstance(value, typ):
            if key == "date":
                raise _fail(path, key, f"应为 ISO 日期（如 2023-06-30），现在是 {value!r}", "请写成 年-月-日")
            raise _fail(path, key, f"应为{_TYPE_NAMES.get(typ, typ.__name__)}，现在是 {value!r}", "请参照模板的写法")
        if typ is str and key not in _MAY_BE_EMPTY and not value.strip():
            raise _fail(path, key, "是空的", "请填写")

    # id and file name
    case_id = data["id"]
    if not _ID_RE.match(case_id):
        raise _fail(path, "id", f"格式不对：{case_id!r}", "应为 HB 加三位数字，如 HB001")
    m = _FILE_RE.match(path.name)
    if not m:
        raise _fail(
            path, None, "的文件名不合规范",
            "文件名应为 编号-英文小写短名.md，例如 HB001-yidu-chenjiagang.md（只用小写字母、数字和连字符）",
        )
    if m.group(1) != case_id:
        raise _fail(path, "id", f"为 {case_id}，与文件名开头的 {m.group(1)} 不一致", "请让二者一致")

    # choices
    for key, choices in (("setting", SETTINGS), ("domain", DOMAINS), ("level", LEVELS)):
        if data[key] not in choices:
            raise _fail(path, key, f"的值 {data[key]!r} 不在允许范围内", "可选：" + "、".join(choices))

    # years and date
    years = data["years"]
    if not years:
        raise _fail(path, "years", "是空列表", f"请写出案例涉及的年份，如 [2022, 2023]")
    for i, y in enumerate(years):
        if not isinstance(y, int) or isinstance(y, bool) or not YEAR_MIN <= y <= YEAR_MAX:
            raise _fail(path, f"years[{i}]", f"应为 {YEAR_MIN}–{YEAR_MAX} 之间的整数年份，现在是 {y!r}")
    if not _ISO_DATE_RE.match(data["date"]):
        raise _fail(path, "date", f"应为 ISO 日期（如 2023-06-30），现在是 {data['date']!r}", "请写成 年-月-日")
    try:
        _dt.date.fromisoformat(data["date"])
    except ValueError as exc:
        raise _fail(path, "date", f"不是有效日期：{data['date']!r}") from exc

    for key in ("actors", "measures", "outcomes", "elements"):
        _check_str_list(path, key, data[key], empty_ok=key in _MAY_BE_EMPTY)

    # stages
    stages = data["stages"]  # may be {} when a case shows none of the five stages
    for name, why in stages.items():
        if name not in STAGES:
            raise _fail(path, f"stages.{name}", "不是五共之一", "可选：" + "、".join(STAGES))
        if not isinstance(why, str) or not why.strip():
            raise _fail(path, f"stages.{name}", "缺少说明", "请用一句话说明案例如何体现这一环节")

    # framework elements (only when the theory framework is installed)
    fw = _framework()
    if fw is not None:
        for i, name in enumerate(data["elements"]):
            if not _element_known(fw, name):
                raise _fail(
                    path, f"elements[{i}]", f"的 {name!r} 不是理论框架中的要素名称",
                    "请用 zl.framework().table() 查到的规范名称",
                )

    # sources: ids first (figures and claims refer to them), then their provenance
    sources = data["sources"]
    if not sources:
        raise _fail(path, "sources", "是空列表", "每个案例至少要有一个来源")
    source_ids: list[str] = []
    for i, src in enumerate(sources):
        where = f"sources[{i}]"
        if not isinstance(src, dict):
            raise _fail(
                path, where, "应为键值表",
                "如 {id: S1, title: …, publisher: …, date: 2024-01-01, original_url: https://…, "
                "accessed: 2026-11-30, kind: original}",
            )
        sid = src.get("id")
        if not isinstance(sid, str) or not _SOURCE_ID_RE.match(sid):
            raise _fail(path, f"{where}.id", f"应为 S 加数字（如 S1），参考论文可用 P，现在是 {sid!r}")
        if sid in source_ids:
            raise _fail(path, f"{where}.id", f"重复：{sid}", "每个来源的 id 应唯一")
        source_ids.append(sid)

    # figures
    fig_values: list[float] = []
    for i, fig in enumerate(data["figures"]):
        where = f"figures[{i}]"
        if not isinstance(fig, dict):
            raise _fail(path, where, "应为键值表", "如 {label: …, value: 248, unit: 万人次, source: S1}")
        for key in ("label", "unit", "source"):
            if not isinstance(fig.get(key), str) or not fig[key].strip():
                raise _fail(path, f"{where}.{key}", "缺失或为空", "每个数字都要写明含义、单位和来源")
        if not _is_number(fig.get("value")):
            raise _fail(path, f"{where}.value", f"应为数字，现在是 {fig.get('value')!r}", "不要加引号或单位，如 43.2")
        year = fig.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise _fail(path, f"{where}.year", f"应为整数年份，现在是 {year!r}")
        if fig["source"] not in source_ids:
            listed = "、".join(source_ids)
            raise _fail(path, f"{where}.source", f"引用了不存在的来源 {fig['source']}", f"已有来源：{listed}")
        fig_values.append(float(fig["value"]))

    # provenance: source kinds, URLs and access dates; claims and what they cover
    _check_provenance(path, data, source_ids)

    # narrative: the factual part, then the optional commentary under ## 教学评析
    narrative, commentary = _split_narrative(path, body)
    n_facts, n_comment = narrative_length(narrative), narrative_length(commentary)
    if not NARRATIVE_MIN <= n_facts + n_comment <= NARRATIVE_MAX:
        raise _fail(
            path, "narrative（正文）", f"长度为 {n_facts + n_comment} 字（事实叙述 {n_facts} 字 + 教学评析 {n_comment} 字，不计空白）",
            f"应在 {NARRATIVE_MIN}–{NARRATIVE_MAX} 字之间",
        )
    if n_facts < FACTS_MIN:
        raise _fail(
            path, "narrative（正文）", f"的事实叙述部分只有 {n_facts} 字（不计空白）",
            f"“## {COMMENTARY_HEADING}”之前的事实叙述至少要有 {FACTS_MIN} 字；评析不宜多于事实",
        )
    for part, text in (("narrative（正文）", narrative), ("commentary（教学评析）", commentary)):
        for tok in narrative_numbers(text):
            value = float(tok)
            if not any(math.isclose(value, v, rel_tol=0, abs_tol=1e-9) for v in fig_values):
                raise _fail(
                    path, part, f"中的数字 {tok} 不在 figures 里",
                    "正文中每个数字都要在 figures 中列出并注明来源；若非统计数字，请改用汉字书写",
                )

    return _row(path, data, narrative, commentary)


# --------------------------------------------------------------------------------------------
# provenance: sources and claims


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(_URL_RE.match(value.strip()))


def _check_full_date(path: Path, field: str, value: Any) -> str:
    if not isinstance(value, str) or not _ISO_DATE_RE.match(value) or not _real_date(value):
        raise _fail(path, field, f"应为真实存在的完整日期（如 2026-11-30），现在是 {value!r}", "写项目最近一次阅读、核对该来源的日期")
    return value


def _check_source(path: Path, i: int, src: dict[str, Any]) -> None:
    """Provenance fields of ``sources[i]`` (its id was checked already)."""
    where = f"sources[{i}]"
    if "url" in src:
        raise _fail(
            path, f"{where}.url", "已停用",
            "原发媒体或机构的网址写 original_url（不知道时写 \"\"），实际阅读的转载页写 found_at_url",
        )
    unknown = sorted(set(src) - _SOURCE_KEYS)
    if unknown:
        raise _fail(path, f"{where}.{unknown[0]}", "不是来源的字段", "可用：" + "、".join(sorted(_SOURCE_KEYS)))
    kind = src.get("kind")
    if kind not in SOURCE_KINDS:
        raise _fail(path, f"{where}.kind", f"缺失或取值不对：{kind!r}", "可选：" + "、".join(SOURCE_KINDS))
    accessed = _check_full_date(path, f"{where}.accessed", src.get("accessed"))
    ref = src.get("ref")
    if ref is not None:
        if ref not in KNOWN_REFS:
            raise _fail(path, f"{where}.ref", f"的 {ref!r} 不是已知文献", "可用：" + "、".join(KNOWN_REFS))
        if kind != "paper":
            raise _fail(path, f"{where}.kind", f"引用文献 {ref} 时应为 paper，现在是 {kind!r}")
        info = _REF_FIELDS.get(ref, {})
        date = src.get("date", info.get("date"))
    else:
        for key in ("title", "publisher"):
            if not isinstance(src.get(key), str) or not src[key].strip():
                raise _fail(path, f"{where}.{key}", "缺失或为空", "请照原文记录")
        date = src.get("date")
    if not isinstance(date, str) or not _PARTIAL_DATE_RE.match(date) or not _real_date(date):
        raise _fail(path, f"{where}.date", f"应为真实存在的 ISO 日期（如 2023-06-30），现在是 {date!r}", "只知年月时可写 2023-06，并在 note 中说明")
    note = src.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise _fail(path, f"{where}.note", "应为非空文字", "不需要说明时删去这一项")
    if not _ISO_DATE_RE.match(date) and not note:
        raise _fail(path, f"{where}.date", f"只写到 {date}", "只知年或年月时，请在 note 中说明日期的来历（如“日期取自网址路径，只确定到月”）")
    if accessed < date[:10]:
        raise _fail(path, f"{where}.accessed", f"（{accessed}）早于来源的发布日期 {date}", "请核对两个日期")
    title = src.get("title")
    if isinstance(title, str) and title.startswith(_EDITOR_TITLE) and not note:
        raise _fail(path, f"{where}.note", "缺失", f"标题以“{_EDITOR_TITLE}”开头时，请在 note 中说明页面为何没有原标题")
    if ref is not None:
        for key in ("original_url", "found_at_url"):
            if src.get(key) not in (None, "") and not _is_url(src[key]):
                raise _fail(path, f"{where}.{key}", f"不是网址：{src[key]!r}", "请写完整网址（https://… 或 http://…），或删去")
        return
    if "original_url" not in src:
        raise _fail(path, f"{where}.original_url", "缺失", "写原发媒体或机构的网址；找不到原发页面时写 \"\"，并用 found_at_url 记下实际阅读的页面")
    original = src["original_url"]
    if original is None:
        original = ""
    if not isinstance(original, str) or (original and not _is_url(original)):
        raise _fail(path, f"{where}.original_url", f"不是网址：{original!r}", "请写完整网址（https://… 或 http://…）；不知道时写 \"\"")
    found = src.get("found_at_url")
    if found is not None and not _is_url(found):
        raise _fail(path, f"{where}.found_at_url", f"不是网址：{found!r}", "请写实际阅读的页面的完整网址，或删去这一项")
    spam = src.get("spam_page")
    if spam is not None and (not isinstance(spam, bool) or (spam and kind not in ("mirror", "aggregator"))):
        raise _fail(path, f"{where}.spam_page", f"应为 true 或 false，且只用于转载页或聚合页，现在是 {spam!r}",
                    "实际阅读的页面夹带与内容无关的色情、赌博或垃圾广告文字时写 spam_page: true，并在 note 中说明")
    if spam and not note:
        raise _fail(path, f"{where}.note", "缺失", "spam_page: true 的来源要在 note 中说明为何仍然引用（例如没有找到其他副本）")
    if kind in ("mirror", "aggregator") and found is None:
        raise _fail(path, f"{where}.found_at_url", "缺失", f"kind 为 {kind} 的来源要写明实际阅读的转载页或聚合页网址")
    if kind == "original" and not original:
        raise _fail(path, f"{where}.original_url", "为空", "kind 为 original 的来源是在原发页面读到的，请写出该页网址")
    if found is not None and original and found.strip() == original.strip():
        raise _fail(path, f"{where}.found_at_url", "与 original_url 相同", "只有在别处读到时才写 found_at_url，请删去")
    if not original and found is None:
        raise _fail(path, f"{where}.original_url", "与 found_at_url 都没有网址", "至少写出一个可以找回该来源的网址")


def _claim_sources(value: Any) -> list[str] | None:
    """The source ids of a claim's ``source`` (a str or a list of str); None if malformed."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def _numbers_in(text: str) -> list[float]:
    """Every Arabic number in ``text`` (full-width digits and thousands separators allowed)."""
    text = re.sub(r"(?<=\d)[,，](?=\d{3})", "", text.translate(_FULLWIDTH))
    return [float(m.group()) for m in _NUMBER_RE.finditer(text)]


def _check_claims(path: Path, data: dict[str, Any], source_ids: list[str]) -> list[dict[str, Any]]:
    """Validate ``claims``; return them with ``source`` as a list of ids."""
    if "claims" not in data:
        raise _fail(path, "claims", "缺失", "请参照 corpus/templates/case-template.md 为每个数字、年份和五共标注写出陈述及其来源")
    claims = data["claims"]
    if not isinstance(claims, list):
        raise _fail(path, "claims", f"应为列表，现在是 {claims!r}", "每条陈述写成 - {claim: …, field: …, source: S1, locator: …, status: …}")
    if not claims:
        raise _fail(path, "claims", "是空列表", "每个数字、每个年份和每个五共标注都要有一条陈述（claim）支撑")
    out: list[dict[str, Any]] = []
    for i, claim in enumerate(claims):
        where = f"claims[{i}]"
        if not isinstance(claim, dict):
            raise _fail(path, where, "应为键值表", "如 {claim: …, field: figures, source: S1, locator: 第2段, status: confirmed-in-source}")
        unknown = sorted(set(claim) - _CLAIM_KEYS)
        if unknown:
            raise _fail(path, f"{where}.{unknown[0]}", "不是陈述的字段", "可用：" + "、".join(sorted(_CLAIM_KEYS)))
        text = claim.get("claim")
        if not isinstance(text, str) or not text.strip():
            raise _fail(path, f"{where}.claim", "缺失或为空", "用项目自己的话写一句可以核对的陈述")
        if claim.get("field") not in CLAIM_FIELDS:
            raise _fail(path, f"{where}.field", f"的值 {claim.get('field')!r} 不在允许范围内", "可选：" + "、".join(CLAIM_FIELDS))
        status = claim.get("status")
        if status not in CLAIM_STATUSES:
            raise _fail(path, f"{where}.status", f"的值 {status!r} 不在允许范围内", "可选：" + "、".join(CLAIM_STATUSES))
        ids = _claim_sources(claim.get("source"))
        if ids is None:
            raise _fail(path, f"{where}.source", f"应为来源编号或编号列表，现在是 {claim.get('source')!r}", "如 S1 或 [S1, S2]")
        for sid in ids:
            if sid not in source_ids:
                raise _fail(path, f"{where}.source", f"引用了不存在的来源 {sid}", "已有来源：" + "、".join(source_ids))
        if len(set(ids)) != len(ids):
            raise _fail(path, f"{where}.source", "重复列出了同一个来源")
        if not ids and status != "editorial-inference":
            raise _fail(path, f"{where}.source", "为空", f"状态为 {status} 的陈述必须注明来源；没有来源的判断请标 editorial-inference")
        if status == "corroborated" and len(ids) < 2:
            raise _fail(path, f"{where}.source", "只有一个来源", "corroborated 要列出两个或以上相互独立的来源，如 [S1, S2]；只有一个来源时用 confirmed-in-source")
        locator = claim.get("locator", "")
        if locator is None:
            locator = ""
        if not isinstance(locator, str):
            raise _fail(path, f"{where}.locator", f"应为文字，现在是 {locator!r}", "如 第2段、第3页、小标题“……”；来源很短时写 \"\"")
        stage = claim.get("stage")
        if stage is not None and stage not in STAGES:
            raise _fail(path, f"{where}.stage", f"的 {stage!r} 不是五共之一", "可选：" + "、".join(STAGES))
        out.append({**claim, "source": ids, "locator": locator})
    return out


def _check_coverage(path: Path, data: dict[str, Any], claims: list[dict[str, Any]]) -> None:
    """Every figure, every year and every 五共 tag is supported by at least one claim."""
    for i, fig in enumerate(data["figures"]):
        value = float(fig["value"])
        ok = any(
            c["field"] == "figures" and fig["source"] in c["source"]
            and any(math.isclose(value, v, rel_tol=0, abs_tol=1e-9) for v in _numbers_in(c["claim"]))
            for c in claims
        )
        if not ok:
            raise _fail(
                path, f"figures[{i}]", f"（{fig['label']} = {fig['value']}）没有陈述支撑",
                f"请在 claims 中加一条 field: figures、source 含 {fig['source']}、文字中写出数值 {fig['value']} 的陈述",
            )
    for i, year in enumerate(data["years"]):
        if not any(year in {int(v) for v in _numbers_in(c["claim"]) if v.is_integer()} for c in claims):
            raise _fail(
                path, f"years[{i}]", f"的 {year} 没有陈述支撑",
                f"请加一条写出“{year}年”的陈述并注明来源；年份是编者推断的，标 editorial-inference",
            )
    for name in data["stages"]:
        if not any(c["field"] == "stages" and (c.get("stage") == name or name in c["claim"]) for c in claims):
            raise _fail(
                path, f"stages.{name}", "没有陈述支撑",
                f"请加一条 field: stages 的陈述，文字中写出“{name}”（或加 stage: {name}）；"
                "五共标注是编者的判断时标 editorial-inference，并尽量指向所依据事实的来源",
            )


def _check_provenance(path: Path, data: dict[str, Any], source_ids: list[str]) -> None:
    """Sources' kind, URLs and access dates; claims; coverage of figures, years and stages."""
    for i, src in enumerate(data["sources"]):
        _check_source(path, i, src)
    claims = _check_claims(path, data, source_ids)
    _check_coverage(path, data, claims)


def _split_narrative(path: Path | None, body: str) -> tuple[str, str]:
    """``(factual narrative, commentary)``: the body before and after ``## 教学评析``."""
    found = list(_COMMENTARY_RE.finditer(body))
    if len(found) > 1 and path is not None:
        raise _fail(path, "narrative（正文）", f"有 {len(found)} 个“## {COMMENTARY_HEADING}”标题", "只能有一个，放在事实叙述之后")
    if not found:
        return body.strip(), ""
    head = found[0]
    return body[: head.start()].strip(), body[head.end():].strip()


def _claims_list(data: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for claim in data.get("claims") or []:
        if not isinstance(claim, dict):
            continue
        ids = _claim_sources(claim.get("source"))
        out.append({**claim, "source": ids if ids is not None else [], "locator": claim.get("locator") or ""})
    return out


def _sources_list(data: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for src in data.get("sources") or []:
        if isinstance(src, dict) and src.get("ref") in _REF_FIELDS:
            src = {**_REF_FIELDS[src["ref"]], **src}
        out.append(src)
    return out


def _row(path: Path, data: dict[str, Any], narrative: str, commentary: str = "") -> dict[str, Any]:
    years = sorted({y for y in data.get("years") or [] if isinstance(y, int)})
    stages = data.get("stages") or {}
    row = {
        "id": data.get("id"),
        "title": data.get("title"),
        "prefecture": data.get("prefecture"),
        "county": data.get("county", ""),
        "township": data.get("township", ""),
        "village": data.get("village", ""),
        "setting": data.get("setting"),
        "years": years,
        "year_start": years[0] if years else None,
        "year_end": years[-1] if years else None,
        "date": data.get("date"),
        "domain": data.get("domain"),
        "level": data.get("level"),
        "genre": data.get("genre"),
        "region": data.get("region"),
        "actors": list(data.get("actors") or []),
        "measures": list(data.get("measures") or []),
        "stages": dict(stages),
        "elements": list(data.get("elements") or []),
        "figures": list(data.get("figures") or []),
        "outcomes": list(data.get("outcomes") or []),
        "sources": _sources_list(data),
        "claims": _claims_list(data),
        "narrative": narrative,
        "n_chars": narrative_length(narrative),
        "commentary": commentary,
        "file": path.name,
    }
    for stage in STAGES:
        row[stage] = stage in stages
    return row


def _read_case(path: Path, *, validate: bool) -> dict[str, Any]:
    front, body = _split_front_matter(path)
    data = _normalise(_load_yaml(path, front))
    if validate:
        return _check(path, data, body)
    return _row(path, data, *_split_narrative(None, body))


def validate_case(path: str | Path) -> dict[str, Any]:
    """Read and validate one case file; return its fields as a dict.

    Parameters
    ----------
    path : str or Path
        A case file ``HBnnn-slug.md``.

    Returns
    -------
    dict
        The row :func:`cases` would produce for this file.

    Raises
    ------
    CaseError
        At the first problem, with a Chinese message naming the file and the field.

    Example
    -------
    >>> from zhili.casebook import validate_case
    >>> row = validate_case("corpus/cases/HB001-yidu-chenjiagang.md")   # doctest: +SKIP
    >>> row["prefecture"]                                                # doctest: +SKIP
    '宜昌市'
    """
    path = Path(path)
    if not path.is_file():
        raise CaseError(f"找不到案例文件：{path}。请检查路径。", path=path)
    return _read_case(path, validate=True)


def _case_files(folder: Path) -> list[Path]:
    skipped = {"readme.md"}
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".md" and p.name.lower() not in skipped),
        key=lambda p: p.name,
    )


def _table(folder: Path, *, validate: bool) -> pd.DataFrame:
    files = _case_files(folder)
    if not files:
        raise ZhiliError(f"文件夹 {folder} 中没有案例文件（*.md）。请参照 corpus/templates/case-template.md 新建。")
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in files:
        row = _read_case(path, validate=validate)
        cid = row["id"]
        if validate and cid in seen:
            raise _fail(path, "id", f"{cid} 与 {seen[cid]} 重复", "每个案例的编号必须唯一，请改用未占用的编号")
        seen[str(cid)] = path.name
        rows.append(row)
    df = pd.DataFrame(rows, columns=[*_COLUMNS, *STAGES])
    df = df.sort_values("id", kind="stable").reset_index(drop=True)
    for stage in STAGES:
        df[stage] = df[stage].astype(bool)
    df["n_chars"] = df["n_chars"].astype(int)
    return df


def _folder(path: str | Path | None) -> Path:
    if path is None:
        folder = default_cases_path()
        if not folder.is_dir():
            raise ZhiliError(
                f"找不到随项目附带的案例文件夹 {folder}。案例库位于源码仓库的 corpus/cases；"
                "若是通过 pip 安装的版本，请下载源码仓库，或用 zl.cases(path=\"你的案例文件夹\") 指定路径。"
            )
        return folder
    folder = Path(path)
    if not folder.is_dir():
        raise ZhiliError(f"找不到案例文件夹：{folder}。请检查路径是否正确（应为文件夹，不是单个文件）。")
    return folder


def cases(path: str | Path | None = None, *, as_corpus: bool = False, validate: bool = True) -> Any:
    """Load the casebook (or any folder of case files) as a table or a Corpus.

    Parameters
    ----------
    path : str or Path, optional
        A folder of case files ``HBnnn-slug.md``. Default: the repository's ``corpus/cases``.
        A file named ``README.md`` in the folder is ignored; every other ``*.md`` file must be a
        valid case.
    as_corpus : bool, default False
        Return a :class:`zhili.corpus.Corpus` of the factual narratives, with the case fields as
        docvars, instead of a DataFrame. The teaching commentary (after ``## 教学评析``) is not
        part of a document's text: text analysis counts what the reports say, not what the
        editors think of it. The commentary stays available as the ``commentary`` docvar.
    validate : bool, default True
        Check every file against the schema (required fields, allowed values, unique ids,
        sources of every figure, source provenance, claims covering every figure, year and 五共
        tag, narrative length, numbers in the narrative). With ``False`` the files are only parsed.

    Returns
    -------
    pandas.DataFrame or zhili.corpus.Corpus
        One row per case sorted by ``id``. Columns: ``id, title, prefecture, county, township,
        village, setting, years, year_start, year_end, date, domain, level, genre, region, actors,
        measures, stages, elements, figures, outcomes, sources, claims, narrative, n_chars,
        commentary, file`` and one boolean column per 五共 stage (see :data:`STAGES`).
        ``narrative`` is the factual part of the text and ``n_chars`` its length without
        whitespace; ``commentary`` is the text under ``## 教学评析`` (``""`` when there is none).
        A ``ref:`` source gets the title, publisher, author and date of the reference.

    Raises
    ------
    ZhiliError
        If the folder does not exist or holds no case files.
    CaseError
        At the first invalid file, naming the file and the field.

    Example
    -------
    >>> import zhili as zl
    >>> df = zl.cases()                                          # doctest: +SKIP
    >>> df.groupby("prefecture").size()                          # doctest: +SKIP
    >>> heat = df.set_index("title")[list(zl.casebook.STAGES)].astype(int)   # doctest: +SKIP
    """
    folder = _folder(path)
    df = _table(folder, validate=validate)
    if not as_corpus:
        return df
    return _as_corpus(folder, df)


_CLAIM_COLUMNS = ["id", "n", "claim", "field", "status", "status_label", "source", "locator", "stage", "source_kinds", "file"]


def case_claims(path: str | Path | None = None, *, validate: bool = True) -> pd.DataFrame:
    """The claims of every case as a table: one row per claim.

    A claim is one checkable statement of a case (a figure, a year, a programme, a 五共 tag …)
    with the source that supports it and how well (``status``). Use it to see how much of the
    casebook rests on what kind of evidence.

    Parameters
    ----------
    path : str or Path, optional
        A folder of case files. Default: the repository's ``corpus/cases``.
    validate : bool, default True
        Validate the files first, as :func:`cases` does.

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (case), ``n`` (position in the case's ``claims``, from 0, as in error
        messages ``claims[n]``), ``claim``, ``field``, ``status``, ``source`` (list of source
        ids, empty for a judgement without source), ``locator``, ``stage`` (the 五共 tag a
        ``stages`` claim names, or ``""``), ``source_kinds`` (the ``kind`` of each cited source)
        and ``file``.

    Example
    -------
    >>> import zhili as zl
    >>> claims = zl.case_claims()                                  # doctest: +SKIP
    >>> claims.groupby(["field", "status"]).size().unstack(fill_value=0)   # doctest: +SKIP
    """
    df = _table(_folder(path), validate=validate)
    return _claims_table(df)


def _claims_table(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for case in df.itertuples(index=False):
        kinds = {s.get("id"): s.get("kind", "") for s in case.sources if isinstance(s, dict)}
        for n, claim in enumerate(case.claims):
            stage = claim.get("stage") or next((st for st in STAGES if claim.get("field") == "stages" and st in str(claim.get("claim", ""))), "")
            rows.append({
                "id": case.id,
                "n": n,
                "claim": claim.get("claim"),
                "field": claim.get("field"),
                "status": claim.get("status"),
                "status_label": CLAIM_STATUS_LABELS.get(claim.get("status"), ""),
                "source": list(claim.get("source") or []),
                "locator": claim.get("locator") or "",
                "stage": stage,
                "source_kinds": [kinds.get(sid, "") for sid in claim.get("source") or []],
                "file": case.file,
            })
    return pd.DataFrame(rows, columns=_CLAIM_COLUMNS)


def mirror_only(df: pd.DataFrame) -> list[str]:
    """Ids of the cases none of whose sources was read at the original publisher or is a paper.

    Such a case rests only on mirrors and aggregators (``kind: mirror`` / ``aggregator``).
    """
    out = []
    for case in df.itertuples(index=False):
        kinds = {s.get("kind") for s in case.sources if isinstance(s, dict)}
        if kinds and kinds <= {"mirror", "aggregator"}:
            out.append(case.id)
    return out


def verification_table(path: str | Path | None = None, *, validate: bool = True) -> str:
    """The casebook's verification summary as Markdown (the table in ``corpus/README.md``).

    Counts claims per status (with the number of cases that have at least one such claim),
    sources per kind, and lists the cases that rest only on mirrors or aggregators. The data
    card embeds this text between two marker comments; ``tools/casebook_table.py`` rewrites it
    and a test checks that the committed table is the generated one.

    Example
    -------
    >>> import zhili as zl
    >>> print(zl.casebook.verification_table())                   # doctest: +SKIP
    """
    df = _table(_folder(path), validate=validate)
    claims = _claims_table(df)
    lines = [
        f"共 {len(df)} 个案例、{len(claims)} 条陈述（claims）。",
        "",
        "| 状态 | 含义 | 陈述数 | 占比 | 涉及案例数 |",
        "|---|---|---:|---:|---:|",
    ]
    total = max(len(claims), 1)
    for status, meaning in CLAIM_STATUSES.items():
        sub = claims[claims["status"] == status]
        lines.append(f"| `{status}` | {meaning} | {len(sub)} | {len(sub) / total:.0%} | {sub['id'].nunique()} |")
    lines.append(f"| 合计 | | {len(claims)} | 100% | {claims['id'].nunique()} |")
    lines += ["", "| 来源类型 | 含义 | 来源数 | 涉及案例数 |", "|---|---|---:|---:|"]
    kinds = [(case.id, s.get("kind") or "（未标注）") for case in df.itertuples(index=False) for s in case.sources if isinstance(s, dict)]
    for kind, meaning in [*SOURCE_KINDS.items(), ("（未标注）", "尚未按新格式登记")]:
        hits = [cid for cid, k in kinds if k == kind]
        if hits or kind in SOURCE_KINDS:
            lines.append(f"| `{kind}` | {meaning} | {len(hits)} | {len(set(hits))} |")
    only = mirror_only(df)
    lines += ["", "只依靠转载页或聚合页（没有原发页面、也没有论文来源）的案例："
              + ("、".join(only) if only else "无") + f"（{len(only)} 个）。"]
    spam = sorted({case.id for case in df.itertuples(index=False)
                   for s in case.sources if isinstance(s, dict) and s.get("spam_page")})
    lines += ["", "有来源只在夹带垃圾信息的页面上读到（`spam_page: true`，未找到其他副本）的案例："
              + ("、".join(spam) if spam else "无") + f"（{len(spam)} 个）。"]
    return "\n".join(lines) + "\n"


def _as_corpus(folder: Path, df: pd.DataFrame) -> Any:
    """The factual narratives as a Corpus via ``zhili.corpus.load_corpus``, case fields as docvars."""
    from .corpus import Corpus, Document, load_corpus  # noqa: PLC0415 - optional at import time

    loaded = load_corpus(folder)
    by_id = {row["id"]: row for row in df.to_dict("records")}
    by_file = {row["file"]: row["id"] for row in df.to_dict("records")}
    # the corpus keeps its own text (cut before the commentary), n_chars and file (path relative to the folder)
    skip = {"narrative", "n_chars", "file"}
    documents = []
    for doc in loaded:
        cid = doc.docvars.get("id")
        if cid not in by_id:
            cid = by_file.get(Path(str(doc.docvars.get("file") or doc.doc_id)).name)
        if cid not in by_id:
            raise ZhiliError(f"语料中的文档 {doc.doc_id} 对不上案例编号。请确认它是案例文件夹中的案例文件。")
        fields = {k: v for k, v in by_id[cid].items() if k not in skip}
        documents.append(Document(doc.doc_id, _facts_only(doc.text), {**doc.docvars, **fields}, doc.path))
    return Corpus(documents, report=loaded.report, source=str(folder))


def _facts_only(text: str) -> str:
    """A case document's text without the commentary (the reader turns ``## 教学评析`` into a line)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip().strip("#").strip() == COMMENTARY_HEADING:
            return "\n".join(lines[:i]).rstrip()
    return text


# --------------------------------------------------------------------------------------------
# the casebook's own writing words

#: Words of the casebook's own writing — how its narratives speak of their sources (报道, 记者,
#: 通讯员, 作者, 论文, 牟伟, 评论, 转载, 页面, 介绍, 稿件, 刊发) and of how the project checked them (概括,
#: 核对) and of themselves (案例, 教学) — not governance content. They are stopwords for the casebook
#: only; a user's own corpus keeps them unless the researcher removes them.
WRITING_STOPWORDS: tuple[str, ...] = ("报道", "案例", "论文", "教学", "牟伟", "作者", "记者", "通讯员",
                                      "评论", "转载", "页面", "介绍", "概括", "核对", "稿件", "刊发")


def writing_stopwords(source: Any = None) -> list[str]:
    """The casebook's writing words if ``source`` is the casebook, else an empty list.

    ``source`` is a folder (as given to :func:`zhili.load_corpus`) or a corpus read from one;
    ``None`` means the casebook itself. Lesson 08 uses it so that a user's corpus is never
    filtered with the casebook's list without saying so.

    Examples
    --------
    >>> writing_stopwords()[:5]
    ['报道', '案例', '论文', '教学', '牟伟']
    >>> writing_stopwords("我的语料")
    []
    """
    if source is None:
        return list(WRITING_STOPWORDS)
    folder = getattr(source, "source", source)
    if not isinstance(folder, (str, Path)):
        return []
    try:
        same = Path(folder).expanduser().resolve() == default_cases_path().resolve()
    except OSError:
        same = False
    return list(WRITING_STOPWORDS) if same else []
