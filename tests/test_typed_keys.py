"""Keys typed with a Chinese input method are accepted where the kit looks something up (issue 13).

Full-width letters, digits and brackets, ideographic and stray spaces, and traditional characters
in element names, section codes, exercise ids and document ids; text being analysed is not folded.
"""
from __future__ import annotations

import pytest

import zhili as zl
from zhili._errors import check_choice
from zhili._keys import close_matches, lookup_key, to_simplified
from zhili.exercises import as_integer, as_number, as_text, evaluate, Wrong

def full_width(text: str) -> str:
    """``text`` as an input method in full-width mode types it (ASCII → U+FF01…U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.fixture(scope="module")
def fw():
    return zl.framework()


def test_full_width_helper_really_produces_full_width():
    assert full_width("二(三)") == "二（三）" and full_width("15") == "１５"


@pytest.mark.parametrize("typed", ["二（三）", " 二(三)", "二(三)\u3000", "二 ( 三 )"])
def test_section_codes_typed_in_full_width_select_the_same_elements(fw, typed):
    expected = fw.elements(section="二(三)")
    assert len(expected) > 0
    assert fw.elements(section=typed).equals(expected)


def test_unknown_section_suggests_close_codes(fw):
    with pytest.raises(zl.ZhiliError, match=r"二（五）.*您是不是要找：二\(四\)"):
        fw.elements(section="二（五）")


@pytest.mark.parametrize("name", ["五共", "四权同下", "3+N公约体系", "15分钟服务圈", "1+1+N党群服务中心", "决策共谋"])
def test_names_typed_with_the_input_method_resolve(fw, name):
    for typed in (name + " ", "\u3000" + name, full_width(name), " ".join(name)):
        assert fw.find(typed).name == name, typed
        assert typed in fw, typed
    assert fw.path(full_width(name)) == fw.path(name)


def test_ids_typed_in_full_width_resolve(fw):
    assert fw.find(full_width("four_powers")).name == "四权同下"


@pytest.mark.parametrize("traditional,simplified", [("決策共謀", "决策共谋"), ("四權同下", "四权同下"),
                                                     ("村灣夜話", "村湾夜话"), ("發展共建", "发展共建")])
def test_traditional_characters_are_found(fw, traditional, simplified):
    assert to_simplified(traditional) == simplified
    assert fw.find(traditional).name == simplified
    assert fw.children(traditional) == fw.children(simplified)


def test_a_near_miss_still_suggests_the_element(fw):
    with pytest.raises(zl.ZhiliError, match="四全同下.*您是不是要找：四权同下"):
        fw.find("四全同下")
    with pytest.raises(zl.ZhiliError, match="您是不是要找：决策共谋"):
        fw.find("決策共某")  # traditional and a wrong character: suggested in simplified


def test_lookup_key_leaves_plain_keys_alone():
    for key in ("五共", "二(三)", "four_powers", "3+N公约体系", "UTF-8"):
        assert lookup_key(key) == key
    assert lookup_key("\u3000a\u00a0 b\t") == "ab"


def test_close_matches_folds_the_key():
    assert close_matches("ｎｍａｅ", ["id", "name", "kind"]) == ["name"]


def test_exercise_ids_and_text_answers_typed_in_full_width():
    assert evaluate(full_width("L01.2").lower(), "决策共谋").ok
    assert evaluate("L01.2", "决策共谋\u3000").ok
    assert as_text(full_width("15") + "分钟 服务圈") == "15分钟服务圈"


def test_traditional_answer_is_told_to_use_simplified_characters():
    fb = evaluate("L01.2", "決策共謀")
    assert fb.status == "wrong"
    assert "繁体" in fb.message and 'answer = "决策共谋"' in fb.message
    # a traditional answer that is wrong anyway gets the ordinary feedback
    other = evaluate("L01.2", "發展共建")
    assert other.status == "wrong" and "繁体" not in other.message


@pytest.mark.parametrize("typed,value", [("１２", 12), ("12", 12), (" ４ ", 4)])
def test_quoted_numbers_get_advice_with_ascii_digits(typed, value):
    with pytest.raises(Wrong, match=rf"answer = {value} 即可") as info:
        as_integer(typed)
    assert ("英文输入法" in str(info.value)) == (typed.strip() != str(value))


def test_quoted_decimal_gets_advice_with_ascii_digits():
    with pytest.raises(Wrong, match=r"answer = 0\.35 即可"):
        as_number("０.３５")
    assert as_number(0.35) == 0.35


def test_choice_typed_in_full_width_says_what_to_type():
    with pytest.raises(zl.ZhiliError, match="英文输入法.*method='textrank'"):
        check_choice("method", full_width("textrank"), ("tfidf", "textrank"))
    with pytest.raises(zl.ZhiliError) as info:
        check_choice("method", "pagerank", ("tfidf", "textrank"))
    assert "英文输入法" not in str(info.value)


def test_documents_by_case_id_and_full_width_id():
    cases = zl.cases(as_corpus=True)
    first = cases.docs.iloc[0]
    doc = cases[full_width(first["id"]) + " "]
    assert doc.doc_id == first["doc_id"]
    assert cases[first["doc_id"]].doc_id == first["doc_id"]
    with pytest.raises(KeyError, match="您是不是要找") as info:
        cases[first["id"] + "9"]
    assert isinstance(info.value, zl.ZhiliError)
    assert str(info.value).startswith("语料中没有编号为")  # the message itself, not KeyError's quoted repr
