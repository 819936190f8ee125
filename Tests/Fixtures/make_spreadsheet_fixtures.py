#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/spreadsheets/: spreadsheet fixtures written by writers that are NOT
bidui's own (openpyxl, xlsxwriter, LibreOffice's XLSX and "MS Excel 2003 XML" exports, and
hand-written SpreadsheetML / HTML the way government systems emit them), small hostile files, and
expected.json, which is derived by reading the produced files back (stdlib zipfile + ElementTree for
XLSX and SpreadsheetML, stdlib html.parser for HTML), never typed in by hand.

    pip install openpyxl xlsxwriter
    apt-get update && apt-get install -y --no-install-recommends libreoffice-calc-nogui
    python3 Tests/Fixtures/make_spreadsheet_fixtures.py

All personal data is fictional. The conventions of expected.json are in spreadsheets/README.md.
"""
import datetime as dt
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
import xml.etree.ElementTree as ET

import openpyxl
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

FIXED_TIME = dt.datetime(2025, 10, 15, 8, 0, 0)  # document properties, so reruns differ less
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "spreadsheets")
os.makedirs(OUT, exist_ok=True)


def P(name):
    return os.path.join(OUT, name)


# --------------------------------------------------------------------------------------------
# 1. openpyxl: notes sheet without header, two township sheets with a merged title row, an ID
#    written as a Python int, rows left out, cells left out, rich text, a formula without cache.
# --------------------------------------------------------------------------------------------
RURAL_HEADER = ["县(市、区)", "乡(镇)", "行政村", "户编号", "成员姓名", "证件号码", "户类型", "在校生状况"]


def township(wb, name):
    ws = wb.create_sheet(name)
    ws.merge_cells("A1:H1")
    ws["A1"] = f"蕲春县防返贫监测信息系统成员信息（{name}）"
    for col, text in enumerate(RURAL_HEADER, start=1):
        ws.cell(row=2, column=col, value=text)
    return ws


def put(ws, row, values):
    for col, v in enumerate(values, start=1):
        if v is not None:
            ws.cell(row=row, column=col, value=v)


def make_openpyxl_rural():
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb["说明"]["A1"] = "本表由系统导出，请勿修改格式"
    ws = township(wb, "漕河镇")
    put(ws, 3, ["蕲春县", "漕河镇", "张塝村", "4211260010001", "张三", "421126198001011234", "脱贫户", "非在校生"])
    put(ws, 4, ["蕲春县", "漕河镇", "张塝村", "4211260010001", "张小五", 421126200901011234, "脱贫户", "初中"])
    # rows 5 and 6: nothing written at all, so no <row> element
    put(ws, 7, ["蕲春县", "漕河镇", "杨树岭村", "4211260010002", "李四", "42112619850202123x", "监测户", "非在校生"])
    put(ws, 8, ["蕲春县", None, None, None, "王五", "421126197003031234"])  # A, E, F only
    rich = CellRichText([TextBlock(InlineFont(b=True), "欧阳"), TextBlock(InlineFont(), "子涵")])
    put(ws, 9, ["蕲春县", "漕河镇", "杨树岭村", "4211260010002", rich, "421126201104041234", "监测户", "小学"])
    put(ws, 10, ["蕲春县", "漕河镇", "杨树岭村", '="4211260010"&"001"', "赵六", "421126196505051234", "脱贫户", "非在校生"])
    ws = township(wb, "青石镇")
    put(ws, 3, ["蕲春县", "青石镇", "青石村", "4211260020001", "王芳", "421126199003031234", "脱贫户", "非在校生"])
    put(ws, 4, ["蕲春县", "青石镇", "青石村", "4211260020001", "王小明", "421126201509091234", "脱贫户", "小学"])
    ws["A5"] = "合计"
    ws["H5"] = "=COUNTA(E3:E4)"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.save(P("openpyxl_rural.xlsx"))


# --------------------------------------------------------------------------------------------
# 2. xlsxwriter: merged title, date cells with a date format, numbers, an ID written as a number,
#    booleans, a formula with a cached value, an error, a 合计 row. Twice: shared strings, and
#    constant_memory mode (inline strings).
# --------------------------------------------------------------------------------------------
AID_HEADER = ["序号", "学年", "学期", "学校名称", "姓名", "身份证号", "资助项目", "资助金额",
              "家庭经济困难类型", "发放日期", "是否发放"]


def make_xlsxwriter_aid(name, options):
    wb = xlsxwriter.Workbook(P(name), options)
    wb.set_properties({"created": FIXED_TIME})
    ws = wb.add_worksheet("资助名单")
    title = wb.add_format({"bold": True, "align": "center"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    # constant_memory: rows must be written in order, row by row.
    ws.merge_range(0, 0, 0, len(AID_HEADER) - 1, "2025年秋季学期学生资助发放名单", title)
    ws.write_row(1, 0, AID_HEADER)
    r = 2
    # row 3: plain row, amount 625
    ws.write_number(r, 0, 1); ws.write_string(r, 1, "2025-2026"); ws.write_string(r, 2, "秋季学期")
    ws.write_string(r, 3, "蕲春县漕河镇中心小学"); ws.write_string(r, 4, "刘芳")
    ws.write_string(r, 5, "421126201505051234"); ws.write_string(r, 6, "义务教育家庭经济困难学生生活补助")
    ws.write_number(r, 7, 625); ws.write_string(r, 8, "脱贫户")
    ws.write_datetime(r, 9, dt.datetime(2025, 10, 15), day); ws.write_boolean(r, 10, True)
    r = 3
    # row 4: ID written as a number (Excel's 15-digit loss), amount 1000.5, a date with a time
    ws.write_number(r, 0, 2); ws.write_string(r, 1, "2025-2026"); ws.write_string(r, 2, "秋季学期")
    ws.write_string(r, 3, "蕲春县第一中学"); ws.write_string(r, 4, "陈静")
    ws.write_number(r, 5, 420102199001011234); ws.write_string(r, 6, "普通高中国家助学金")
    ws.write_number(r, 7, 1000.5); ws.write_string(r, 8, "低保家庭")
    ws.write_datetime(r, 9, dt.datetime(2025, 10, 15, 14, 30, 0), stamp); ws.write_boolean(r, 10, False)
    r = 4
    # row 5: amount is a formula with a cached value
    ws.write_number(r, 0, 3); ws.write_string(r, 1, "2025-2026"); ws.write_string(r, 2, "秋季学期")
    ws.write_string(r, 3, "蕲春县第三中学"); ws.write_string(r, 4, "买买提·艾力")
    ws.write_string(r, 5, "65010220080808123X"); ws.write_string(r, 6, "普通高中国家助学金")
    ws.write_formula(r, 7, "=625*2", None, 1250); ws.write_string(r, 8, "监测对象")
    ws.write_datetime(r, 9, dt.datetime(2025, 10, 16), day); ws.write_boolean(r, 10, True)
    r = 5
    # row 6: amount is an error (#N/A cached), family type left empty (gap in the row)
    ws.write_number(r, 0, 4); ws.write_string(r, 1, "2025-2026"); ws.write_string(r, 2, "秋季学期")
    ws.write_string(r, 3, "蕲春县第三中学"); ws.write_string(r, 4, "单晓东")
    ws.write_string(r, 5, "421126200807071234"); ws.write_string(r, 6, "普通高中国家助学金")
    ws.write_formula(r, 7, "=VLOOKUP(E6,Sheet2!A:B,2,FALSE)", None, "#N/A")
    ws.write_datetime(r, 9, dt.datetime(2025, 10, 17), day); ws.write_boolean(r, 10, False)
    r = 6
    # row 7: 合计
    ws.write_string(r, 0, "合计")
    ws.write_formula(r, 7, "=SUM(H3:H5)", None, 2875.5)
    wb.close()


# --------------------------------------------------------------------------------------------
# 3. LibreOffice: a source (flat ODS, XML) converted by soffice to XLSX and to SpreadsheetML.
#    Why not an openpyxl source: LibreOffice 7.4 gives an imported XLSX 16384 formatted columns, and
#    its "MS Excel 2003 XML" export (an XSLT, share/xslt/export/spreadsheetml/table.xsl) expands
#    table:number-columns-repeated="16383" by recursion, hits libxslt's depth limit of 3000 and
#    fails ("A potential infinite template recursion was detected"). A flat ODS source that declares
#    only the columns it uses exports fine; both outputs are still written by LibreOffice.
# --------------------------------------------------------------------------------------------
CIVIL_HEADER = ["区县", "户主姓名", "户主身份证号", "姓名", "身份证号码", "与户主关系", "保障类型", "保障状态", "起始年月"]
CIVIL_SHEETS = [
    ("低保", CIVIL_HEADER + ["认定日期"], [
        ["蕲春县", "张建国", "421126197501011234", "张建国", "421126197501011234", "户主", "农村低保", "正常", 202103, dt.date(2021, 3, 15)],
        ["蕲春县", "张建国", "421126197501011234", "李秀英", "42112619780202124x", "配偶", "农村低保", "正常", 202103, dt.date(2021, 3, 15)],
        ["蕲春县", "陈卫东", "421126196006061234", "陈卫东", "421126196006061234", "户主", "城市低保", "停保", 201907, dt.date(2019, 7, 1)],
    ]),
    ("特困", CIVIL_HEADER, [
        ["蕲春县", "吕德明", "421126194508081234", "吕德明", "421126194508081234", "户主", "特困供养", "正常", 202001],
        ["蕲春县", "曾桂兰", "421126195010101234", "曾桂兰", "421126195010101234", "户主", "特困供养", None, 202206],
        [],  # a blank row
        [("merge", "合计：2户2人", 3), None, None, None, None, None, None, None, None],  # merged A5:C5
    ]),
]
FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<style:style style:name="ceDate" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""


def fods_cell(v):
    from xml.sax.saxutils import escape
    if v is None:
        return "<table:table-cell/>"
    if isinstance(v, tuple):  # ("merge", text, columns)
        _, text, n = v
        return (f'<table:table-cell table:number-columns-spanned="{n}" table:number-rows-spanned="1" '
                f'office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'
                + "<table:covered-table-cell/>" * (n - 1))
    if isinstance(v, dt.date):
        iso = v.isoformat()
        return (f'<table:table-cell table:style-name="ceDate" office:value-type="date" '
                f'office:date-value="{iso}"><text:p>{iso}</text:p></table:table-cell>')
    if isinstance(v, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'


def make_civil_source(path):
    parts = [FODS_HEAD]
    for name, header, rows in CIVIL_SHEETS:
        parts.append(f'<table:table table:name="{name}">')
        parts.append(f'<table:table-column table:number-columns-repeated="{len(header)}"/>')
        for row in [header] + rows:
            if not row:
                row = [None] * len(header)
            if row and isinstance(row[0], tuple):
                row = row[:1] + row[row[0][2]:]  # the covered cells are written by fods_cell
            parts.append("<table:table-row>" + "".join(fods_cell(v) for v in row) + "</table:table-row>")
        parts.append("</table:table>")
    parts.append("</office:spreadsheet></office:body></office:document>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


def soffice_convert(src, target, outdir, profile):
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
         "--outdir", outdir, src],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def make_libreoffice_civil():
    tmp = tempfile.mkdtemp(prefix="bidui_lo_")
    try:
        src = os.path.join(tmp, "civil_source.fods")
        make_civil_source(src)
        profile = os.path.join(tmp, "profile")
        x_dir, m_dir = os.path.join(tmp, "xlsx"), os.path.join(tmp, "xml")
        soffice_convert(src, "xlsx:Calc MS Excel 2007 XML", x_dir, profile)
        soffice_convert(src, "xml:MS Excel 2003 XML", m_dir, profile)
        shutil.copyfile(os.path.join(x_dir, "civil_source.xlsx"), P("libreoffice_civil.xlsx"))
        shutil.copyfile(os.path.join(m_dir, "civil_source.xml"), P("libreoffice_civil.xml"))
        shutil.copyfile(P("libreoffice_civil.xml"), P("libreoffice_civil_really_xml.xls"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(P("libreoffice_civil.xml"), "rb") as f:
        head = f.read()
    assert head.startswith(b"<?xml"), head[:40]
    assert b'progid="Excel.Sheet"' in head, "no progid in the SpreadsheetML export"
    assert b"urn:schemas-microsoft-com:office:spreadsheet" in head
    with zipfile.ZipFile(P("libreoffice_civil.xlsx")) as z:
        z.testzip()


# --------------------------------------------------------------------------------------------
# 4. Hand-written SpreadsheetML 2003, the way Excel and government systems emit it.
# --------------------------------------------------------------------------------------------
HANDWRITTEN_SPREADSHEETML = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">
  <Author>民政信息系统</Author>
  <Created>2025-10-15T08:00:00Z</Created>
  <Version>16.00</Version>
 </DocumentProperties>
 <ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel">
  <ProtectStructure>False</ProtectStructure>
  <ProtectWindows>False</ProtectWindows>
 </ExcelWorkbook>
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal">
   <Alignment ss:Vertical="Center"/>
   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="11"/>
  </Style>
  <Style ss:ID="sTitle">
   <Alignment ss:Horizontal="Center" ss:Vertical="Center"/>
   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="16" ss:Bold="1"/>
  </Style>
  <Style ss:ID="sDate">
   <NumberFormat ss:Format="Short Date"/>
  </Style>
  <Style ss:ID="sText">
   <NumberFormat ss:Format="@"/>
  </Style>
 </Styles>
 <Worksheet ss:Name="农村低保">
  <Table ss:ExpandedColumnCount="6" ss:ExpandedRowCount="8" x:FullColumns="1" x:FullRows="1"
   ss:DefaultColumnWidth="54" ss:DefaultRowHeight="13.5">
   <Column ss:Width="60"/>
   <Column ss:Width="150"/>
   <Row ss:Height="27">
    <Cell ss:MergeAcross="4" ss:StyleID="sTitle"><Data ss:Type="String">蕲春县2025年农村低保对象名单</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">姓名</Data></Cell>
    <Cell><Data ss:Type="String">身份证号码</Data></Cell>
    <Cell><Data ss:Type="String">保障类型</Data></Cell>
    <Cell><Data ss:Type="String">保障状态</Data></Cell>
    <Cell><Data ss:Type="String">起始年月</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">张三</Data></Cell>
    <Cell ss:Index="3"><Data ss:Type="String">农村低保</Data></Cell>
    <Cell><Data ss:Type="String">正常</Data></Cell>
    <Cell><Data ss:Type="Number">202103</Data></Cell>
   </Row>
   <Row>
    <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>李</B><Font html:Color="#FF0000">四</Font></ss:Data></Cell>
    <Cell ss:StyleID="sText"><Data ss:Type="String">42112619800101123X</Data></Cell>
    <Cell><Data ss:Type="String">农村低保</Data></Cell>
    <Cell><Data ss:Type="String">正常</Data></Cell>
    <Cell ss:StyleID="sDate"><Data ss:Type="DateTime">2021-03-01T00:00:00.000</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">王五</Data></Cell>
    <Cell><Data ss:Type="Number">4.21126198001011E+17</Data></Cell>
    <Cell><Data ss:Type="String">特困供养</Data></Cell>
    <Cell><Data ss:Type="String">正常</Data></Cell>
    <Cell><Data ss:Type="Number">202206</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell>
   </Row>
   <Row ss:Index="8">
    <Cell><Data ss:Type="String">赵六</Data></Cell>
    <Cell><Data ss:Type="String">42112619660606123x</Data></Cell>
    <Cell><Data ss:Type="String">农村低保</Data></Cell>
    <Cell><Data ss:Type="String">停保</Data></Cell>
    <Cell><Data ss:Type="Number">201812</Data></Cell>
    <Cell><Data ss:Type="Boolean">0</Data></Cell>
   </Row>
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <PageSetup><Header x:Margin="0.3"/></PageSetup>
   <Selected/>
   <ProtectObjects>False</ProtectObjects>
   <ProtectScenarios>False</ProtectScenarios>
  </WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="说明">
  <Table>
   <Row>
    <Cell><Data ss:Type="String">数据来源：蕲春县民政局低保信息系统</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">导出时间</Data></Cell>
    <Cell><Data ss:Type="DateTime">2025-10-15T09:30:00.000</Data></Cell>
   </Row>
  </Table>
 </Worksheet>
</Workbook>
"""


def make_handwritten_spreadsheetml():
    with open(P("handwritten_spreadsheetml.xls"), "w", encoding="utf-8", newline="\r\n") as f:
        f.write(HANDWRITTEN_SPREADSHEETML)


# --------------------------------------------------------------------------------------------
# 5. HTML tables saved as .xls.
# --------------------------------------------------------------------------------------------
# 喆 (U+5586) is in GBK/GB18030 but NOT in GB2312, while the page says charset=gb2312, as real
# exports do: a reader must decode "gb2312" as GBK/GB18030 (which is what browsers do).
HTML_GB = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>资助名单</title>
<style>td { mso-number-format:"\\@"; }</style>
</head>
<body>
<table border="0" width="100%">
  <tr><td align="left">打印日期：2025-10-15</td><td align="right">单位：元</td></tr>
</table>
<table border="1" cellspacing="0" cellpadding="2">
  <tr><td colspan="6" align="center"><b>蕲春县2025年秋季学期义务教育生活补助名单</b></td></tr>
  <tr>
    <td>序号</td><td>姓名</td><td>身份证号</td><td>资助项目</td><td>学校名称</td><td>户编号</td>
  </tr>
  <tr>
    <td>1</td>
    <td> 王喆 </td>
    <td style="mso-number-format:'\\@'">421126201201011234</td>
    <td>义务教育家庭经济困难学生生活补助</td>
    <td rowspan="2">蕲春县漕河镇中心小学</td>
    <td rowspan="2">4211260010001</td>
  </tr>
  <tr>
    <td>2</td><td>王小丽</td><td>42112620140202123x</td><td>义务教育家庭经济困难学生生活补助</td>
  </tr>
  <tr>
    <td>3</td><td>张　伟</td><td>421126201303031234</td><td>义务教育家庭经济困难学生生活补助</td><td>蕲春县青石镇中心小学</td><td>4211260020003</td>
  </tr>
  <tr><td colspan="2">合计</td><td>3人</td><td></td><td></td><td></td></tr>
</table>
</body>
</html>
"""

HTML_UTF8 = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>资助名单</title></head>
<body>
<table>
<tr><th>姓名</th><th>身份证号</th><th>资助金额</th></tr>
<tr><td>刘芳</td><td>421126201505051234</td><td>625</td></tr>
<tr><td>買買提·艾力</td><td>65010220080808123X</td><td>1000.5</td></tr>
</table>
</body>
</html>
"""


def make_html():
    try:
        "喆".encode("gb2312")
        raise AssertionError("喆 should not be in GB2312")
    except UnicodeEncodeError:
        pass
    with open(P("html_table_gb18030.xls"), "wb") as f:
        f.write(HTML_GB.replace("\n", "\r\n").encode("gb18030"))
    with open(P("html_table_utf8.xls"), "wb") as f:
        f.write(HTML_UTF8.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# 6. Hostile files.
# --------------------------------------------------------------------------------------------
CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WB = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WB_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = '</sheetData></worksheet>'
SMALL_ROWS = ('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c></row>'
              '<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>12345678</v></c></row>')


def package_parts(zf):
    zf.writestr("[Content_Types].xml", CT)
    zf.writestr("_rels/.rels", RELS)
    zf.writestr("xl/workbook.xml", WB)
    zf.writestr("xl/_rels/workbook.xml.rels", WB_RELS)


BOMB_PADDING = 201 * 1024 * 1024  # bytes of spaces inside <sheetData>: inflates to > 200 MB


def make_zip_bomb():
    with zipfile.ZipFile(P("hostile_zip_bomb.xlsx"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        package_parts(zf)
        with zf.open("xl/worksheets/sheet1.xml", "w") as w:
            w.write(SHEET_HEAD.encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(BOMB_PADDING // len(chunk)):
                w.write(chunk)
            w.write(SMALL_ROWS.encode() + SHEET_TAIL.encode())
    assert os.path.getsize(P("hostile_zip_bomb.xlsx")) < 300 * 1024


BILLION_LAUGHS = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<!DOCTYPE Workbook [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Sheet1">
  <Table>
   <Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">&lol9;</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>
"""

XXE = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<!DOCTYPE Workbook [
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Sheet1">
  <Table>
   <Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">&xxe;</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>
"""

MALFORMED = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Sheet1">
  <Table>
   <Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">身份证号码</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">张三</Data></Cell><Cell><Data ss:Type="String">421126198001011234</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">李四</Data></Cell><Cell><Data ss:Type="String">421126198502021234</Data></Cell>
   <Row><Cell><Data ss:Type="String">王五</Data></Cell><Cell><Data ss:Type="String">421126197003031234</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>
"""


def make_truncated():
    with open(P("openpyxl_rural.xlsx"), "rb") as f:
        data = f.read()
    with open(P("hostile_truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])


CRC_SHEET = (SHEET_HEAD + SMALL_ROWS + SHEET_TAIL)


def make_crc():
    name = P("hostile_crc.xlsx")
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as zf:
        package_parts(zf)
        zf.writestr(zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2025, 10, 15, 0, 0, 0)), CRC_SHEET,
                    compress_type=zipfile.ZIP_STORED)
    with zipfile.ZipFile(name) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(open(name, "rb").read())
    off = info.header_offset
    assert data[off:off + 4] == b"PK\x03\x04"
    name_len, extra_len = struct.unpack("<HH", data[off + 26:off + 30])
    start = off + 30 + name_len + extra_len
    stored = bytes(data[start:start + info.compress_size])
    assert stored == CRC_SHEET.encode()
    i = start + stored.index(b"<v>12345678</v>") + 3  # the '1' of 12345678
    data[i] = ord("9")  # the stored XML now reads <v>92345678</v>: well-formed, but the CRC-32 is wrong
    with open(name, "wb") as f:
        f.write(data)
    with zipfile.ZipFile(name) as zf:
        assert zf.testzip() == "xl/worksheets/sheet1.xml", "the CRC flip did not take"


def make_hostile():
    make_zip_bomb()
    for fname, text in [("hostile_billion_laughs.xml", BILLION_LAUGHS), ("hostile_xxe.xml", XXE),
                        ("hostile_malformed.xml", MALFORMED)]:
        with open(P(fname), "w", encoding="utf-8") as f:
            f.write(text)
    make_truncated()
    make_crc()


# --------------------------------------------------------------------------------------------
# Reading the produced files back, to derive expected.json (conventions: spreadsheets/README.md).
# --------------------------------------------------------------------------------------------
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DATE_BUILTINS = set(range(14, 23)) | {45, 46, 47}


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def is_date_format(code):
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)  # strip quoted text, escapes, [colour]/[$-..]
    code = code.split(";")[0]
    return bool(re.search(r"[yYdDhHsS]|[mM]", code)) and not re.fullmatch(r"[#0.,%E+\-@ ]*", code) \
        and code.lower() not in ("general",)


def serial_to_text(v, date1904):
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    t = base + dt.timedelta(days=float(v))
    t = (t + dt.timedelta(milliseconds=500)).replace(microsecond=0) if t.microsecond else t
    if (t.hour, t.minute, t.second) == (0, 0, 0):
        return t.strftime("%Y-%m-%d")
    return t.strftime("%Y-%m-%d %H:%M:%S")


def text_of(node):
    """Concatenated <t> texts of an <si> or <is> (rich-text runs included, phonetic runs excluded)."""
    out = []
    for child in node:
        if child.tag == NS_MAIN + "t":
            out.append(child.text or "")
        elif child.tag == NS_MAIN + "r":
            for t in child.findall(NS_MAIN + "t"):
                out.append(t.text or "")
    return "".join(out)


def trim(cells):
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def read_xlsx(path):
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    pr = wb.find(NS_MAIN + "workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    shared = []
    if "xl/sharedStrings.xml" in names:
        shared = [text_of(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(NS_MAIN + "si")]
    date_styles = set()
    if "xl/styles.xml" in names:
        st = ET.fromstring(z.read("xl/styles.xml"))
        custom = {}
        nf = st.find(NS_MAIN + "numFmts")
        if nf is not None:
            custom = {int(n.get("numFmtId")): n.get("formatCode") for n in nf}
        xfs = st.find(NS_MAIN + "cellXfs")
        for i, xf in enumerate(xfs if xfs is not None else []):
            fid = int(xf.get("numFmtId", "0"))
            if fid in DATE_BUILTINS or (fid in custom and is_date_format(custom[fid])):
                date_styles.add(i)
    sheets = []
    for s in wb.find(NS_MAIN + "sheets"):
        target = rels[s.get(NS_R + "id")]
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        root = ET.fromstring(z.read(target))
        rows = {}
        last_row = 0
        for row in root.find(NS_MAIN + "sheetData").findall(NS_MAIN + "row"):
            rnum = int(row.get("r")) if row.get("r") else last_row + 1
            last_row = rnum
            cells = []
            last_col = 0
            for c in row.findall(NS_MAIN + "c"):
                col = col_index(c.get("r")) if c.get("r") else last_col + 1
                last_col = col
                t = c.get("t", "n")
                v = c.find(NS_MAIN + "v")
                vtext = v.text if v is not None and v.text is not None else ""
                if t == "s":
                    val = shared[int(vtext)] if vtext != "" else ""
                elif t == "inlineStr":
                    is_ = c.find(NS_MAIN + "is")
                    val = text_of(is_) if is_ is not None else ""
                elif t == "b":
                    val = {"1": "TRUE", "0": "FALSE", "": ""}[vtext]
                elif t in ("e", "str"):
                    val = vtext
                else:  # number (or date)
                    if vtext != "" and int(c.get("s", "0")) in date_styles:
                        val = serial_to_text(vtext, date1904)
                    else:
                        val = vtext
                while len(cells) < col - 1:
                    cells.append("")
                cells.append(val)
            cells = trim(cells)
            if cells:
                rows[str(rnum)] = cells
        sheets.append({"name": s.get("name"), "rows": rows})
    return {"sheets": sheets}


NS_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def read_spreadsheetml(path):
    root = ET.parse(path).getroot()
    sheets = []
    for ws in root.findall(NS_SS + "Worksheet"):
        rows = {}
        table = ws.find(NS_SS + "Table")
        rnum = 0
        for row in (table.findall(NS_SS + "Row") if table is not None else []):
            rnum = int(row.get(NS_SS + "Index")) if row.get(NS_SS + "Index") else rnum + 1
            cells = []
            col = 0
            for c in row.findall(NS_SS + "Cell"):
                col = int(c.get(NS_SS + "Index")) if c.get(NS_SS + "Index") else col + 1
                d = c.find(NS_SS + "Data")
                val = ""
                if d is not None:
                    typ = d.get(NS_SS + "Type")
                    raw = "".join(d.itertext())
                    if typ == "DateTime":
                        t = dt.datetime.fromisoformat(raw[:19])
                        val = (t.strftime("%Y-%m-%d") if (t.hour, t.minute, t.second) == (0, 0, 0)
                               else t.strftime("%Y-%m-%d %H:%M:%S"))
                    elif typ == "Boolean":
                        val = "TRUE" if raw.strip() == "1" else "FALSE"
                    else:
                        val = raw
                while len(cells) < col - 1:
                    cells.append("")
                cells.append(val)
                col += int(c.get(NS_SS + "MergeAcross", "0"))
            cells = trim(cells)
            if cells:
                rows[str(rnum)] = cells
        sheets.append({"name": ws.get(NS_SS + "Name"), "rows": rows})
    return {"sheets": sheets}


class TableGrid(html.parser.HTMLParser):
    """Every <table> as a grid, rowspan/colspan expanded with the text repeated."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.stack.append({"rows": [], "pending": {}, "cell": None, "row": None})
        elif not self.stack:
            return
        elif tag == "tr":
            t = self.stack[-1]
            t["row"] = []
            t["rows"].append(t["row"])
        elif tag in ("td", "th"):
            t = self.stack[-1]
            t["cell"] = {"text": [], "rowspan": int(a.get("rowspan") or 1), "colspan": int(a.get("colspan") or 1)}

    def handle_endtag(self, tag):
        if not self.stack:
            return
        t = self.stack[-1]
        if tag in ("td", "th") and t["cell"] is not None:
            t["row"].append(t["cell"])
            t["cell"] = None
        elif tag == "table":
            self.tables.append(self.layout(self.stack.pop()["rows"]))

    def handle_data(self, data):
        if self.stack and self.stack[-1]["cell"] is not None:
            self.stack[-1]["cell"]["text"].append(data)

    @staticmethod
    def layout(rows):
        grid = {}
        for r, cells in enumerate(rows):
            c = 0
            for cell in cells:
                while (r, c) in grid:
                    c += 1
                text = "".join(cell["text"]).strip(" \t\r\n\f")
                for dr in range(cell["rowspan"]):
                    for dc in range(cell["colspan"]):
                        grid[(r + dr, c + dc)] = text
                c += cell["colspan"]
        out = {}
        for r in range(len(rows)):
            width = max([c + 1 for (rr, c) in grid if rr == r], default=0)
            cells = trim([grid.get((r, c), "") for c in range(width)])
            if cells:
                out[str(r + 1)] = cells
        return out


def read_html(path, encoding):
    p = TableGrid()
    with open(path, "rb") as f:
        p.feed(f.read().decode(encoding))
    p.close()
    return {"sheets": [{"name": f"table{i + 1}", "rows": rows} for i, rows in enumerate(p.tables)]}


def cross_check_with_openpyxl(name, expected):
    """openpyxl's view must agree (for strings and plain numbers) with what we read from the XML."""
    wb = openpyxl.load_workbook(P(name), data_only=True, rich_text=False)
    for sheet in expected["sheets"]:
        ws = wb[sheet["name"]]
        for r, cells in sheet["rows"].items():
            for c, text in enumerate(cells, start=1):
                v = ws.cell(row=int(r), column=c).value
                if isinstance(v, bool):
                    assert text == ("TRUE" if v else "FALSE"), (name, r, c, v, text)
                elif isinstance(v, dt.datetime):
                    assert text.startswith(v.strftime("%Y-%m-%d")), (name, r, c, v, text)
                elif isinstance(v, str):
                    assert text == v, (name, r, c, v, text)
                elif v is None:
                    assert text == "", (name, r, c, v, text)
                else:
                    assert float(text) == float(v), (name, r, c, v, text)

README = """# Spreadsheet fixtures written by other writers

Regenerate with `python3 Tests/Fixtures/make_spreadsheet_fixtures.py` (needs `pip install openpyxl
xlsxwriter` and Debian's `libreoffice-calc-nogui`). Nothing here is written by bidui; all personal
data is fictional. Hostile files are described in HOSTILE.md.

| file | writer | format |
| --- | --- | --- |
| openpyxl_rural.xlsx | openpyxl 3.1 | XLSX, inline strings only (openpyxl never writes sharedStrings.xml) |
| xlsxwriter_aid.xlsx | xlsxwriter 3 | XLSX, shared strings |
| xlsxwriter_aid_inline.xlsx | xlsxwriter 3, constant_memory | XLSX, inline strings (`t="inlineStr"`) |
| libreoffice_civil.xlsx | LibreOffice 7.4, filter "Calc MS Excel 2007 XML" | XLSX, shared strings |
| libreoffice_civil.xml | LibreOffice 7.4, filter "MS Excel 2003 XML" | SpreadsheetML 2003 |
| libreoffice_civil_really_xml.xls | same bytes as libreoffice_civil.xml | SpreadsheetML 2003 behind a lying .xls |
| handwritten_spreadsheetml.xls | by hand (Python string), CRLF | SpreadsheetML 2003 the way Excel/government systems write it |
| html_table_gb18030.xls | by hand, GB18030 bytes, CRLF, `<meta ... charset=gb2312>` | HTML tables behind .xls |
| html_table_utf8.xls | by hand, UTF-8, `<meta charset="utf-8">` | HTML table behind .xls |

## expected.json

`{ file: { "sheets": [ { "name": sheet, "rows": { "<row number>": [cell A, cell B, ...] } } ] } }`,
derived by the script from the produced files (stdlib zipfile + ElementTree, html.parser), and
cross-checked against openpyxl for the XLSX files.

- Sheets in workbook order. For HTML each `<table>` is a sheet named `table1`, `table2`, ... in
  document order, and the row number is the `<tr>`'s 1-based position within its table.
- Row numbers as Excel shows them (XLSX `r`, SpreadsheetML `ss:Index` or previous + 1).
- A row is listed when at least one of its cells has a non-empty value. Rows with no cells, or whose
  cells are all empty (LibreOffice writes a blank row as `<Row><Cell ss:Index="9"/></Row>`;
  xlsxwriter writes empty styled cells for a merged range) are not listed.
- Trailing empty cells are omitted; empty cells before the last non-empty one are "".
- Strings exactly; rich-text runs concatenated (XLSX `<r><t>`, SpreadsheetML `<B>`/`<Font>` inside
  `<ss:Data>`).
- Numbers: the exact text of `<v>` / `<Data ss:Type="Number">`, not reformatted
  (`4.211262009010113e+17` from openpyxl, `4.201021990010113E+17` from xlsxwriter,
  `4.21126198001011E+17` in the hand-written SpreadsheetML as Excel writes it).
- Numbers whose cell style has a date format (built-in ids 14-22, 45-47, or a custom format with
  date/time letters outside quotes, escapes and brackets): `YYYY-MM-DD`, plus ` HH:MM:SS` only when
  the time is not midnight (rounded to the second). SpreadsheetML `DateTime` the same way.
- Booleans `TRUE`/`FALSE`; errors their text (`#N/A`); formulas their cached value, "" when the file
  holds none (openpyxl writes `<f>..</f><v />`).
- Merged cells: the value in the first cell only, "" in the covered ones (XLSX, SpreadsheetML).
- HTML: cell text (all text inside the `<td>`/`<th>`, tags dropped, entities decoded) with leading
  and trailing ASCII whitespace trimmed; a `rowspan`/`colspan` cell's text is repeated in every
  cell it covers (so a `colspan="6"` title row has its text six times).
"""

HOSTILE = """# Hostile spreadsheet fixtures

Each must be refused or read safely (bounded memory and time, no file or network access), with a
clear error; none has an entry in expected.json.

- `hostile_zip_bomb.xlsx` (~200 KB): a structurally valid XLSX (content types, rels, workbook, one
  sheet) whose `xl/worksheets/sheet1.xml` inflates from ~205 KB to 210,764,163 bytes (201 MiB of
  spaces inside `<sheetData>`, deflate level 9, ratio ~1000:1), then two real rows. The central
  directory declares the true uncompressed size, so a reader can refuse before inflating.
- `hostile_billion_laughs.xml`: SpreadsheetML (`<?mso-application progid="Excel.Sheet"?>`) with the
  classic internal DTD of ten nested entities `lol`..`lol9`; a `<Data>` holds `&lol9;`, which would
  expand to 10^9 copies of "lol" (3 GB). libxml2 2.9.14 refuses it ("Detected an entity reference
  loop") when entities are substituted.
- `hostile_xxe.xml`: SpreadsheetML whose DTD declares `<!ENTITY xxe SYSTEM "file:///etc/passwd">`
  and whose second row's `<Data>` is `&xxe;`. Parsed with XML_PARSE_NOENT (xmllint --noent) it
  pulls /etc/passwd into the cell; a reader must not load external entities (no NOENT, no DTDLOAD,
  NONET).
- `hostile_truncated.xlsx`: the first half of openpyxl_rural.xlsx (no end-of-central-directory
  record; local headers and part of the deflated data only).
- `hostile_malformed.xml`: SpreadsheetML whose third `<Row>` lacks its `</Row>` (libxml2: "Opening
  and ending tag mismatch: Row line 9 and Table").
- `hostile_crc.xlsx`: a valid small XLSX whose `xl/worksheets/sheet1.xml` is STORED (not deflated);
  one byte of the stored data was changed afterwards (`<v>12345678</v>` now reads `<v>92345678</v>`),
  so the XML is still well-formed but its CRC-32 no longer matches the one in the local header and
  the central directory (`unzip -t`: bad CRC 616242b5, should be 29cc92af). A reader must check CRCs
  and refuse rather than return 92345678.
"""


def write_docs():
    for name, text in [("README.md", README), ("HOSTILE.md", HOSTILE)]:
        with open(P(name), "w", encoding="utf-8") as f:
            f.write(text)


def main():
    make_openpyxl_rural()
    make_xlsxwriter_aid("xlsxwriter_aid.xlsx", {})
    make_xlsxwriter_aid("xlsxwriter_aid_inline.xlsx", {"strings_to_numbers": False, "constant_memory": True})
    make_libreoffice_civil()
    make_handwritten_spreadsheetml()
    make_html()
    make_hostile()
    write_docs()

    expected = {}
    for name in ["openpyxl_rural.xlsx", "xlsxwriter_aid.xlsx", "xlsxwriter_aid_inline.xlsx", "libreoffice_civil.xlsx"]:
        expected[name] = read_xlsx(P(name))
        cross_check_with_openpyxl(name, expected[name])
    for name in ["libreoffice_civil.xml", "libreoffice_civil_really_xml.xls", "handwritten_spreadsheetml.xls"]:
        expected[name] = read_spreadsheetml(P(name))
    expected["html_table_gb18030.xls"] = read_html(P("html_table_gb18030.xls"), "gb18030")
    expected["html_table_utf8.xls"] = read_html(P("html_table_utf8.xls"), "utf-8")
    # the two xlsxwriter files hold the same cells; the two LibreOffice exports the same text
    assert expected["xlsxwriter_aid.xlsx"] == expected["xlsxwriter_aid_inline.xlsx"]
    with open(P("expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
