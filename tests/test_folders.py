"""zhili.files and zhili.metadata: a researcher's real folder, read without surprises (issue 10).

Junk is skipped by rule and listed; links are followed inside the folder and reported otherwise;
every path on disk has a row in the report; metadata problems are reported per file with the
value and the line.
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

import zhili as zl
from _documents import docx_with_body, p

GOOD = "坚持共同缔造，推进基层治理。"


def _status(corpus) -> dict[str, str]:
    return corpus.report.set_index("file")["status"].to_dict()


def _all_paths(root: Path) -> set[str]:
    """Every file path under root, links to folders followed (the trees here have no loops)."""
    out = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        for name in files:
            out.add((Path(folder) / name).relative_to(root).as_posix())
    return out


# ------------------------------------------------------------------------------ junk and formats


def test_office_and_system_junk_is_ignored_listed_and_never_an_error(tmp_path):
    # issue 10: one .DS_Store, Thumbs.db, desktop.ini or Word lock file aborted the default load
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\x00\x00")
    (tmp_path / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    (tmp_path / "desktop.ini").write_bytes("[.ShellClassInfo]\r\n".encode("utf-16"))
    (tmp_path / "~$方案.docx").write_bytes(b"\x0bAdministrator" + b"\x00" * 150)
    (tmp_path / ".~lock.方案.docx#").write_text("x,y", encoding="utf-8")
    (tmp_path / "._a.txt").write_bytes(b"\x00\x05\x16\x07")
    corpus = zl.load_corpus(tmp_path)  # default errors="raise": does not raise
    assert corpus.doc_ids == ["a.txt"]
    status = _status(corpus)
    assert status.pop("a.txt") == "ok"
    assert set(status.values()) == {"ignored"} and len(status) == 6
    lock = corpus.report.set_index("file").loc["~$方案.docx", "message"]
    assert "锁定文件" in lock and "损坏" not in lock


def test_jupyter_checkpoints_and_hidden_folders_are_not_read_twice(tmp_path):
    # issue 10: .ipynb_checkpoints copies were read as documents, doubling every count
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"\x00\x01")
    corpus = zl.load_corpus(tmp_path)
    assert corpus.doc_ids == ["a.txt"]
    report = corpus.report.set_index("file")
    assert report.loc[".ipynb_checkpoints/a-checkpoint.txt", "status"] == "ignored"
    assert "JupyterLab" in report.loc[".ipynb_checkpoints/a-checkpoint.txt", "message"]
    assert report.loc[".git/HEAD", "status"] == "ignored"
    assert set(report.index) == _all_paths(tmp_path)


def test_saved_web_page_assets_are_ignored(tmp_path):
    (tmp_path / "新闻.html").write_text("<html><body><p>坚持共同缔造。</p></body></html>", encoding="utf-8")
    (tmp_path / "新闻_files").mkdir()
    (tmp_path / "新闻_files" / "logo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "新闻_files" / "style.css").write_text("p{}", encoding="utf-8")
    corpus = zl.load_corpus(tmp_path)
    assert _status(corpus) == {"新闻.html": "ok", "新闻_files/logo.png": "ignored", "新闻_files/style.css": "ignored"}


@pytest.mark.parametrize("name,hint", [("通知.doc", "soffice --headless --convert-to docx"), ("公文.wps", "WPS"),
                                       ("版式.ofd", "OFD"), ("名单.xlsx", "metadata.csv"), ("旧.rtf", "docx"),
                                       ("扫描.jpg", "OCR"), ("说明", "没有扩展名")])
def test_unsupported_formats_have_their_own_status_and_a_hint(tmp_path, name, hint):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(b"\x01\x02 whatever")
    with pytest.raises(zl.LoadError) as info:
        zl.load_corpus(tmp_path)
    assert name in str(info.value) and hint in str(info.value)
    corpus = zl.load_corpus(tmp_path, errors="report")
    row = corpus.report.set_index("file").loc[name]
    assert row["status"] == "unsupported" and hint in row["message"]
    assert corpus.doc_ids == ["a.txt"]


def test_ignore_patterns(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "附件").mkdir()
    (tmp_path / "附件" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "图.jpg").write_bytes(b"\xff\xd8\xff")
    corpus = zl.load_corpus(tmp_path, ignore=["*.jpg", "附件/"])
    assert _status(corpus) == {"a.txt": "ok", "附件/b.txt": "ignored", "图.jpg": "ignored"}


# ------------------------------------------------------------------------------ links and access


def test_symlinked_subfolder_inside_the_root_is_followed_once(tmp_path):
    # issue 10: a symlinked sub-folder was skipped and never appeared in the report
    (tmp_path / "省级").mkdir()
    (tmp_path / "省级" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "链接").symlink_to(tmp_path / "省级", target_is_directory=True)
    corpus = zl.load_corpus(tmp_path)
    assert corpus.doc_ids == ["省级/a.txt"]  # read once, under its own path
    assert _status(corpus) == {"省级/a.txt": "ok", "链接/a.txt": "duplicate"}


def test_symlinked_folder_whose_files_live_elsewhere_in_the_tree(tmp_path):
    data = tmp_path / "语料"
    (data / ".store").mkdir(parents=True)
    (data / ".store" / "b.txt").write_text(GOOD, encoding="utf-8")
    (data / "市级").symlink_to(data / ".store", target_is_directory=True)
    corpus = zl.load_corpus(data)
    # the hidden real folder is ignored; the link makes its file visible under the link's path
    assert _status(corpus) == {".store/b.txt": "ignored", "市级/b.txt": "ok"}


def test_links_outside_the_root_dangling_links_and_loops_are_reported(tmp_path):
    # issue 10: a dangling link was skipped silently
    root = tmp_path / "语料"
    root.mkdir()
    (root / "a.txt").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "别处"
    outside.mkdir()
    (outside / "c.txt").write_text(GOOD, encoding="utf-8")
    (root / "外部").symlink_to(outside, target_is_directory=True)
    (root / "外部文件.txt").symlink_to(outside / "c.txt")
    (root / "断开.txt").symlink_to(tmp_path / "不存在.txt")
    (root / "子").mkdir()
    (root / "子" / "回环").symlink_to(root, target_is_directory=True)
    corpus = zl.load_corpus(root, errors="report")
    status = _status(corpus)
    assert status == {"a.txt": "ok", "外部": "outside_link", "外部文件.txt": "outside_link", "断开.txt": "broken_link",
                      "子/回环": "link_loop"}
    report = corpus.report.set_index("file")
    assert "load_corpus([" in report.loc["外部", "message"]
    with pytest.raises(zl.LoadError, match="断开.txt"):
        zl.load_corpus(root)
    both = zl.load_corpus([root, outside], errors="report")  # the documented way to include it
    assert "c.txt" in " ".join(both.doc_ids)


def test_unreadable_folder_and_file_are_reported_not_raised(tmp_path, monkeypatch):
    # issue 10: an unreadable sub-folder was skipped silently; an unreadable file raised PermissionError.
    # Tests run as root, where chmod does not stop reading: the denial is simulated.
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "锁住").mkdir()
    (tmp_path / "锁住" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "无权.txt").write_text(GOOD, encoding="utf-8")
    real_scandir, real_read_bytes = os.scandir, Path.read_bytes

    def scandir(path="."):
        if Path(path).name == "锁住":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self):
        if self.name == "无权.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = zl.load_corpus(tmp_path, errors="report")
    assert _status(corpus) == {"a.txt": "ok", "锁住": "unreadable", "无权.txt": "unreadable"}
    assert "权限" in corpus.report.set_index("file").loc["锁住", "message"]


def test_every_path_on_disk_has_a_row(tmp_path):
    for rel in ["a.txt", "b/c.md", "b/.DS_Store", "b/~$d.docx", "e/f/g.pdf", "e/h.doc", ".ipynb_checkpoints/a.txt",
                "metadata.csv"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"file,title\na.txt,x\n" if rel == "metadata.csv" else GOOD.encode("utf-8"))
    corpus = zl.load_corpus(tmp_path, errors="report")
    assert set(corpus.report["file"]) == _all_paths(tmp_path)
    assert len(corpus.report) == len(_all_paths(tmp_path))


# ------------------------------------------------------------------------------ metadata

META_HEADER = "file,title,level,date\n"


def test_reserved_metadata_columns_do_not_overwrite_the_text(tmp_path):
    # issue 10: metadata or front-matter columns named text, doc_id, n_chars overwrote the real ones
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntext: 摘要\nfile: x.txt\n---\n" + GOOD, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,text,doc_id,n_chars\na.txt,覆盖,X,1\nb.md,,,\n", encoding="utf-8")
    with pytest.warns(zl.ZhiliWarning, match="meta_text"):
        corpus = zl.load_corpus(tmp_path)
    docs = corpus.docs.set_index("doc_id")
    assert docs.loc["a.txt", "text"] == GOOD and docs.loc["a.txt", "n_chars"] == len(GOOD)
    assert docs.loc["a.txt", "meta_text"] == "覆盖" and docs.loc["a.txt", "meta_doc_id"] == "X"
    assert docs.loc["b.md", "text"] == GOOD and docs.loc["b.md", "meta_text"] == "摘要"
    assert docs.loc["b.md", "meta_file"] == "x.txt" and docs.loc["b.md", "file"] == "b.md"


def test_reserved_names_in_from_texts_docvars():
    with pytest.warns(zl.ZhiliWarning):
        c = zl.Corpus.from_texts([GOOD], docvars={"text": ["别名"]})
    assert c.docs.loc[0, "text"] == GOOD and c.docs.loc[0, "meta_text"] == "别名"


@pytest.mark.parametrize("value", ["2023-02-30", "2023-13-01", "2023年上半年", "去年"])
def test_impossible_or_unparseable_dates_are_bad_metadata_showing_the_value(tmp_path, value):
    # issue 10: an impossible front-matter date such as 2023-02-30 raised ValueError
    (tmp_path / "a.md").write_text(f"---\ndate: {value}\n---\n" + GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    corpus = zl.load_corpus(tmp_path, errors="report")
    row = corpus.report.set_index("file").loc["a.md"]
    assert row["status"] == "bad_metadata" and value in row["message"]
    assert corpus.doc_ids == ["b.txt"]
    assert zl.read_text(tmp_path / "a.md") == GOOD  # reading the text alone does not crash


def test_dates_are_normalised(tmp_path):
    for name, value in [("a.txt", "2023年6月1日"), ("b.txt", "2023/6/1"), ("c.txt", "2023.06"), ("d.txt", "2023"),
                        ("e.txt", "20230601")]:
        (tmp_path / name).write_text(f"---\ndate: {value}\n---\n{GOOD}", encoding="utf-8")
    assert zl.load_corpus(tmp_path).docs["date"].tolist() == ["2023-06-01", "2023-06-01", "2023-06", "2023", "2023-06-01"]


def test_bare_name_matching_files_in_several_subfolders_is_ambiguous(tmp_path):
    # issue 10: a bare file name in metadata.csv matched files in every sub-folder
    for county in ("甲县", "乙县"):
        (tmp_path / county).mkdir()
        (tmp_path / county / "通知.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(META_HEADER + "通知.txt,县通知,县,2023\n", encoding="utf-8")
    corpus = zl.load_corpus(tmp_path, errors="report")
    report = corpus.report.set_index("file")
    for county in ("甲县", "乙县"):
        assert report.loc[f"{county}/通知.txt", "status"] == "bad_metadata"
        assert "甲县/通知.txt" in report.loc[f"{county}/通知.txt", "message"]
    # relative paths resolve it
    (tmp_path / "metadata.csv").write_text(META_HEADER + "甲县/通知.txt,甲,县,2023\n乙县/通知.txt,乙,县,2024\n",
                                           encoding="utf-8")
    assert zl.load_corpus(tmp_path).docs.set_index("doc_id")["title"].to_dict() == {"甲县/通知.txt": "甲", "乙县/通知.txt": "乙"}


def test_metadata_row_with_extra_fields_is_reported_with_its_line(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(META_HEADER + "a.txt,关于甲,乙的通知,县,2023\nb.txt,乙,县,2024,\n",
                                           encoding="gbk")
    corpus = zl.load_corpus(tmp_path, errors="report")
    row = corpus.report.set_index("file").loc["a.txt"]
    assert row["status"] == "bad_metadata" and "第 2 行" in row["message"] and "5 个字段" in row["message"]
    assert corpus.doc_ids == ["b.txt"]  # a trailing empty field is fine


def test_metadata_dataframe_without_file_column(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(zl.ZhiliError, match="缺少 file 列"):
        zl.load_corpus(tmp_path, metadata=pd.DataFrame({"name": ["a.txt"], "title": ["甲"]}))


def test_duplicate_metadata_rows_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(META_HEADER + "a.txt,甲,县,2023\na.txt,乙,县,2024\n", encoding="utf-8")
    corpus = zl.load_corpus(tmp_path, errors="report")
    assert _status(corpus)["a.txt"] == "bad_metadata"
    assert "第 2 行" in corpus.report.set_index("file").loc["a.txt", "message"]


def _alias_bomb(indent: str = "") -> str:
    lines = [f"{indent}a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(8):
        prev, name = chr(97 + i), chr(98 + i)
        lines.append(f"{indent}{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_in_front_matter_and_metadata_is_refused(tmp_path):
    # issue 10: YAML alias expansion (349 bytes → 880 MB); bounded wherever the kit reads YAML
    bomb = _alias_bomb()
    assert len(bomb.encode()) < 600
    (tmp_path / "炸弹.md").write_text("---\n" + bomb + "---\n" + GOOD, encoding="utf-8")
    corpus = zl.load_corpus(tmp_path / "炸弹.md", errors="report")
    row = corpus.report.iloc[0]
    assert row["status"] == "bad_metadata" and "别名" in row["message"]
    (tmp_path / "metadata.yaml").write_text("- file: 炸弹.md\n" + _alias_bomb("  "), encoding="utf-8")
    with pytest.raises(zl.LoadError, match="别名"):
        zl.load_corpus(tmp_path)


def test_case_file_with_impossible_date_is_a_case_error(tmp_path):
    # issue 10: an impossible date raised ValueError in zl.cases and case validation
    from zhili.casebook import CaseError, validate_case

    src = Path(zl.casebook.__file__).resolve().parents[2] / "corpus" / "cases" / "HB001-yidu-chenjiagang.md"
    text = src.read_text(encoding="utf-8")
    import re

    bad = re.sub(r"(?m)^date: .*$", "date: 2023-02-30", text, count=1)
    (tmp_path / "HB001-x.md").write_text(bad, encoding="utf-8")
    with pytest.raises(CaseError, match="2023-02-30"):
        validate_case(tmp_path / "HB001-x.md")
    with pytest.raises(CaseError):
        zl.cases(tmp_path)


def test_no_warning_for_ordinary_folders(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    docx_with_body(tmp_path / "b.docx", p(GOOD))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = zl.load_corpus(tmp_path)
    assert _status(corpus) == {"a.txt": "ok", "b.docx": "ok"}
