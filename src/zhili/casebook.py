"""The Hubei 共同缔造 casebook: case files in ``corpus/cases`` as a table or a Corpus.

A case is one Markdown file ``HBnnn-ascii-slug.md``: YAML front matter with structured fields
(place, years, domain, the 五共 stages it shows, framework elements, figures with their sources,
the sources themselves) followed by a narrative of 300–800 Chinese characters written in the
project's own words. :func:`cases` reads a folder of such files, validates every file and returns
one row per case; :func:`validate_case` checks a single file. Problems raise :class:`CaseError`,
whose Chinese message names the file and the field, e.g.::

    案例文件 HB001-yidu-chenjiagang.md 的字段 figures[2].source 引用了不存在的来源 S9：……

The schema (field by field) is described in ``corpus/templates/case-template.md`` and
``corpus/README.md``.

Example
-------
>>> import zhili as zl
>>> df = zl.cases()                                  # doctest: +SKIP
>>> df.set_index("title")[zl.casebook.STAGES].astype(int)   # case × 五共 matrix  # doctest: +SKIP
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
    "CaseError",
    "cases",
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

#: Years a case may cover (共同缔造 2019–2024; closely related practice 2017–2025).
YEAR_MIN, YEAR_MAX = 2017, 2025
#: Narrative length bounds, counted in characters with all whitespace removed.
NARRATIVE_MIN, NARRATIVE_MAX = 300, 800

_ID_RE = re.compile(r"^HB\d{3}$")
_FILE_RE = re.compile(r"^(HB\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
_SOURCE_ID_RE = re.compile(r"^S\d+$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE_RE = re.compile(r"^\d{4}(?:-\d{2})?(?:-\d{2})?$")
_URL_RE = re.compile(r"^https?://\S+$")
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
    "actors", "measures", "stages", "elements", "figures", "outcomes", "sources",
    "narrative", "n_chars", "file",
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
            {k: _to_iso(v) for k, v in s.items()} if isinstance(s, dict) else s for s in data["sources"]
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

    # sources
    sources = data["sources"]
    if not sources:
        raise _fail(path, "sources", "是空列表", "每个案例至少要有一个来源")
    source_ids: list[str] = []
    for i, src in enumerate(sources):
        where = f"sources[{i}]"
        if not isinstance(src, dict):
            raise _fail(path, where, "应为键值表", "如 {id: S1, title: …, publisher: …, date: 2024-01-01, url: https://…}")
        sid = src.get("id")
        if not isinstance(sid, str) or not _SOURCE_ID_RE.match(sid):
            raise _fail(path, f"{where}.id", f"应为 S 加数字（如 S1），现在是 {sid!r}")
        if sid in source_ids:
            raise _fail(path, f"{where}.id", f"重复：{sid}", "每个来源的 id 应唯一")
        source_ids.append(sid)
        for key in ("title", "publisher"):
            if not isinstance(src.get(key), str) or not src[key].strip():
                raise _fail(path, f"{where}.{key}", "缺失或为空", "请照原文记录")
        date = src.get("date")
        if not isinstance(date, str) or not _PARTIAL_DATE_RE.match(date) or not _real_date(date):
            raise _fail(path, f"{where}.date", f"应为真实存在的 ISO 日期（如 2023-06-30），现在是 {date!r}", "只知年月时可写 2023-06")
        ref = src.get("ref")
        url = src.get("url")
        if ref is not None:
            if ref not in KNOWN_REFS:
                raise _fail(path, f"{where}.ref", f"的 {ref!r} 不是已知文献", "可用：" + "、".join(KNOWN_REFS))
        elif not isinstance(url, str) or not _URL_RE.match(url.strip()):
            raise _fail(path, f"{where}.url", f"缺失或不是网址：{url!r}", "请写完整网址（https://… 或 http://…）；引用参考论文时改写 ref: mouwei2024")

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

    # narrative
    narrative = body.strip()
    n = narrative_length(narrative)
    if not NARRATIVE_MIN <= n <= NARRATIVE_MAX:
        raise _fail(
            path, "narrative（正文）", f"长度为 {n} 字（不计空白）",
            f"应在 {NARRATIVE_MIN}–{NARRATIVE_MAX} 字之间",
        )
    for tok in narrative_numbers(narrative):
        value = float(tok)
        if not any(math.isclose(value, v, rel_tol=0, abs_tol=1e-9) for v in fig_values):
            raise _fail(
                path, "narrative（正文）", f"中的数字 {tok} 不在 figures 里",
                "正文中每个数字都要在 figures 中列出并注明来源；若非统计数字，请改用汉字书写",
            )

    return _row(path, data, narrative)


def _row(path: Path, data: dict[str, Any], narrative: str) -> dict[str, Any]:
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
        "sources": list(data.get("sources") or []),
        "narrative": narrative,
        "n_chars": narrative_length(narrative),
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
    return _row(path, data, body.strip())


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


def cases(path: str | Path | None = None, *, as_corpus: bool = False, validate: bool = True) -> Any:
    """Load the casebook (or any folder of case files) as a table or a Corpus.

    Parameters
    ----------
    path : str or Path, optional
        A folder of case files ``HBnnn-slug.md``. Default: the repository's ``corpus/cases``.
        A file named ``README.md`` in the folder is ignored; every other ``*.md`` file must be a
        valid case.
    as_corpus : bool, default False
        Return a :class:`zhili.corpus.Corpus` of the narratives, with the case fields as docvars,
        instead of a DataFrame.
    validate : bool, default True
        Check every file against the schema (required fields, allowed values, unique ids,
        sources of every figure, narrative length, numbers in the narrative). With ``False`` the
        files are only parsed.

    Returns
    -------
    pandas.DataFrame or zhili.corpus.Corpus
        One row per case sorted by ``id``. Columns: ``id, title, prefecture, county, township,
        village, setting, years, year_start, year_end, date, domain, level, genre, region, actors,
        measures, stages, elements, figures, outcomes, sources, narrative, n_chars, file`` and one
        boolean column per 五共 stage (see :data:`STAGES`).

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
    if path is None:
        folder = default_cases_path()
        if not folder.is_dir():
            raise ZhiliError(
                f"找不到随项目附带的案例文件夹 {folder}。案例库位于源码仓库的 corpus/cases；"
                "若是通过 pip 安装的版本，请下载源码仓库，或用 zl.cases(path=\"你的案例文件夹\") 指定路径。"
            )
    else:
        folder = Path(path)
        if not folder.is_dir():
            raise ZhiliError(f"找不到案例文件夹：{folder}。请检查路径是否正确（应为文件夹，不是单个文件）。")
    df = _table(folder, validate=validate)
    if not as_corpus:
        return df
    return _as_corpus(folder, df)


def _as_corpus(folder: Path, df: pd.DataFrame) -> Any:
    """The narratives as a Corpus via ``zhili.corpus.load_corpus``, case fields as docvars."""
    from .corpus import Corpus, Document, load_corpus  # noqa: PLC0415 - optional at import time

    loaded = load_corpus(folder)
    by_id = {row["id"]: row for row in df.to_dict("records")}
    by_file = {row["file"]: row["id"] for row in df.to_dict("records")}
    # the corpus keeps its own text, n_chars and file (path relative to the folder)
    skip = {"narrative", "n_chars", "file"}
    documents = []
    for doc in loaded:
        cid = doc.docvars.get("id")
        if cid not in by_id:
            cid = by_file.get(Path(str(doc.docvars.get("file") or doc.doc_id)).name)
        if cid not in by_id:
            raise ZhiliError(f"语料中的文档 {doc.doc_id} 对不上案例编号。请确认它是案例文件夹中的案例文件。")
        fields = {k: v for k, v in by_id[cid].items() if k not in skip}
        documents.append(Document(doc.doc_id, doc.text, {**doc.docvars, **fields}, doc.path))
    return Corpus(documents, report=loaded.report, source=str(folder))


# --------------------------------------------------------------------------------------------
# the casebook's own writing words

#: Words of the casebook's own writing — how its narratives speak of their sources and of their use
#: in teaching (报道, 案例, 论文, 教学, 牟伟) — not governance content. They are stopwords for the
#: casebook only; a user's own corpus keeps them unless the researcher removes them.
WRITING_STOPWORDS: tuple[str, ...] = ("报道", "案例", "论文", "教学", "牟伟")


def writing_stopwords(source: Any = None) -> list[str]:
    """The casebook's writing words if ``source`` is the casebook, else an empty list.

    ``source`` is a folder (as given to :func:`zhili.load_corpus`) or a corpus read from one;
    ``None`` means the casebook itself. Lesson 08 uses it so that a user's corpus is never
    filtered with the casebook's list without saying so.

    Examples
    --------
    >>> writing_stopwords()
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
