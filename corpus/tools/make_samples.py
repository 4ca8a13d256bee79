"""Write the teaching sample documents in corpus/samples/ (run: python corpus/tools/make_samples.py).

The six documents are fictional teaching examples written for this project (示例市, 示例村 …):
they imitate the structure and vocabulary of grassroots-governance policy texts so that lesson
00 and lesson 02 can show every file format and encoding the kit reads. They are not real
documents and quote none. Each is written in a different format or encoding on purpose.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "samples"

PLAN = """示例市深化美好环境与幸福生活共同缔造活动实施方案（教学示例）

一、总体要求
坚持党建引领，把共同缔造作为推进基层治理现代化的重要载体，按照决策共谋、发展共建、建设共管、效果共评、成果共享的路径，形成纵向到底、横向到边、共建共治共享的城乡基层治理格局。
（一）工作目标
1. 到2025年，全市村（社区）普遍建立议事协商机制，群众参与率明显提高。
2. 完善市—区县—街乡—村社—小组小区—湾组楼栋—党员中心户的组织链条，打通服务群众“最后一米”。
二、重点任务
（一）健全党建引领机制
把资金统筹权、力量调配权、协商议事权、考核评价权下放到街乡（即“四权同下”），为基层减负赋能。一是厘清街乡职责清单；二是建立人财物下沉常态化机制；三是规范村级组织工作事务。
（二）畅通群众参与渠道
推广民事民提、民议、民决、民办、民评“五民工作法”，落实微事自办、小事共办、大事领办、难事联办“四事分流”。通过入户走访、院坝会、屋场夜话等方式听取群众意见。
（三）提升数字治理能力
依托市民热线和网格化管理平台，推动接诉即办、未诉先办，实现一网统管、一网通办、一网协同。
三、保障措施
各级党组织要压实责任，将共同缔造成效纳入年度考核，坚持服务谁、谁评价。
"""

RULES = """示例村村规民约（教学示例）

第一条 为推进村民自治，建设美丽乡村，经村民会议讨论通过，制定本村规民约。
第二条 村内重大事项实行“四议两公开”，村民有权提出意见和建议。
第三条 村民应当爱护公共设施，主动参与房前屋后环境整治，做到垃圾分类、门前三包。
第四条 鼓励村民投工投劳参与村内道路、水塘和小游园建设，按公益积分制记录贡献。
第五条 倡导移风易俗，红白喜事从简办理，反对铺张浪费和高价彩礼。
第六条 邻里纠纷先由村湾理事会调解，调解不成的，可申请村调解委员会处理。
第七条 本村规民约由村民委员会负责解释，自村民会议通过之日起施行。
"""

NOTICE = """---
title: 关于召开幸福里小区共同缔造议事会的通知（教学示例）
issuer: 示例社区居民委员会
level: 村社区
date: 2023-04-10
region: 示例市示例区
genre: 通知
source: 本项目编写的教学示例
---
# 关于召开幸福里小区共同缔造议事会的通知

各位居民朋友：

为改善小区停车难、楼道杂物多等问题，社区党委决定召开小区议事会，共同商量改造方案。

## 一、议事内容
1. 听取居民对停车位规划的意见；
2. 讨论楼道杂物清理和加装电梯的分工；
3. 推选楼栋长和志愿者队伍。

## 二、时间地点
4月15日晚7点，小区党群服务站。欢迎大家踊跃参加，把小区的事办成大家的事。
"""

REPORT_PARAGRAPHS = [
    ("示例街道2023年基层治理工作总结（教学示例）", "Title"),
    ("一、主要做法", "Heading 1"),
    ("（一）干部下沉走访。街道组织机关干部包联社区，全年入户走访一万余户，收集群众诉求一千余条，建立问题、资源、项目三张清单。", None),
    ("（二）小区共管共治。在老旧小区推行“党支部+业委会+物业”联动机制，居民通过议事会决定改造项目，自主管理停车和绿化。", None),
    ("（三）数字赋能服务。依托网格化管理平台，实现群众诉求接诉即办，高频问题每月一题专项治理。", None),
    ("二、存在问题", "Heading 1"),
    ("一是部分居民参与意识仍然不强；二是社区工作事项偏多，减负仍需加力；三是社会组织力量较为薄弱。", None),
    ("三、下步打算", "Heading 1"),
    ("坚持效果共评、成果共享，把群众满意度作为检验工作的标准，持续推进共同缔造向纵深发展。", None),
]

NEWS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="gb18030"><title>示例县：村湾夜话聊出乡村新面貌（教学示例）</title>
<style>p {{ line-height: 1.8 }}</style><script>console.log("页面脚本不会被读入语料");</script></head>
<body>
<h1>示例县：村湾夜话聊出乡村新面貌（教学示例）</h1>
<p>入夏以来，示例县各村利用晚饭后的时间开展村湾夜话，干部和群众围坐在一起，商量修路、治水、发展产业等事情。</p>
<p>在示例村，村民提议把闲置的老屋改成村史馆，大家投工投劳、让地让利，两个月就完成了改造。</p>
<p>县委组织部有关负责人表示，将继续推行“一下三民”，让干部下沉到湾组，把群众的事情办实办好。</p>
</body></html>
"""

TRADITIONAL = """社區營造與共同締造（繁體示例）
社區居民透過議事會共同決定公共空間的改善方案，並在施工期間參與監督與維護。
這種由下而上的參與方式，強調居民自治、協商議事與成果共享。
"""

METADATA = [
    {"file": "01-city-plan.txt", "title": "示例市深化美好环境与幸福生活共同缔造活动实施方案", "issuer": "示例市委办公室",
     "level": "市", "date": "2023-03-01", "region": "示例市", "genre": "实施方案", "source": "本项目编写的教学示例"},
    {"file": "02-village-rules.txt", "title": "示例村村规民约", "issuer": "示例村村民委员会",
     "level": "村社区", "date": "2022-11-20", "region": "示例县示例镇", "genre": "村规民约", "source": "本项目编写的教学示例"},
    {"file": "03-community-notice.md", "title": "", "issuer": "", "level": "", "date": "", "region": "", "genre": "",
     "source": ""},
    {"file": "04-street-report.docx", "title": "示例街道2023年基层治理工作总结", "issuer": "示例街道办事处",
     "level": "乡镇", "date": "2024-01-05", "region": "示例市示例区", "genre": "工作总结", "source": "本项目编写的教学示例"},
    {"file": "05-county-news.html", "title": "", "issuer": "示例县融媒体中心", "level": "县", "date": "2023-07-18",
     "region": "示例县", "genre": "新闻报道", "source": "本项目编写的教学示例"},
    {"file": "06-traditional.txt", "title": "社区营造与共同缔造（繁体示例）", "issuer": "", "level": "", "date": "2023-09-01",
     "region": "", "genre": "短文", "source": "本项目编写的教学示例"},
]


def _docx(path: Path) -> None:
    """A real .docx written with python-docx, with fixed timestamps so the bytes are stable."""
    import datetime

    import docx

    d = docx.Document()
    props = d.core_properties
    props.title = "示例街道2023年基层治理工作总结"
    props.author = "示例街道办事处"
    fixed = datetime.datetime(2024, 1, 5, 9, 0, 0)
    props.created = props.modified = fixed
    props.last_modified_by = "zhili"
    props.revision = 1
    for text, style in REPORT_PARAGRAPHS:
        d.add_paragraph(text, style=style) if style else d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    # re-pack with fixed member dates so the file is byte-for-byte reproducible
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in sorted(zin.infolist(), key=lambda i: i.filename):
            data = zin.read(info.filename)
            fixed_info = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 5, 9, 0, 0))
            fixed_info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed_info, data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "01-city-plan.txt").write_bytes(PLAN.encode("utf-8"))
    (OUT / "02-village-rules.txt").write_bytes(RULES.encode("gbk"))
    (OUT / "03-community-notice.md").write_bytes(NOTICE.encode("utf-8-sig"))
    _docx(OUT / "04-street-report.docx")
    (OUT / "05-county-news.html").write_bytes(NEWS.replace("{{", "{").replace("}}", "}").encode("gb18030"))
    (OUT / "06-traditional.txt").write_bytes(TRADITIONAL.encode("big5"))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(METADATA[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(METADATA)
    (OUT / "metadata.csv").write_bytes(buf.getvalue().encode("utf-8"))


if __name__ == "__main__":
    main()
