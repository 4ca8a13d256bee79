"""Lookup keys typed with a Chinese input method: full-width forms, stray spaces, traditional script.

A student who types ``fw.elements(section="二（三）")`` with the input method still in full-width
mode, or ``fw.find("五共 ")`` with a trailing ideographic space, means the same key as the kit's
``"二(三)"`` and ``"五共"``. These helpers fold such keys, and only keys (element names, ids,
section codes, exercise ids, document ids): text that is being analysed keeps its punctuation.

Nothing here is imported when zhili is imported; OpenCC loads on the first traditional-script
fallback.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["lookup_key", "to_simplified", "close_matches", "has_cjk"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_SPACES = re.compile(r"\s+")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds at least one CJK ideograph."""
    return bool(_HAS_CJK.search(text))


def lookup_key(text: str) -> str:
    """Fold a key typed with a Chinese input method to the form the kit stores.

    NFKC maps full-width letters, digits and brackets to ASCII (``（`` → ``(``, ``１５`` → ``15``)
    and compatibility ideographs to the unified ones; then every space (also U+3000 and other
    Unicode spaces) is removed: the kit's names, ids and codes have none, and a key compared with
    this function on both sides stays comparable. Use it on both sides of a comparison.

    Examples
    --------
    >>> lookup_key("二（三）")
    '二(三)'
    >>> lookup_key("　五 共 ")
    '五共'
    >>> lookup_key("１５分钟服务圈")
    '15分钟服务圈'
    >>> lookup_key("ｆｏｕｒ＿ｐｏｗｅｒｓ")
    'four_powers'
    >>> lookup_key("1 + 1 + N 党群服务中心")
    '1+1+N党群服务中心'
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def to_simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC ``t2s``); unchanged if OpenCC is unavailable.

    Examples
    --------
    >>> to_simplified("決策共謀")
    '决策共谋'
    """
    if not has_cjk(text):
        return text
    try:
        from .readers import opencc_converter

        return opencc_converter("t2s").convert(text)
    except Exception:  # noqa: BLE001 - a missing converter only means no traditional fallback
        return text


def close_matches(key: str, pool: Iterable[str], *, n: int = 5, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` entries of ``pool`` close to ``key`` (difflib), best first, without duplicates.

    ``key`` is compared after :func:`lookup_key`, and also in simplified script, so a key typed
    in full-width or traditional characters still finds its neighbours.

    Examples
    --------
    >>> close_matches("nmae", ["id", "name", "kind"])
    ['name']
    """
    pool = list(dict.fromkeys(pool))
    folded = {lookup_key(p): p for p in pool}
    found: list[str] = []
    for probe in dict.fromkeys((lookup_key(key), to_simplified(lookup_key(key)))):
        found += [folded[m] for m in difflib.get_close_matches(probe, list(folded), n=n, cutoff=cutoff)]
    return list(dict.fromkeys(found))[:n]
