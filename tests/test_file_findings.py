"""Markings in page headers are file-level findings: reported, counted in the exit code, and exclude a batch entry."""

import json

import docx
from click.testing import CliRunner

from scenarioreview.cli import main
from scenarioreview.pipeline import CheckOptions, check_file


def _form(path, header: str) -> None:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = header
    d.add_paragraph("智能制造优秀场景申报书")
    d.add_paragraph("场景一：基于机器视觉的轴承外圈表面缺陷在线检测")
    d.add_paragraph("（一）实施方法")
    d.add_paragraph(
        "公司在磨削线末端部署4台工业相机和深度学习检测模型，对外圈表面的划伤、磕碰和烧伤进行全检，"
        "检测结果实时写入MES，不合格品自动分拣。"
    )
    d.add_paragraph("（二）实施成效")
    d.add_paragraph("漏检率由0.8%下降到0.05%，终检人员由12人减少到3人。")
    d.save(path)


def test_header_marking_is_a_file_level_error(tmp_path):
    path = tmp_path / "申报书.docx"
    _form(path, "机密★5年")
    rep = check_file(str(path), CheckOptions(classify=False))
    assert [(f.category, f.severity) for f in rep.findings] == [("state_secret_marking", "error")]
    assert "页眉" in rep.findings[0].evidence
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--no-classify"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data[0]["findings"][0]["category"] == "state_secret_marking"


def test_ordinary_header_is_clean(tmp_path):
    path = tmp_path / "申报书.docx"
    _form(path, "江苏华屹汽车零部件有限公司智能制造优秀场景申报书")
    rep = check_file(str(path), CheckOptions(classify=False))
    assert rep.findings == ()
    assert CliRunner().invoke(main, ["check", str(path), "--no-classify"]).exit_code == 0
