#!/usr/bin/env python3
"""Writes the spreadsheet fixtures with writers that are not bidui's: openpyxl and xlsxwriter (PyPI),
LibreOffice (Debian's libreoffice-calc-nogui: its XLSX and "MS Excel 2003 XML" exports), and
hand-written SpreadsheetML and HTML the way government systems emit them; plus small hostile files.

    pip install openpyxl xlsxwriter && apt-get install libreoffice-calc-nogui
    python3 Tests/Fixtures/make_workbook_fixtures.py
"""
import io, os, shutil, subprocess, tempfile, zipfile
from datetime import date, datetime

import openpyxl
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "workbooks")
os.makedirs(OUT, exist_ok=True)
path = lambda name: os.path.join(OUT, name)
RURAL_HEADER = ["县(市、区)", "乡(镇)", "行政村", "户编号", "成员姓名", "证件号码", "户类型", "在校生状况"]

# 1. openpyxl: a notes sheet, then one sheet per township with a merged title; a number in an ID
#    column, rows left out (gaps), cells left out, rich text, a formula without a cached value.
wb = openpyxl.Workbook()
wb.active.title = "说明"
wb["说明"]["A1"] = "本表由系统导出，请勿修改格式"
ws = wb.create_sheet("漕河镇")
ws.merge_cells("A1:H1")
ws["A1"] = "蕲春县防返贫监测信息系统成员信息（漕河镇）"
ws.append(RURAL_HEADER)
ws.append(["蕲春县", "漕河镇", "张塝村", "4211260010001", "张三", "421126198001011234", "脱贫户", "非在校生"])
ws.append(["蕲春县", "漕河镇", "张塝村", "4211260010001", "张小五", 421126201201011234, "脱贫户", "小学"])
ws.cell(row=7, column=1, value="蕲春县")
ws.cell(row=7, column=5, value="李四")
ws.cell(row=7, column=6, value="421126198502021234")
ws.cell(row=8, column=5, value=CellRichText([TextBlock(InlineFont(b=True), "欧阳"), "子涵"]))
ws.cell(row=8, column=6, value="42112620100303123x")
ws.cell(row=8, column=4, value='="4211260010"&"002"')
ws2 = wb.create_sheet("青石镇")
ws2.merge_cells("A1:H1")
ws2["A1"] = "蕲春县防返贫监测信息系统成员信息（青石镇）"
ws2.append(RURAL_HEADER)
ws2.append(["蕲春县", "青石镇", "青石村", "4211260020001", "王芳", "421126199003031234", "监测户", "非在校生"])
ws2.append(["合计", None, None, None, None, None, None, "=COUNTA(E3:E3)"])
wb.save(path("openpyxl_rural.xlsx"))

# 2. xlsxwriter: merged title, dates with a date format, numbers, booleans, a formula with a cached
#    value, an error, a 合计 row; once with shared strings, once in constant-memory mode (inline strings).
def aid_workbook(name, options):
    wb = xlsxwriter.Workbook(path(name), options)
    ws = wb.add_worksheet("资助名单")
    title = wb.add_format({"bold": True})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    header = ["序号", "学年", "学期", "学校名称", "姓名", "身份证号", "资助项目", "资助金额", "家庭经济困难类型", "发放日期", "是否发放"]
    ws.merge_range(0, 0, 0, len(header) - 1, "2025年秋季学期学生资助发放名单", title)
    ws.write_row(1, 0, header)
    rows = [
        (1, "蕲春县第一中学", "刘芳", "421126200901011234", "普通高中国家助学金", 1000, "低保", True),
        (2, "蕲春县漕河镇中心小学", "陈静", 421126201505051234, "义务教育家庭经济困难学生生活补助", 625, "监测对象", True),
        (3, "蕲春县第三中学", "买买提·艾力", "42112620110606123X", "义务教育家庭经济困难学生生活补助", 1000.5, "孤儿", False),
    ]
    for r, (no, school, person, number, programme, amount, kind, paid) in enumerate(rows, start=2):
        ws.write_number(r, 0, no)
        ws.write_string(r, 1, "2025-2026")
        ws.write_string(r, 2, "秋季学期")
        ws.write_string(r, 3, school)
        ws.write_string(r, 4, person)
        if isinstance(number, int):
            ws.write_number(r, 5, number)
        else:
            ws.write_string(r, 5, number)
        ws.write_string(r, 6, programme)
        ws.write_number(r, 7, amount)
        ws.write_string(r, 8, kind)
        ws.write_datetime(r, 9, datetime(2025, 10, 15), day)
        ws.write_boolean(r, 10, paid)
    ws.write_string(5, 0, "4")
    ws.write_string(5, 4, "赵六")
    ws.write_string(5, 5, "421126201001011234")
    ws.write_string(5, 6, "营养改善计划")
    ws.write_formula(5, 7, "=625*2", None, 1250)
    ws.write_formula(5, 8, "=NA()", None, "#N/A")
    ws.write_string(6, 0, "合计")
    ws.write_formula(6, 7, "=SUM(H3:H6)", None, 3875.5)
    wb.close()

aid_workbook("xlsxwriter_aid.xlsx", {})
aid_workbook("xlsxwriter_aid_inline.xlsx", {"constant_memory": True})

# 3. LibreOffice: a civil roster saved by LibreOffice as XLSX and as "MS Excel 2003 XML"; the latter
#    also under an .xls name, as departments send it.
def libreoffice_exports():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice not installed: libreoffice_* fixtures not rewritten")
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "libreoffice_civil.xlsx")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "低保"
        header = ["区县", "户主姓名", "户主身份证号", "姓名", "身份证号码", "与户主关系", "保障类型", "保障状态", "起始年月", "认定日期"]
        ws.append(header)
        ws.append(["江岸区", "刘强", "420102198001011234", "刘强", "420102198001011234", "户主", "城市低保", "在保", 202103, date(2021, 3, 1)])
        ws.append(["江岸区", "刘强", "420102198001011234", "刘小明", "42010220100101123x", "之子", "城市低保", "在保", 202103, date(2021, 3, 1)])
        ws.append(["江岸区", "陈静", "420102197505051234", "陈静", "420102197505051234", "户主", "特困供养", "停保", 201901, date(2019, 1, 15)])
        for row in ws.iter_rows(min_row=2, min_col=10, max_col=10):
            row[0].number_format = "yyyy-mm-dd"
        ws2 = wb.create_sheet("特困")
        ws2.append(header)
        ws2.append(["江岸区", "王五", "420102195001011234", "王五", "420102195001011234", "户主", "特困供养", "在保", 202001, date(2020, 1, 1)])
        ws2["J2"].number_format = "yyyy-mm-dd"
        wb.save(src)
        convert = lambda filter_, source, extra=[]: subprocess.run(
            [soffice, "--headless", *extra, "--convert-to", filter_, "--outdir", OUT, source],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, HOME=tmp))
        convert("xlsx:Calc MS Excel 2007 XML", src)
        # LibreOffice's SpreadsheetML export recurses without end on a sheet that came from XLSX (its
        # 16,384 columns); from CSV it works. Standard column types: the ID number becomes a Number,
        # as when an officer opens a CSV in a spreadsheet, and 2021/3/1 a DateTime.
        csv_src = os.path.join(tmp, "libreoffice_civil.csv")
        with open(csv_src, "w", encoding="utf-8") as f:
            f.write("区县,姓名,身份证号码,保障类型,保障状态,起始年月,认定日期\n"
                    "江岸区,刘强,420102198001011234,城市低保,在保,202103,2021/3/1\n"
                    "江岸区,刘小明,42010220100101123x,城市低保,在保,202103,2021/3/1\n"
                    "江岸区,陈静,420102197505051234,特困供养,停保,201901,2019/1/15\n")
        convert("xml:MS Excel 2003 XML", csv_src, ["--infilter=CSV:44,34,76,1"])
    shutil.copy(path("libreoffice_civil.xml"), path("libreoffice_civil_really_xml.xls"))

libreoffice_exports()

# 4. SpreadsheetML written by hand, as government systems emit it.
open(path("handwritten_spreadsheetml.xls"), "w", encoding="utf-8").write("""<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Worksheet ss:Name="农村低保">
  <Table ss:ExpandedColumnCount="6" ss:ExpandedRowCount="8">
   <Row><Cell ss:MergeAcross="4"><Data ss:Type="String">蕲春县农村低保名册</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">身份证号码</Data></Cell><Cell><Data ss:Type="String">保障类型</Data></Cell><Cell><Data ss:Type="String">起始年月</Data></Cell><Cell><Data ss:Type="String">认定日期</Data></Cell><Cell><Data ss:Type="String">是否在保</Data></Cell></Row>
   <Row><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>张</B><Font html:Color="#FF0000">三</Font></ss:Data><Comment ss:Author="审核"><ss:Data xmlns="http://www.w3.org/TR/REC-html40">已核实</ss:Data></Comment></Cell><Cell ss:Index="3"><Data ss:Type="String">农村低保</Data></Cell><Cell><Data ss:Type="Number">202103</Data></Cell><Cell><Data ss:Type="DateTime">2021-03-01T00:00:00.000</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell></Row>
   <Row ss:Index="8"><Cell><Data ss:Type="String">李四</Data></Cell><Cell><Data ss:Type="Number">4.20102199001011E+17</Data></Cell><Cell><Data ss:Type="String">特困供养</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="说明">
  <Table><Row><Cell><Data ss:Type="String">数据来源：民政社会救助系统</Data></Cell></Row></Table>
 </Worksheet>
</Workbook>
""")

# 5. HTML tables saved as .xls.
html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<table><tr><td>打印日期</td><td>2025-10-31</td></tr></table>
<table border="1">
<tr><td colspan="6">蕲春县2025年秋季学期营养改善计划名单</td></tr>
<tr><th>序号</th><th>姓名</th><th>身份证号</th><th>资助项目</th><th>学校名称</th><th>户编号</th></tr>
<tr><td>1</td><td>张&nbsp;三</td><td>421126201201011234</td><td>营养改善计划</td><td rowspan="2">蕲春县漕河镇中心小学</td><td rowspan="2">4211260010001</td></tr>
<tr><td>2</td><td>张小五</td><td>421126201405051234</td><td>营养改善计划</td></tr>
<tr><td>3</td><td>
  李四
</td><td>421126201303031234</td><td>营养改善计划</td><td>蕲春县第三中学</td><td>4211260010002</td></tr>
<tr><td colspan="2">合计</td><td></td><td></td><td></td><td></td></tr>
</table></body></html>
"""
open(path("html_table_gb18030.xls"), "wb").write(html.encode("gb18030"))
open(path("html_table_utf8.xls"), "w", encoding="utf-8").write("""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<table><tr><th>姓名</th><th>身份证号</th><th>资助项目</th></tr>
<tr><td>欧阳子涵</td><td>420102201001011234</td><td>学前教育幼儿资助</td></tr>
<tr><td>买买提·艾力</td><td>42010220110202123X</td><td>学前教育幼儿资助</td></tr></table></body></html>
""")

# 6. Hostile files.
def xlsx_with_sheet(name, sheet_xml, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path(name), "w", compression) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr(zipfile.ZipInfo("xl/worksheets/sheet1.xml"), sheet_xml, compress_type=compression, compresslevel=9)

rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号码</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2" t="inlineStr"><is><t>420102199001011234</t></is></c></row>'
sheet = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>'
xlsx_with_sheet("hostile_zip_bomb.xlsx", sheet % (rows + " " * (300 << 20)))
xlsx_with_sheet("hostile_crc.xlsx", sheet % rows, zipfile.ZIP_STORED)
data = bytearray(open(path("hostile_crc.xlsx"), "rb").read())
i = data.find("张三".encode())
data[i] ^= 0x01
open(path("hostile_crc.xlsx"), "wb").write(bytes(data))
full = open(path("xlsxwriter_aid.xlsx"), "rb").read()
open(path("hostile_truncated.xlsx"), "wb").write(full[: len(full) // 2])
laughs = "".join('<!ENTITY lol%d "%s">' % (i, "&lol%d;" % (i - 1) * 10) for i in range(1, 10))
spreadsheet = '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n%s\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="低保"><Table><Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">身份证号码</Data></Cell></Row><Row><Cell><Data ss:Type="String">%s</Data></Cell><Cell><Data ss:Type="String">420102199001011234</Data></Cell></Row>%s</Table></Worksheet></Workbook>\n'
open(path("hostile_billion_laughs.xml"), "w").write(spreadsheet % ('<!DOCTYPE Workbook [<!ENTITY lol0 "lol">%s]>' % laughs, "&lol9;", ""))
open(path("hostile_xxe.xml"), "w").write(spreadsheet % ('<!DOCTYPE Workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;", ""))
open(path("hostile_malformed.xml"), "w").write(spreadsheet % ("", "张三", "<Row><Cell><Data ss:Type=\"String\">李四</Data></Cell>\n</Table>"))
print("workbook fixtures written")
