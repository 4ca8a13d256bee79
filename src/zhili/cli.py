"""The ``zhili`` console command (installed with the package; also ``python -m zhili``).

``zhili report 文件夹 -o 报告.html`` writes the standard study of a folder of documents as one
offline HTML page (see :func:`zhili.report`, which does the work; this module only reads the
command line). Help, messages and errors are in Chinese, including click's own usage errors.

Exit codes: 0 the report was written (files that could not be read are listed in it);
1 no file of the folder could be read (nothing written; the load report is printed);
2 the command was used wrongly (unknown option, a missing folder or word list, a bad value);
3 a problem stopped the report (e.g. the output file cannot be written).
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from . import __version__

__all__ = ["main", "cli", "EXIT_OK", "EXIT_NOTHING_READ", "EXIT_USAGE", "EXIT_FAILED"]

EXIT_OK, EXIT_NOTHING_READ, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3


# ============================================================================ Chinese help


def _width(text: str) -> int:
    """Columns a text takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: Characters that never begin a line (closing punctuation) or end one (opening brackets and quotes).
_NO_LINE_START = set("，。、；：？！）」』”’》〉】%)]}.,;:!?")
_NO_LINE_END = set("（「『“‘《〈【([{")


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Wrap by display width, breaking between CJK characters or at spaces (never inside a Latin word)."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch == " " or _width(ch) == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    lines, line = [], first
    for tok in tokens:
        if _width(line) + _width(tok) > width and line.strip() and tok[0] not in _NO_LINE_START:
            carry = ""
            while line and line[-1] in _NO_LINE_END:  # an opening bracket goes with what it opens
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line.rstrip())
            line = rest + carry
            if tok == " ":
                continue
        line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines or [first.rstrip()]


class _Formatter(click.HelpFormatter):
    """click's help layout with Chinese headings and widths measured in terminal columns."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        self.write(f"{' ' * self.current_indent}用法：{prog} {args}\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{' ' * self.current_indent}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        for i, para in enumerate(text.split("\n\n")):
            if i:
                self.write("\n")
            if para.startswith("\b"):  # click's marker: keep these lines as they are
                for line in para[1:].strip("\n").splitlines():
                    self.write(f"{indent}{line}\n")
                continue
            joined = ""
            for line in para.splitlines():
                line = line.strip()
                if joined and line and not (_width(joined[-1]) == 2 or _width(line[0]) == 2):
                    joined += " "
                joined += line
            for line in _wrap(joined, width):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((_width(r[0]) for r in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent - first, 24)
        for term, help_text in rows:
            if _width(term) + col_spacing > first:
                self.write(f"{indent}{term}\n")
                lead = " " * first
            else:
                lead = term + " " * (first - _width(term))
            lines = _wrap(" ".join(help_text.split()), width) if help_text else [""]
            self.write(f"{indent}{lead}{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first}{line}\n")


class _Context(click.Context):
    formatter_class = _Formatter


#: Help of the commands' arguments (click has no help text for arguments).
ARGUMENT_HELP = {"folder": "政策文件所在的文件夹（含子文件夹；也可以是单个文件）。"}


class _HelpInChinese:
    """Mixin: Chinese section headings and help option for click commands and groups."""

    context_class = _Context

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option

    def format_options(self, ctx, formatter) -> None:  # type: ignore[no-untyped-def]
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        arguments = [(p.metavar or p.name, ARGUMENT_HELP.get(p.name, "")) for p in params if isinstance(p, click.Argument)]
        if arguments:
            with formatter.section("参数"):
                formatter.write_dl(arguments)
        records = [r for p in params if isinstance(p, click.Option) and (r := p.get_help_record(ctx)) is not None]
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
            rows = [(name, cmd.get_short_help_str(limit=60)) for name, cmd in commands if cmd and not cmd.hidden]
            if rows:
                with formatter.section("命令"):
                    formatter.write_dl(rows)


class _Command(_HelpInChinese, click.Command):
    pass


class _Group(_HelpInChinese, click.Group):
    command_class = _Command


# ============================================================================ option values


def _choice(*choices: str):
    def check(ctx, param, value):
        if value is not None and value not in choices:
            raise click.BadParameter(f"{value!r} 不是可选值；可选值为 {'、'.join(choices)}。", ctx, param)
        return value
    return check


def _integer(low: int, high: int | None = None):
    def check(ctx, param, value):
        if value is None:
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            raise click.BadParameter(f"{value!r} 不是整数。", ctx, param) from None
        if number < low or (high is not None and number > high):
            span = f"{low} 到 {high} 之间" if high is not None else f"不小于 {low}"
            raise click.BadParameter(f"{number} 超出范围：应在{span}。", ctx, param)
        return number
    return check


def _existing_file(what: str):
    def check(ctx, param, value):
        if value is not None and not Path(value).expanduser().is_file():
            raise click.BadParameter(f"找不到{what} {value}：请检查文件名和所在的文件夹。", ctx, param)
        return value
    return check


def _suffix(*suffixes: str):
    def check(ctx, param, value):
        if value is not None and Path(value).suffix.lower() not in suffixes:
            raise click.BadParameter(f"文件名 {value} 的扩展名应为 {' 或 '.join(suffixes)}，例如 报告{suffixes[0]}。", ctx, param)
        return value
    return check


def _existing_folder(ctx, param, value):
    path = Path(value).expanduser()
    if not path.exists():
        raise click.BadParameter(f"找不到 {value}：请检查拼写，或先进入文档所在的文件夹再运行。", ctx, param)
    return value


# ============================================================================ commands


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
@click.version_option(__version__, "-V", "--version", prog_name="zhili", message="%(prog)s %(version)s",
                      help="显示版本号并退出。")
def cli() -> None:
    """zhili 治理：基层治理现代化研究与教学工具包。

    不写代码也能用：zhili report 文件夹 -o 报告.html 把一个文件夹里的政策文件做成一份可以直接阅读的分析报告。
    每个命令的用法：zhili 命令 --help。
    """


_REPORT_HELP = """从一个文件夹的政策文件生成分析报告（一个离线网页，可选 Excel 和 CSV）。

读取文件夹中的 .txt .md .docx .pdf .html 文件（含子文件夹；文件夹中的 metadata.csv 提供标题、日期和分组），
按课件 08-reproduce 的标准流程分析：读取报告（没有读入的每个文件及原因）、语料概况、高频词与词云、关键词、
关键词语境（KWIC）与年度变化、分组比较、共词网络、理论维度画像（附证据句子）、提法，以及溯源记录。
每一节都附有“如何阅读”的说明。报告是一个网页文件，图和表都在文件里，断网也能打开。

\b
例：
  zhili report 我的政策文件 -o 报告.html
  zhili report 我的政策文件 -o 报告.html --by level --terms 共同缔造,基层治理 --xlsx 报告.xlsx

\b
退出码：
  0  报告已生成（个别文件读不了也算，报告中逐个列出）
  1  文件夹中一个文件也读不了：没有生成报告，读取报告打印在终端
  2  命令用法有误（选项写错、文件夹或词表文件不存在、取值无效）
  3  生成报告时出错（如输出文件无法写入），原因打印在终端
"""


@cli.command("report", help=_REPORT_HELP, short_help="从一个文件夹的政策文件生成分析报告（网页，可选 Excel、CSV）。",
             options_metavar="[选项]")
@click.argument("folder", metavar="文件夹", callback=_existing_folder)
@click.option("-o", "--output", metavar="文件.html", default="报告.html", callback=_suffix(".html", ".htm"),
              help="报告网页的文件名（默认：当前文件夹中的 报告.html）。")
@click.option("--by", metavar="列名", help="按元数据中的这一列分组比较（如 level、region，或中文名 层级、地区）。")
@click.option("--terms", metavar="词1,词2", help="看这些词的上下文（KWIC）和年度变化；不给则取高频词前 3 个。")
@click.option("--lexicon", metavar="文件", callback=_existing_file("用户词表"),
              help="用户词表：分词时保持完整的词，每行一个（jieba 格式“词语 [词频] [词性]”也可以）。")
@click.option("--stopwords", metavar="文件", callback=_existing_file("停用词表"),
              help="额外的停用词：每行一个或几个词（以空格或逗号分开），# 开头的行是注释。")
@click.option("--unit", metavar="sentence|paragraph|item", default="sentence", callback=_choice("sentence", "paragraph", "item"),
              help="分析单位：句子（默认）、段落或条目；共词和理论维度编码在这个单位内计数。")
@click.option("--top", metavar="N", default="30", callback=_integer(5, 200),
              help="高频词表和共词网络取多少个词（5–200，默认 30）。")
@click.option("--metadata", metavar="文件", callback=_existing_file("元数据表"),
              help="元数据表（CSV 或 YAML）；默认使用文件夹中的 metadata.csv（如果有）。")
@click.option("--seed", metavar="N", default="42", callback=_integer(0),
              help="随机种子（默认 42）：词云、网络布局和社群划分都用它，同一个种子得到同一张图。")
@click.option("--style", metavar="projector|print", default="projector", callback=_choice("projector", "print"),
              help="图的样式：projector 适合屏幕和投影（默认），print 适合打印（300 dpi）。")
@click.option("--title", metavar="文字", help="报告标题（默认：文件夹名 + “政策文本分析报告”）。")
@click.option("--xlsx", metavar="文件.xlsx", callback=_suffix(".xlsx"), help="另外写一个 Excel 工作簿：目录、每张表一个工作表、溯源。")
@click.option("--csv-dir", "csv_dir", metavar="文件夹",
              help="另外把每张表（CSV）、每张图（PNG）和共词网络（GEXF，Gephi 可打开）连同溯源记录和清单写进这个文件夹。")
@click.option("--no-network", "no_network", is_flag=True,
              help="运行期间禁止任何联网（工具包本身从不联网；处理保密文件时可用它确保这一点）。")
def report_command(folder: str, output: str, by: str | None, terms: str | None, lexicon: str | None,
                   stopwords: str | None, unit: str, top: int, metadata: str | None, seed: int, style: str,
                   title: str | None, xlsx: str | None, csv_dir: str | None, no_network: bool) -> int:
    import matplotlib

    matplotlib.use("Agg")  # figures are written to files; no window, no display needed

    from ._errors import ZhiliError
    from .reporting import NothingReadable, report

    try:
        study = report(folder, output, by=by, terms=terms, user_terms=lexicon, extra_stopwords=stopwords, unit=unit,
                       top_n=top, metadata=metadata, seed=seed, style=style, title=title, xlsx=xlsx, csv_dir=csv_dir,
                       offline=no_network)
    except NothingReadable as exc:
        click.echo(f"错误：{exc}", err=True)
        return EXIT_NOTHING_READ
    except ZhiliError as exc:
        click.echo(f"错误：{exc}", err=True)
        return EXIT_FAILED
    _print_summary(study)
    return EXIT_OK


def _print_summary(study: Any) -> None:
    from .corpus import STATUSES

    facts = study.facts
    click.echo(f"已生成报告：{Path(study.outputs['html']).resolve()}")
    if "xlsx" in study.outputs:
        click.echo(f"Excel 工作簿：{Path(study.outputs['xlsx']).resolve()}")
    if "csv_dir" in study.outputs:
        click.echo(f"CSV 文件夹：{Path(study.outputs['csv_dir']).resolve()}")
    click.echo(f"读取：{facts['n_files']} 个文件，读入 {facts['n_documents']} 篇文档，共 {facts['n_chars']:,} 字。")
    from .reporting.sections import load_kinds

    report = study.corpus.report
    kinds = load_kinds(report)
    for kind, heading in (("not_read", "个文件有问题，没有读入"), ("metadata", "处元数据问题")):
        rows = report[kinds == kind]
        if len(rows):
            click.echo(f"注意：{len(rows)} {heading}（报告的“读取报告”一节逐个列出）：", err=True)
            for r in rows.itertuples():
                reason = STATUSES.get(r.status, r.status) + (f"——{r.message}" if r.message else "")
                click.echo(f"  {r.file}：{reason}", err=True)
    if (kinds == "remark").any():
        click.echo(f"另有 {int((kinds == 'remark').sum())} 个文件读入时有提示（如编码不确定），见报告。", err=True)
    for s in study.sections:
        if s.skipped:
            click.echo(f"跳过“{s.title}”：{s.notes[-1].split('：', 1)[-1]}")


# ============================================================================ entry point


def _usage_message(exc: click.UsageError) -> str:
    """click's usage errors in Chinese."""
    from click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption

    if isinstance(exc, NoSuchOption):
        hint = f"是不是 {'、'.join(exc.possibilities)}？" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}。{hint}"
    if isinstance(exc, MissingParameter):
        param = exc.param
        if isinstance(param, click.Argument):
            return f"缺少参数 {param.metavar or param.name}：请给出文档所在的文件夹。"
        name = "/".join(param.opts) if param is not None else "参数"
        return f"缺少选项 {name} 的值。"
    if isinstance(exc, BadOptionUsage):
        return f"选项 {exc.option_name} 后面要跟一个值。" if "requires" in exc.message else exc.message
    if isinstance(exc, BadParameter):
        param = exc.param
        if isinstance(param, click.Argument):
            return exc.message
        where = "/".join(param.opts) if isinstance(param, click.Option) else (param.human_readable_name if param else "参数")
        return f"{where} 的值无效：{exc.message}"
    text = exc.format_message()
    if text.startswith("No such command"):
        import difflib

        name = text.split("'")[1] if "'" in text else text
        commands = sorted(cli.commands)
        close = difflib.get_close_matches(name, commands, n=1)
        return f"没有命令 {name}。" + (f"是不是 {close[0]}？" if close else "") + f"可用的命令：{'、'.join(commands)}。"
    if text.startswith("Got unexpected extra argument"):
        extra = text[text.find("(") + 1:text.rfind(")")] if "(" in text else text
        return f"多余的参数：{extra}。含空格的文件夹名请加引号，如 \"我的 文件\"。"
    return text


def main(argv: list[str] | None = None) -> None:
    """Run the command line (``zhili ...``) and exit with its code."""
    try:
        code = cli.main(args=argv, prog_name="zhili", standalone_mode=False)
    except click.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" or (exc.ctx is not None and not (argv if argv is not None else sys.argv[1:])):
            click.echo(exc.ctx.get_help() if exc.ctx else "")  # `zhili` alone: its help
            sys.exit(EXIT_OK)
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"详细说明：{exc.ctx.command_path} --help", err=True)
        click.echo(f"错误：{_usage_message(exc)}", err=True)
        sys.exit(EXIT_USAGE)
    except click.Abort:
        click.echo("已中断。", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
