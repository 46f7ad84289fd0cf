"""The bad-input corpus, second round (issue 19): files that are not files, ids of only
separators, a table twice in one workbook, text that looks like markup, European
numbers, headings of a megabyte, thousands of columns, blank rows above a sheet's
headings, one bad byte in a UTF-8 file, misspelt columns, and workbooks past the limits.

Declared as in ``cases.py`` (whose builders these use) and run by the same tests.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.bad_inputs.cases import (
    DATA,
    KEF,
    PRODUCTS_SHEET,
    STUDY,
    Case,
    cell_of,
    column_number,
    delete,
    edit_bytes,
    edit_rows,
    folder,
    raw_file,
    rename_heading,
    rows_of,
    set_cell,
    workbook,
    write_rows,
)

FIFO = "is a named pipe (FIFO), not a regular file"
XL_STRENGTH = column_number("products", "strength_mg")


def _fifo(table: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        (path / f"{table}.csv").unlink()
        os.mkfifo(path / f"{table}.csv")
    return edit


def _fifo_file(name: str) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        os.mkfifo(path.parent / name)
        return path.parent / name
    return build


def _fifo_table_opened_directly(path: Path) -> Path:
    _fifo("products")(path)
    return path / "products.csv"


def _device(path: Path) -> Path:
    (path.parent / "dataset.xlsx").symlink_to("/dev/zero")
    return path.parent / "dataset.xlsx"


def _copy_sheet(sheet: str, title: str):
    def edit(wb) -> None:
        wb.copy_worksheet(wb[sheet]).title = title
    return edit


def _rename_sheet(sheet: str, title: str):
    def edit(wb) -> None:
        wb[sheet].title = title
    return edit


def _blank_rows_above(sheet: str, n: int):
    return lambda wb: wb[sheet].insert_rows(1, amount=n)


def _set_xl(sheet: str, row: int, col: int, value):
    def edit(wb) -> None:
        wb[sheet].cell(row=row, column=col).value = value
    return edit


def _clear_sheet(sheet: str):
    def edit(wb) -> None:
        ws = wb[sheet]
        ws.delete_rows(1, ws.max_row)
    return edit


def _extra_columns(table: str, headings: list[str], value: str = "1"):
    return edit_rows(table, lambda rows: [r + (headings if i == 0 else [value] * len(headings))
                                          for i, r in enumerate(rows)])


def _with_sheet_xml(fn: Callable[[bytes], bytes], part: str = "xl/worksheets/sheet1.xml"):
    """Rewrite one part of the saved workbook."""
    def after(data: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                body = src.read(info)
                dst.writestr(info.filename, fn(body) if info.filename == part else body)
        return out.getvalue()
    return after


def _many_cells(body: bytes) -> bytes:
    # 2.1 million empty cells in one row: 8 MB of XML, 20 kB zipped.
    return body.replace(b"</sheetData>", b"<row r=\"999999\">" + b"<c/>" * 2_100_000
                        + b"</row></sheetData>")


def _unpacks_far(path: Path) -> Path:
    target = workbook()(path)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", bytes(170 * 2**20))  # zeros: 170 kB zipped
    return target


def _zip_of(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, body in names.items():
            zf.writestr(name, body)
    return out.getvalue()


def _bad_byte_at_end(data: bytes) -> bytes:
    assert not data.isascii(), "the case needs real UTF-8 before the bad byte"
    return data.rstrip(b"\r\n") + b" \xff\r\n"


def _lone_lead_byte_in_row(row: int) -> Callable[[bytes], bytes]:
    def fn(data: bytes) -> bytes:
        lines = data.split(b"\r\n")
        lines[row - 1] = lines[row - 1] + b" \xc3"
        return b"\r\n".join(lines)
    return fn


def _semicolon_decimal_commas(path: Path) -> None:
    rows = rows_of(path, "study_results")
    numeric = {"difference", "ci_low", "ci_high", "margin_low", "margin_high",
               "result_biosimilar", "result_reference", "ci_level"}
    cols = [i for i, h in enumerate(rows[0]) if h in numeric]
    for r in rows[1:]:
        for i in cols:
            r[i] = r[i].replace(".", ",")
    write_rows(path, "study_results", rows, delimiter=";")


def _tab_delimited(path: Path) -> None:
    write_rows(path, "products", rows_of(path, "products"), delimiter="\t")


def _source_of(table: str, row: int) -> str:
    return cell_of(table, row, "source_id")


_HUGE = "x" * 1_000_000
_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"

NEW_CASES: tuple[Case, ...] = (
    # --- files that are not files: refused by what they are, never opened, never "missing"
    Case("fifo_as_products_csv", folder(_fifo("products")), "products.csv",
         f"products.csv {FIFO}"),
    Case("fifo_as_sources_csv", folder(_fifo("sources")), "sources.csv", f"sources.csv {FIFO}"),
    Case("fifo_as_optional_table", folder(_fifo("attributes")), "attributes.csv",
         f"attributes.csv {FIFO}"),
    Case("fifo_as_workbook", _fifo_file("dataset.xlsx"), "dataset.xlsx", f"dataset.xlsx {FIFO}"),
    Case("fifo_as_xlsm_workbook", _fifo_file("dataset.xlsm"), "dataset.xlsm",
         f"dataset.xlsm {FIFO}"),
    Case("fifo_table_opened_directly", _fifo_table_opened_directly, "products.csv",
         f"products.csv {FIFO}"),
    Case("folder_named_products_csv", folder(delete("products"),
                                             lambda p: (p / "products.csv").mkdir()),
         "products.csv", "products.csv is a folder, not a regular file"),
    Case("device_as_workbook", _device, "dataset.xlsx",
         "dataset.xlsx is a device (character special file), not a regular file"),
    # --- ids made only of separators
    Case("source_id_only_semicolons", folder(set_cell("products", KEF, "source_id", ";;")),
         "products.csv", "this required cell is empty (';;' counts as empty)", KEF,
         "source_id"),
    Case("source_id_semicolon_and_spaces", folder(set_cell("indications", 2, "source_id",
                                                           " ; ; ")),
         "indications.csv", "this required cell is empty ('; ;' counts as empty)", 2,
         "source_id"),
    Case("source_id_with_an_empty_part_loads", folder(set_cell(
        "products", KEF, "source_id", _source_of("products", KEF) + ";;")), severity="ok"),
    # --- one table, two sheets
    Case("two_sheets_products_and_products_space",
         workbook(_copy_sheet("products", "Products ")), "dataset.xlsx",
         "two sheets are named like the table 'products': 'products' and 'Products '"),
    # Excel refuses two names equal but for case; a space makes them differ.
    Case("two_sheets_studies_leading_space", workbook(_copy_sheet("studies", " Studies")),
         "dataset.xlsx", "two sheets are named like the table 'studies': 'studies' and "
         "' Studies'"),
    Case("sheet_named_with_case_and_spaces_loads",
         workbook(_rename_sheet("products", " Products ")), severity="ok"),
    # --- text that looks like markup is text
    Case("dollars_in_a_product_name_load", folder(set_cell(
        "products", KEF, "name_eu", "Kefdensis (US$ 1,200; EU$ 900)")), severity="ok"),
    Case("maths_text_in_a_reaction_loads", folder(set_cell(
        "adverse_reactions", 2, "reaction", r"$x^2$ \frac{1}{2} pain")), severity="ok"),
    Case("html_in_a_note_loads", folder(set_cell(
        "products", KEF, "note", "<b>bold</b> & <script>alert(1)</script> = 1")),
         severity="ok"),
    # --- European numbers: the hint gives the number meant
    Case("european_thousands_and_decimal_comma", folder(set_cell(
        "study_results", 2, "result_biosimilar", "1.234,5")), "study_results.csv",
         "'1.234,5' groups thousands with '.' or a space (European style); write 1234.5", 2,
         "result_biosimilar"),
    Case("space_between_thousands", folder(set_cell("studies", STUDY, "n_randomised",
                                                    "1 064")),
         "studies.csv", "write 1064", STUDY, "n_randomised"),
    Case("narrow_space_between_thousands", folder(set_cell(
        "studies", STUDY, "n_randomised", "1\u202f064")), "studies.csv", "write 1064", STUDY,
         "n_randomised"),
    Case("decimal_comma_with_a_unit", folder(set_cell("products", KEF, "volume_ml", "1,0 mL")),
         "products.csv", "without a unit or words (e.g. 1.0)", KEF, "volume_ml"),
    Case("dotted_millions", folder(set_cell("studies", STUDY, "n_randomised", "1.064.000")),
         "studies.csv", "write 1064000", STUDY, "n_randomised"),
    Case("semicolon_csv_with_decimal_commas_loads", folder(_semicolon_decimal_commas),
         severity="ok"),
    Case("tab_delimited_csv_loads", folder(_tab_delimited), severity="ok"),
    # --- a warning line stays a line
    Case("heading_of_a_megabyte", folder(_extra_columns("products", [_HUGE])),
         "products.csv", "this column is not part of the table; it was ignored", 1,
         "x" * 60 + "…", "warning"),
    Case("twenty_thousand_extra_columns", folder(_extra_columns(
        "products", [f"extra {i}" for i in range(20_000)])), "products.csv",
         "... and 19,995 more columns that are not part of the table were ignored", 1, None,
         "warning"),
    Case("thirty_columns_without_headings", folder(_extra_columns("studies", [""] * 30, "x")),
         "studies.csv", "... and 25 more columns that are not part of the table", 1, None,
         "warning"),
    Case("two_hundred_unknown_ids_in_a_cell", folder(set_cell(
        "indications", 2, "source_id", ";".join(f"S9{i:03d}" for i in range(200)))),
         "indications.csv", "'S9004' and 195 more: not in sources", 2, "source_id"),
    # --- sheets: blank rows above the headings
    Case("sheet_with_a_blank_first_row_loads", workbook(_blank_rows_above("products", 1)),
         severity="ok"),
    Case("sheet_blank_rows_keep_row_numbers", workbook(
        _blank_rows_above("products", 2), _set_xl("products", KEF + 2, XL_STRENGTH, "sixty")),
         PRODUCTS_SHEET, "'sixty' is not a number", KEF + 2, "strength_mg"),
    Case("sheet_with_no_rows_at_all", workbook(_clear_sheet("products")), PRODUCTS_SHEET,
         "the sheet is empty: it needs a header row and data rows"),
    Case("workbook_word_in_number", workbook(_set_xl("products", KEF, XL_STRENGTH, "sixty")),
         PRODUCTS_SHEET, "'sixty' is not a number", KEF, "strength_mg"),
    # --- one bad byte in a UTF-8 file
    Case("utf8_bad_byte_at_the_end", folder(edit_bytes("sources", _bad_byte_at_end)),
         "sources.csv", "(0xFF, in line", severity="warning"),
    Case("utf8_lone_lead_byte_in_a_row", folder(edit_bytes("studies",
                                                          _lone_lead_byte_in_row(4))),
         "studies.csv", "(0xC3, in line 4) is not valid UTF-8", severity="warning"),
    Case("ascii_file_with_one_cp1252_byte", folder(edit_bytes(
        "products", lambda b: b.replace(b"Sandoz", b"Sandoz \xe9", 1))), "products.csv",
         "read as Windows-1252", severity="warning"),
    # --- misspelt columns: one line, no knock-on per row
    Case("misspelt_ci_level_once", folder(rename_heading("study_results", "ci_level",
                                                         "ci_levl")),
         "study_results.csv", "found 'ci_levl' — is it misspelt?", 1, "ci_level"),
    Case("misspelt_product_pct_once", folder(rename_heading("adverse_reactions", "product_pct",
                                                            "product_%")),
         "adverse_reactions.csv", "found 'product_%' — is it misspelt?", 1, "product_pct"),
    Case("misspelt_required_source_id", folder(rename_heading("sources", "source_id",
                                                              "sourceid")),
         "sources.csv", "the required column 'source_id' is missing; found 'sourceid'", 1,
         "source_id"),
    Case("heading_case_and_spaces_load", folder(rename_heading("products", "inn", " INN ")),
         severity="ok"),
    # --- workbooks past the limits: refused at once, the limit named
    Case("workbook_of_too_many_cells", workbook(after=_with_sheet_xml(_many_cells)),
         "dataset.xlsx", "the workbook holds more than 2,000,000 cells"),
    Case("workbook_unpacking_past_the_limit", _unpacks_far, "dataset.xlsx",
         "workbooks that unpack to at most 160 MB"),
    Case("empty_workbook_file", raw_file("dataset.xlsx", b""), "dataset.xlsx",
         "the file is empty (0 bytes)"),
    Case("zip_that_is_not_a_workbook", raw_file("dataset.xlsx", _zip_of({"a.txt": b"hi"})),
         "dataset.xlsx", "this is a zip archive, not an Excel workbook"),
    Case("ods_renamed_xlsx", raw_file("dataset.xlsx", _zip_of({"content.xml": b"<x/>"})),
         "dataset.xlsx", "OpenDocument spreadsheet (.ods) renamed to .xlsx"),
    # --- and a few more a pharmacist produces
    Case("pdf_saved_as_products_csv", folder(edit_bytes("products", lambda b: _PDF)),
         "products.csv", "this is a PDF document with a .csv name"),
    Case("id_with_a_space", folder(set_cell("indications", 2, "product_id", "kef densis")),
         "indications.csv", "'kef densis' is not a valid id", 2, "product_id"),
    Case("date_with_a_time", folder(set_cell("sources", 2, "date", "2025-11-17T10:00")),
         "sources.csv", "'2025-11-17T10:00' is not a date", 2, "date"),
    Case("no_break_space_after_an_id_loads", folder(set_cell(
        "indications", 2, "product_id", cell_of("indications", 2, "product_id") + "\u00a0")),
         severity="ok"),
    Case("required_table_deleted_from_folder_of_pipes", folder(delete("metadata"),
                                                               _fifo("studies")),
         "studies.csv", f"studies.csv {FIFO}"),
)

assert DATA.is_dir()
