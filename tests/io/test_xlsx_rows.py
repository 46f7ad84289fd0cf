"""The EMA workbook's rows read from its XML give what openpyxl's read-only sheet gives:
inline and shared strings (rich text joined, phonetic runs left out), numbers, booleans,
dates on both calendars, rows and cells the sheet leaves out."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from denocompare.core.errors import DataError
from denocompare.io.regulators import read_regulator_file
from denocompare.io.regulators.xlsx_rows import MAIN, first_sheet_rows
from tests.regulator_files import ema_rows, write_ema_xlsx

SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
RICH = (f"<si xmlns='{MAIN[1:-1]}'><r><t>Deno</t></r><r><rPr><b/></rPr><t>sumab</t></r>"
        "<rPh sb='0' eb='1'><t>PHONETIC</t></rPh></si>")


def _workbook(path: Path, mac: bool = False) -> Path:
    wb = Workbook()
    if mac:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Medicines"
    ws["A1"] = "European Medicines Agency"
    ws["A3"] = "Report generated on 30/11/2026"  # row 2 left out of the sheet
    ws.append(["Name of\nmedicine", "Number", "Share", "Biosimilar", "Date", None, "Last"])
    ws.append(["Prolia", 12, 0.25, True, dt.datetime(2010, 5, 26), None, "x"])
    ws.append([None, None, None, False, dt.date(1999, 12, 31)])
    ws["C12"] = 1e-7  # rows 7-11 left out
    ws["B13"] = "Rich"
    wb.save(path)
    return path


def _shared_strings(path: Path) -> Path:
    """The same workbook with its strings in a shared table, one of them rich text."""
    out = path.with_name("shared.xlsx")
    sst = ET.Element(f"{MAIN}sst")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        sheet = ET.fromstring(src.read("xl/worksheets/sheet1.xml"))
        for c in sheet.iter(f"{MAIN}c"):
            if c.get("t") == "inlineStr":
                item = c.find(f"{MAIN}is")
                c.remove(item)
                si = ET.fromstring(RICH) if item.findtext(f"{MAIN}t") == "Rich" else \
                    ET.SubElement(ET.Element("x"), f"{MAIN}si")
                si.extend([] if len(si) else list(item))
                sst.append(si)
                c.set("t", "s")
                ET.SubElement(c, f"{MAIN}v").text = str(len(sst) - 1)
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = ET.tostring(sheet)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f"<Override PartName='/xl/sharedStrings.xml' "
                                    f"ContentType='{SST}'/></Types>".encode())
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f"<Relationship Id='rIdS' Type="
                                    f"'{SST_REL}' Target='sharedStrings.xml'/>"
                                    "</Relationships>".encode())
            dst.writestr(info, data)
        dst.writestr("xl/sharedStrings.xml", ET.tostring(sst))
    return out


def _trimmed(row: tuple) -> tuple:
    last = max((i + 1 for i, v in enumerate(row) if v is not None), default=0)
    return tuple(row[:last])


def _openpyxl_rows(path: Path) -> list[tuple]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [_trimmed(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


@pytest.mark.parametrize("mac", [False, True])
def test_the_rows_are_openpyxls(tmp_path, mac):
    path = _workbook(tmp_path / "w.xlsx", mac)
    for book in (path, _shared_strings(path)):
        title, rows = first_sheet_rows(book)
        ours = [_trimmed(r) for r in rows]
        assert title == "Medicines" and ours == _openpyxl_rows(book)
        assert ours[1] == () and ours[4][:5] == ("Prolia", 12, 0.25, True,
                                                 dt.datetime(2010, 5, 26))
        assert ours[5][4] == dt.datetime(1999, 12, 31) and ours[11] == (None, None, 1e-7)
    _t, rows = first_sheet_rows(_shared_strings(path))
    assert list(rows)[12] == (None, "Denosumab")  # rich-text runs joined, no phonetic run


def test_the_import_reads_a_shared_string_workbook_as_the_inline_one(tmp_path, bundled):
    inline = write_ema_xlsx(tmp_path / "medicines.xlsx", ema_rows(bundled))
    a, b = read_regulator_file(inline), read_regulator_file(_shared_strings(inline))
    assert a.records.equals(b.records) and a.as_of == b.as_of == "2026-11-30"


def test_a_workbook_cut_short_is_a_plain_message(tmp_path, bundled):
    whole = write_ema_xlsx(tmp_path / "medicines.xlsx", ema_rows(bundled))
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(tmp_path / "cut.xlsx", "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[:len(data) // 2]  # the sheet's XML ends mid-way
            dst.writestr(info, data)
    with pytest.raises(DataError, match="damaged and could not be read"):
        read_regulator_file(tmp_path / "cut.xlsx")
