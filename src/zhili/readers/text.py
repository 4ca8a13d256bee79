"""Bytes to text: encoding detection for Chinese files, and text normalisation.

Encodings are settled in this order:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32);
2. strict UTF-8 — unless the result is made of Latin look-alikes while a legacy Chinese decoding
   reads as Chinese (a short GBK text can happen to be valid UTF-8);
3. the candidates that decode the bytes strictly — GB18030 (a superset of GB2312 and GBK), Big5,
   and UTF-16 LE/BE without a byte-order mark — scored by how much the result reads like
   Chinese: each character is weighted by its rank among the 3,500 most frequent characters
   (``common_chars.txt``, simplified and, through OpenCC, traditional), ASCII and Chinese
   punctuation count fully, rare or private-use characters not at all. The best score wins,
   ties in the order above (mainland files first);
4. charset-normalizer over every encoding it knows, as a last resort for non-Chinese files.

A decoding is marked *uncertain* (a warning in the load report) when the text is very short, when
two candidates read almost equally well, or when the winner reads poorly; the user is asked to
check it. Left to itself, charset-normalizer answers cp949 (Korean) or Big5 for short GBK text,
which is why it only comes last.
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .._errors import LoadError

__all__ = ["Decoded", "decode_bytes", "detect_encoding", "normalize_text", "ENCODING_NAMES"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Display names for the load report.
ENCODING_NAMES = {
    "utf-32": "UTF-32 (BOM)",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16 (BOM)",
    "utf-8": "UTF-8",
    "gb18030": "GB18030/GBK/GB2312",
    "big5": "Big5",
    "utf-16-le": "UTF-16LE（无 BOM）",
    "utf-16-be": "UTF-16BE（无 BOM）",
}
# decoding order = preference on equal scores
_LEGACY = ("gb18030", "big5", "utf-16-le", "utf-16-be")
#: below this score a decoding does not read as text in any language the kit knows
_READABLE = 0.6
#: texts with fewer Chinese characters than this are too short to be sure of
_SHORT = 12


@dataclass(frozen=True)
class Decoded:
    """The text of a file, the encoding found, and a Chinese note when the guess is uncertain."""

    text: str
    encoding: str
    note: str = ""


def _fail(path: Path, reason: str, problem: str, todo: str) -> LoadError:
    return LoadError(f"文件 {path}：{problem}。{todo}", path=path, reason=reason)


# ------------------------------------------------------------------------------ scoring


@functools.lru_cache(maxsize=1)
def _char_weights() -> dict[str, float]:
    """Weight of each common character (simplified and traditional forms) by frequency rank."""
    raw = resources.files(__package__).joinpath("common_chars.txt").read_text(encoding="utf-8")
    chars = "".join(line.strip() for line in raw.splitlines() if not line.startswith("#"))
    from .. import readers

    traditional = readers.opencc_converter("s2t").convert(chars)
    weights: dict[str, float] = {}
    for rank, (s, t) in enumerate(zip(chars, traditional)):
        w = 1.0 if rank < 1000 else 0.9 if rank < 2500 else 0.75
        weights.setdefault(s, w)
        weights.setdefault(t, w)
    return weights


_CJK_PUNCT = set("，。、；：？！（）「」『』《》〈〉【】〔〕…—～·“”‘’％＋－／＝０１２３４５６７８９\u3000")


def _char_score(ch: str, weights: dict[str, float]) -> float:
    w = weights.get(ch)
    if w is not None:
        return w
    code = ord(ch)
    if code < 0x80:
        return 1.0 if (ch.isprintable() or ch in "\n\r\t\f") else 0.0
    if ch in _CJK_PUNCT or 0xFF01 <= code <= 0xFF5E:
        return 1.0
    if 0x4E00 <= code <= 0x9FFF:
        return 0.4  # a real but uncommon character
    if 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF:
        return 0.05  # extension blocks: almost never in policy text
    cat = unicodedata.category(ch)
    if cat.startswith("L") and code < 0x0530:  # Latin-1/extended, Greek, Cyrillic letters
        return 0.2
    if cat in ("Zs", "Pd", "Po", "Ps", "Pe", "Pi", "Pf", "Sm", "Sc", "Nd"):
        return 0.5
    return 0.0  # private use, controls, box drawing, Hangul, kana …


def _score(text: str) -> tuple[float, int]:
    """Mean plausibility of the characters (0–1) and the number of Chinese characters."""
    if not text:
        return 0.0, 0
    weights = _char_weights()
    total = 0.0
    hanzi = 0
    for ch in text:
        total += _char_score(ch, weights)
        if "\u4e00" <= ch <= "\u9fff":
            hanzi += 1
    return total / len(text), hanzi


# ------------------------------------------------------------------------------ detection


def detect_encoding(data: bytes, *, path: Path | str = "<bytes>") -> Decoded:
    """Decode the bytes of a text file; return the text, the encoding and a note if uncertain.

    Raises
    ------
    LoadError
        ``reason="binary"`` for bytes that are not text, ``"undecodable"`` when no encoding fits.

    Examples
    --------
    >>> detect_encoding("共同缔造推动基层治理".encode("gbk")).encoding
    'GB18030/GBK/GB2312'
    >>> detect_encoding("共同締造推動基層治理".encode("big5")).encoding
    'Big5'
    >>> detect_encoding("基层治理".encode("utf-16-le")).encoding
    'UTF-16LE（无 BOM）'
    """
    path = Path(path)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _fail(path, "undecodable", f"带有 {ENCODING_NAMES[codec]} 字节序标记，但内容无法按该编码解码（{exc.reason}）",
                            "请用文本编辑器以 UTF-8 重新保存该文件") from None
            return Decoded(text.lstrip("\ufeff"), ENCODING_NAMES[codec])

    candidates: list[tuple[str, str]] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _CJK.search(text) and not _CONTROLS.search(text):
            return Decoded(text, ENCODING_NAMES["utf-8"])  # the common case: nothing else to try
        candidates.append(("utf-8", text))
    for codec in _LEGACY:
        if codec.startswith("utf-16") and len(data) % 2:
            continue
        try:
            candidates.append((codec, data.decode(codec)))
        except UnicodeDecodeError:
            continue
    # a decoding full of control characters is not text (UTF-16 read as UTF-8 shows NULs)
    scored = [(codec, text, *_score(text)) for codec, text in candidates if not _looks_binary(text)]
    utf8 = scored.pop(0) if scored and scored[0][0] == "utf-8" else None
    best = max(scored, key=lambda s: s[2]) if scored else None  # max keeps the first of equal scores
    if utf8 is not None and _prefer_utf8(utf8, best):
        return Decoded(utf8[1], ENCODING_NAMES["utf-8"])
    if best is not None and best[2] >= _READABLE:
        return Decoded(best[1], ENCODING_NAMES[best[0]], _note(best, [*scored, *([utf8] if utf8 else [])]))
    if utf8 is not None:
        return Decoded(utf8[1], ENCODING_NAMES["utf-8"])
    if b"\x00" in data:
        raise _fail(path, "binary", "看起来是二进制文件（含空字节），不是文本",
                    "请确认文件类型；Word 文档请保存为 .docx，其他格式请另存为 UTF-8 文本")
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    # the last resort must still read as text (UTF-16 and the Chinese encodings were scored above)
    if guess is not None and (guess.encoding.startswith(("utf_16", "utf_32")) or _score(str(guess))[0] < _READABLE):
        guess = None
    if guess is None:
        raise _fail(path, "undecodable", "无法识别文本编码（已尝试 UTF-8、GB18030/GBK/GB2312、Big5、UTF-16 等）",
                    "请用文本编辑器打开并另存为 UTF-8 编码后重试")
    text = str(guess)
    note = (f"编码无法确定，按 {guess.encoding} 读取，可能有乱码：请打开文件核对，"
            "或用文本编辑器另存为 UTF-8 后重新读取")
    return _checked(Decoded(text, guess.encoding, note), path)


def _prefer_utf8(utf8, best) -> bool:
    """Valid UTF-8 wins unless a legacy decoding reads much better.

    A short GBK text can be valid UTF-8 made of Latin look-alikes, and CJK in UTF-16 without a
    byte-order mark can be valid ASCII: a "word" of eight or more letters and signs without a
    space, where UTF-16 gives Chinese that reads well, is taken for UTF-16.
    """
    _codec, text, score, hanzi = utf8
    if best is None:
        return True
    controls = any(unicodedata.category(c) == "Cc" and c not in "\n\r\t\f" for c in text)
    if hanzi > 0 and not controls:
        return True
    if text.isascii() and not controls:
        soup = len(text) >= 8 and sum(c.isspace() for c in text) / len(text) < 0.05
        strong = best[0].startswith("utf-16") and best[2] >= 0.85 and best[3] * 2 >= len(best[1])
        return not (soup and strong)
    return score + 0.2 >= best[2]


def _note(best, scored) -> str:
    codec, _text, score, hanzi = best
    rivals = [s for s in scored if s[0] != codec and s[2] >= score - 0.1 and s[2] >= _READABLE]
    name = ENCODING_NAMES[codec]
    if hanzi < _SHORT and rivals:
        other = "、".join(ENCODING_NAMES[s[0]] for s in rivals)
        return (f"文本很短，编码按 {name} 判断（也可能是 {other}），请打开核对；"
                "如有乱码，请另存为 UTF-8 后重新读取")
    if rivals:
        other = "、".join(ENCODING_NAMES[s[0]] for s in rivals)
        return f"编码按 {name} 判断，但 {other} 也说得通，请核对；最稳妥的办法是另存为 UTF-8"
    if score < 0.8:
        return f"编码按 {name} 判断，但解码后的文字不太像中文，请核对是否有乱码"
    return ""


def _checked(decoded: Decoded, path: Path) -> Decoded:
    if _looks_binary(decoded.text):
        raise _fail(path, "binary", "看起来是二进制文件（控制字符过多），不是文本",
                    "请确认文件类型；其他格式请另存为 UTF-8 文本")
    return decoded


def decode_bytes(data: bytes, *, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a Chinese text file; return ``(text, encoding name)``.

    See :func:`detect_encoding`, which also says when the guess is uncertain.

    Examples
    --------
    >>> decode_bytes("共同缔造".encode("gbk"))
    ('共同缔造', 'GB18030/GBK/GB2312')
    >>> decode_bytes("\\ufeff共同缔造".encode("utf-8"))
    ('共同缔造', 'UTF-8 (BOM)')
    """
    decoded = detect_encoding(data, path=path)
    return decoded.text, decoded.encoding


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return control / len(text) > 0.05


# ------------------------------------------------------------------------------ normalising

_FULLWIDTH_KEEP = set("，。、；：？！（）「」『』《》〈〉【】〔〕…—～·“”‘’")


def _normalize_table() -> dict[int, str | None]:
    """One ``str.translate`` table for every per-character rule of :func:`normalize_text`."""
    table: dict[int, str | None] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        if chr(code) not in _FULLWIDTH_KEEP:
            table[code] = chr(code - 0xFEE0)
    for code in [*range(0, 32), *range(0x7F, 0xA0)]:  # control characters
        if chr(code) not in "\n\t":
            table[code] = " "
    table[ord("\r")] = "\n"
    for ch in "\u2028\u2029\x0b\x0c":  # line and paragraph separators, vertical tab, form feed
        table[ord(ch)] = "\n"
    for ch in "\u00a0\u3000\u2002\u2003\u2009":
        table[ord(ch)] = " "
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
        table[ord(ch)] = None
    return table


_NORMALIZE_TABLE = _normalize_table()
# The characters the table changes. ``str.translate`` with a dict looks up every character of a
# non-ASCII text (about 50 ns each: 40 % of reading a folder of Chinese documents); a regex scan
# for the few characters to change runs in C and calls back only where one occurs.
_NORMALIZE_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_NORMALIZE_TABLE)) + "]")


def _translate(match: re.Match) -> str:
    return _NORMALIZE_TABLE[ord(match.group())] or ""


def normalize_text(text: str, *, to_simplified: bool = False) -> str:
    """Normalise text without damaging Chinese punctuation.

    - Unicode NFC; line breaks become ``\\n`` (also vertical tab, form feed and the Unicode line
      and paragraph separators); zero-width characters, soft hyphens and a stray byte-order mark
      are removed; no-break and ideographic spaces and other control characters become ordinary
      spaces; spaces at line ends are dropped.
    - Full-width Latin letters, digits and ASCII symbols become half-width (``２０２３`` → ``2023``,
      ``ＡＩ`` → ``AI``, ``１．`` → ``1.``), but Chinese punctuation stays full-width:
      ，。、；：？！（）「」『』《》【】…—～·“”‘’ are kept as they are.
    - ``to_simplified=True`` converts traditional characters to simplified ones with OpenCC
      (``t2s``).

    Examples
    --------
    >>> normalize_text("２０２３年，「共同缔造」；ＡＩ赋能…")
    '2023年，「共同缔造」；AI赋能…'
    >>> normalize_text("決策共謀、發展共建", to_simplified=True)
    '决策共谋、发展共建'
    """
    text = unicodedata.normalize("NFC", text)
    text = _NORMALIZE_CHARS.sub(_translate, text.replace("\r\n", "\n"))  # = .translate(_NORMALIZE_TABLE)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    if to_simplified:
        from .. import readers

        text = readers.opencc_converter("t2s").convert(text)
    return text
