"""zhili._yaml: the kit's YAML reader — dates as text, bounded aliases, Chinese errors (issue 10)."""
from __future__ import annotations

import pytest

import zhili as zl
from zhili._yaml import MAX_ALIAS_NODES, BoundedLoader, YamlError, safe_load

LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def test_plain_documents_and_dates_as_text():
    assert safe_load("date: 2024-11-29\nn: 3\n", source="m.yaml") == {"date": "2024-11-29", "n": 3}
    assert safe_load("", source="m.yaml") is None


def test_billion_laughs_is_refused_at_the_line_of_the_alias():
    assert len(LAUGHS.encode()) < 350
    with pytest.raises(YamlError) as err:
        safe_load(LAUGHS, source="front-matter of 01.md")
    assert err.value.line == 6  # f: its *e aliases take the count past the bound
    assert str(err.value).startswith("front-matter of 01.md 第 6 行：")
    assert isinstance(err.value, zl.LoadError) and isinstance(err.value, zl.ZhiliError)


def test_aliases_below_the_bound_load():
    doc = safe_load(LAUGHS.rsplit("\n", 5)[0], source="x.yaml")  # a … e: 74 718 nodes from aliases
    assert len(doc["e"]) == 9 and doc["e"][0][0][0][0][0] == "lol"


def test_merge_keys_count_as_aliases():
    base = "base: &b {" + ", ".join(f"k{i}: {i}" for i in range(50)) + "}\n"
    many = "".join(f"m{i}: {{<<: *b, own: {i}}}\n" for i in range(3000))  # 3000 × 101 nodes
    with pytest.raises(YamlError, match="别名"):
        safe_load(base + many, source="x.yaml")


def test_recursive_alias_is_refused():
    with pytest.raises(YamlError, match="包含它自己") as err:
        safe_load("a: &a [1, *a]\n", source="x.yaml")
    assert err.value.line == 1


def test_syntax_errors_name_source_and_line():
    with pytest.raises(YamlError, match="YAML 语法错误") as err:
        safe_load("a: [1, 2\nb: 3\n", source="x.yaml")
    assert err.value.line is not None and "x.yaml 第" in str(err.value)


def test_a_subclass_can_lower_the_bound():
    class Small(BoundedLoader):
        max_alias_nodes = 5

    assert MAX_ALIAS_NODES > 5
    with pytest.raises(YamlError, match="超过 5 个节点"):
        safe_load("a: &a [1, 2, 3]\nb: [*a, *a]\n", source="x.yaml", loader=Small)
