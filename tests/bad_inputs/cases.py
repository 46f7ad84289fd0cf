"""The bad-input corpus: files a pharmacist really produces, and what the report must say.

Each ``Case`` is a small mutation of a temporary copy of the bundled dataset (so the
repository holds no copies of it) and the one ``Problem`` the loader must report:
file (or workbook sheet), row, column and a substring of the message. ``severity``
"warning" means the dataset loads and the warning is listed; "ok" means it loads clean.

Decisions recorded here, and enforced by ``test_bad_inputs.py``:

- header-only ``metadata``, ``sources`` or ``products``: an error (nothing to show, and
  every row cites a source and names a product); any other table may be header-only.
- ``n/a``, ``-``, ``NR`` ... read as empty: fine in an optional cell, an error (that says
  so) in a required one.
- Windows-1252 loads with a warning; UTF-16 with a BOM loads silently.
- an openpyxl-written formula has no cached value: an error naming the cell.
- cells merged over several rows: an error (the rows below have no value); a hidden
  sheet: a warning; control characters: a warning, and removed.
- files over 100 MB are refused before reading (``readers.MAX_FILE_BYTES``); workbooks
  of more than 2,000,000 cells or unpacking past 160 MB too (``schema.MAX_WORKBOOK_CELLS``).
- named pipes, devices and sockets are refused by what they are, before being opened.
- a UTF-8 file with a bad byte loads with a warning naming the byte; a file that is
  ASCII up to its first bad byte is read as Windows-1252, as before.
- text is data: ``$...$``, ``<b>`` and ``&`` in names load clean (charts draw them as
  written, ``tests/plotting/test_literal_text.py``).
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from denocompare.core.schema import STUDY_RESULTS
from denocompare.resources import bundled_data_dir

_N_RESULTS = len(STUDY_RESULTS.columns)

DATA = bundled_data_dir()
Build = Callable[[Path], Path]  # gets a copy of the bundled folder, returns what to load


@dataclass(frozen=True)
class Case:
    id: str
    build: Build
    file: str | None = None
    message: str = ""
    row: int | None = None
    column: str | None = None
    severity: str = "error"  # "error", "warning", or "ok" (loads with no problem at all)


# --- reading and writing the CSV copy ---------------------------------------------------


def rows_of(folder: Path, table: str) -> list[list[str]]:
    text = (folder / f"{table}.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def write_rows(folder: Path, table: str, rows: list[list[str]], encoding: str = "utf-8",
               delimiter: str = ",") -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    (folder / f"{table}.csv").write_bytes(buf.getvalue().encode(encoding))


def row_of(table: str, column: str, value: str) -> int:
    """Spreadsheet row (header = 1) of the first bundled row with ``column == value``."""
    rows = rows_of(DATA, table)
    i = rows[0].index(column)
    return next(n for n, r in enumerate(rows[1:], start=2) if r[i] == value)


def cell_of(table: str, row: int, column: str) -> str:
    rows = rows_of(DATA, table)
    return rows[row - 1][rows[0].index(column)]


def folder(*edits: Callable[[Path], None]) -> Build:
    """Apply ``edits`` to the copy; the dataset to load is the folder."""
    def build(path: Path) -> Path:
        for edit in edits:
            edit(path)
        return path
    return build


def set_cell(table: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        rows = rows_of(path, table)
        rows[row - 1][rows[0].index(column)] = value
        write_rows(path, table, rows)
    return edit


def edit_rows(table: str, fn: Callable[[list[list[str]]], list[list[str]]]):
    def edit(path: Path) -> None:
        write_rows(path, table, fn(rows_of(path, table)))
    return edit


def edit_bytes(table: str, fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        target = path / f"{table}.csv"
        target.write_bytes(fn(target.read_bytes()))
    return edit


def delete(table: str) -> Callable[[Path], None]:
    return lambda path: (path / f"{table}.csv").unlink()


def rename_heading(table: str, old: str, new: str):
    return edit_rows(table, lambda rows: [[new if c == old else c for c in rows[0]], *rows[1:]])


def drop_column(table: str, column: str):
    def fn(rows):
        i = rows[0].index(column)
        return [r[:i] + r[i + 1:] for r in rows]
    return edit_rows(table, fn)


def sparse_file(table: str, size: int) -> Callable[[Path], None]:
    """A file of ``size`` bytes that takes no disk space (holes read as zeros)."""
    def edit(path: Path) -> None:
        with open(path / f"{table}.csv", "r+b") as fh:
            fh.truncate(size)
    return edit


# --- workbooks ----------------------------------------------------------------------


def workbook(*edits: Callable[[object], None], name: str = "dataset.xlsx",
             after: Callable[[bytes], bytes] | None = None) -> Build:
    """The copy as one workbook (text cells, as a pharmacist pastes them), then ``edits``."""
    def build(path: Path) -> Path:
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for csv_path in sorted(path.glob("*.csv")):
            ws = wb.create_sheet(csv_path.stem)
            for values in rows_of(path, csv_path.stem):
                ws.append(values)
        for edit in edits:
            edit(wb)
        target = path.parent / name
        wb.save(target)
        if after is not None:
            target.write_bytes(after(target.read_bytes()))
        return target
    return build


def column_number(table: str, column: str) -> int:
    return rows_of(DATA, table)[0].index(column) + 1


def raw_file(name: str, data: bytes) -> Build:
    def build(path: Path) -> Path:
        target = path.parent / name
        target.write_bytes(data)
        return target
    return build


# --- the corpus -----------------------------------------------------------------------

KEF = row_of("products", "product_id", "kefdensis")
JUB = row_of("products", "product_id", "jubbonti")
STUDY = row_of("studies", "study_id", "alvobond")
CI_ROW = row_of("study_results", "study_id", "sb16_3001")  # 90% CI -0.25 to 0.91
XL_STRENGTH = column_number("products", "strength_mg")
XL_ROLE = column_number("products", "role")
PRODUCTS_SHEET = "dataset.xlsx, sheet 'products'"


def _csv_text_with(table: str, row: int, column: str, raw_cell: str) -> Callable[[Path], None]:
    """Put ``raw_cell`` into the file as written, bypassing CSV quoting."""
    def edit(path: Path) -> None:
        rows = rows_of(path, table)
        marker = "\x1eCELL\x1e"
        rows[row - 1][rows[0].index(column)] = marker
        write_rows(path, table, rows)
        target = path / f"{table}.csv"
        target.write_text(target.read_text(encoding="utf-8").replace(marker, raw_cell),
                          encoding="utf-8")
    return edit


def _re_encode(table: str, encoding: str) -> Callable[[Path], None]:
    return edit_bytes(table, lambda b: b.decode("utf-8-sig").encode(encoding))


def _all_utf16(path: Path) -> None:
    for p in path.glob("*.csv"):
        p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16"))


def _nest(path: Path) -> None:
    inner = path / "denocompare-data"
    inner.mkdir()
    for p in list(path.glob("*.csv")):
        shutil.move(p, inner / p.name)


def _merge(ref: str):
    return lambda wb: wb["products"].merge_cells(ref)


def _hide(sheet: str):
    def edit(wb) -> None:
        wb[sheet].sheet_state = "hidden"
    return edit


def _formula(row: int, col: int, formula: str):
    def edit(wb) -> None:
        wb["products"].cell(row=row, column=col).value = formula
    return edit


def _drop_sheet(sheet: str):
    return lambda wb: wb.remove(wb[sheet])


_GARBAGE = random.Random(20261123).randbytes(4096)

# The second round's cases (issue 19) use the builders above: imported here, after them.
from tests.bad_inputs.cases_round2 import NEW_CASES  # noqa: E402

CASES: tuple[Case, ...] = (
    # --- tables, sheets and columns
    Case("missing_table", folder(delete("indications")), "indications.csv",
         "the required table 'indications' is missing"),
    Case("table_saved_as_copy", folder(lambda p: (p / "products.csv").rename(
        p / "products (1).csv")), "products.csv", "found 'products (1).csv': rename it"),
    Case("tables_in_a_subfolder", folder(_nest), "dataset",
         "in the folder 'denocompare-data' inside this one"),
    Case("missing_sheet", workbook(_drop_sheet("studies")), "dataset.xlsx",
         "the required sheet 'studies' is missing"),
    Case("missing_required_column", folder(drop_column("products", "inn")), "products.csv",
         "the required column 'inn' is missing", 1, "inn"),
    Case("misspelt_optional_column",
         folder(rename_heading("products", "strength_mg", "strenght_mg")), "products.csv",
         "found 'strenght_mg' — is it misspelt? Rename the heading", 1, "strength_mg"),
    Case("misspelt_column", folder(rename_heading("products", "product_id", "prodcut_id")),
         "products.csv", "found 'prodcut_id' — is it misspelt?", 1, "product_id"),
    Case("extra_column", folder(edit_rows("products", lambda rows: [
        r + (["My notes"] if i == 0 else ["checked"]) for i, r in enumerate(rows)])),
         "products.csv", "not part of the table; it was ignored", 1, "My notes", "warning"),
    Case("duplicate_column", folder(edit_rows("studies", lambda rows: [
        r + [r[rows[0].index("source_id")]] for r in rows])), "studies.csv",
         "the column 'source_id' appears twice (columns O and Q)", 1, "source_id"),
    Case("title_rows_above_header", folder(edit_rows("products", lambda rows: [
        ["Denosumab products (export 2025)"] + [""] * (len(rows[0]) - 1),
        [""] * len(rows[0]), *rows])), "products.csv",
         "they seem to be in row 3", 1),
    Case("whole_row_in_one_cell", folder(edit_rows("metadata", lambda rows: [
        [",".join(r)] for r in rows])), "metadata.csv", "each row is held in a single cell", 1),
    Case("empty_file", folder(edit_bytes("products", lambda b: b"")), "products.csv",
         "the file is empty"),
    Case("header_only_products", folder(edit_rows("products", lambda rows: rows[:1])),
         "products.csv", "at least one product is needed"),
    Case("header_only_studies_and_results_load", folder(
        edit_rows("studies", lambda rows: rows[:1]),
        edit_rows("study_results", lambda rows: rows[:1])), severity="ok"),
    # --- wrong types
    Case("decimal_comma_in_quotes", folder(set_cell("study_results", 2, "result_biosimilar",
                                                    "5,3")),
         "study_results.csv", "'5,3' uses a decimal comma; write 5.3", 2, "result_biosimilar"),
    Case("decimal_comma_unquoted", folder(_csv_text_with("study_results", 2, "result_biosimilar",
                                                         "5,3")),
         "study_results.csv", f"this row has {_N_RESULTS + 1} cells but the header row has "
         f"{_N_RESULTS}", 2),
    Case("thousands_separator", folder(set_cell("studies", STUDY, "n_randomised", "1,064")),
         "studies.csv", "thousands separator; write 1064", STUDY, "n_randomised"),
    Case("n_a_in_required_cell", folder(set_cell("products", KEF, "inn", "n/a")),
         "products.csv", "required cell is empty ('n/a' counts as empty)", KEF, "inn"),
    Case("dash_in_required_id", folder(set_cell("study_results", 4, "study_id", "-")),
         "study_results.csv", "required cell is empty ('-' counts as empty)", 4, "study_id"),
    Case("word_in_number", folder(set_cell("products", 3, "strength_mg", "sixty")),
         "products.csv", "'sixty' is not a number", 3, "strength_mg"),
    Case("unit_in_number", folder(set_cell("products", KEF, "volume_ml", "1 mL")),
         "products.csv", "without a unit", KEF, "volume_ml"),
    Case("percent_sign", folder(set_cell("adverse_reactions", 5, "product_pct", "5.3%")),
         "adverse_reactions.csv", "without '%'", 5, "product_pct"),
    Case("excel_error_value", folder(set_cell("study_results", 3, "difference", "#DIV/0!")),
         "study_results.csv", "Excel error value", 3, "difference"),
    Case("infinity", folder(set_cell("study_results", 3, "result_reference", "inf")),
         "study_results.csv", "'inf' is not a number", 3, "result_reference"),
    Case("date_day_first", folder(set_cell("sources", 2, "date", "17/11/2025")),
         "sources.csv", "Did you mean 2025-11-17?", 2, "date"),
    Case("date_month_name", folder(set_cell("sources", 3, "date", "Nov 17 2025")),
         "sources.csv", "Did you mean 2025-11-17?", 3, "date"),
    Case("date_dotted", folder(set_cell("sources", 4, "date", "2025.11.17")),
         "sources.csv", "Did you mean 2025-11-17?", 4, "date"),
    Case("date_ambiguous", folder(set_cell("sources", 5, "date", "05/11/2025")),
         "sources.csv", "ambiguous here (2025-05-11 or 2025-11-05)", 5, "date"),
    Case("date_impossible", folder(set_cell("sources", 6, "date", "2025-02-30")),
         "sources.csv", "not a real date", 6, "date"),
    Case("attribute_date_in_words", folder(set_cell("attributes", 5, "value", "July 2010")),
         "attributes.csv", "is not a date for eu_authorisation_date", 5, "value"),
    # --- out of range, inconsistent
    Case("negative_n", folder(set_cell("studies", STUDY, "n_randomised", "-532")),
         "studies.csv", "below the smallest allowed value, 1", STUDY, "n_randomised"),
    Case("fractional_count", folder(set_cell("studies", STUDY, "n_randomised", "532.5")),
         "studies.csv", "should be a whole number", STUDY, "n_randomised"),
    Case("ci_low_above_high", folder(set_cell("study_results", CI_ROW, "ci_low", "1.5")),
         "study_results.csv", "lower limit of the confidence interval is above", CI_ROW,
         "ci_low"),
    Case("percentage_over_100", folder(set_cell("adverse_reactions", 6, "product_pct", "130")),
         "adverse_reactions.csv", "above the largest allowed value, 100", 6, "product_pct"),
    Case("frequency_band_unknown", folder(set_cell("adverse_reactions", 2, "frequency_band",
                                                   "frequent")),
         "adverse_reactions.csv", "'frequent' is not an allowed value", 2, "frequency_band"),
    Case("role_typo", folder(set_cell("products", KEF, "role", "biosimiler")),
         "products.csv", "Did you mean 'biosimilar'?", KEF, "role"),
    Case("authorised_without_wording", folder(set_cell("indications", 2, "wording", "")),
         "indications.csv", "needs the label's wording", 2, "wording"),
    Case("metadata_key_missing", folder(edit_rows("metadata", lambda rows: [
        r for r in rows if r[0] != "version"])), "metadata.csv",
         "the metadata key 'version' is missing", None, "key"),
    # --- ids
    Case("unknown_product_id", folder(set_cell("indications", 3, "product_id", "Prolia")),
         "indications.csv", "unknown id 'Prolia'", 3, "product_id"),
    Case("unknown_source_id", folder(set_cell("indications", 2, "source_id", "S9999")),
         "indications.csv", "unknown source id(s) 'S9999'", 2, "source_id"),
    Case("source_ids_with_commas", folder(set_cell("products", 2, "source_id", "S2, S11")),
         "products.csv", "separate several source ids with ';'", 2, "source_id"),
    Case("duplicate_product_id", folder(edit_rows("products", lambda rows: [*rows, rows[1]])),
         "products.csv", "duplicate product_id 'prolia' (already used in row 2)",
         len(rows_of(DATA, "products")) + 1, "product_id"),
    Case("duplicate_indication", folder(edit_rows("indications", lambda rows: [
        *rows[:3], rows[1], *rows[3:]])), "indications.csv",
         "duplicate product_id + region + indication 'prolia / EU / pmo'", 4, "indication"),
    Case("reference_is_a_biosimilar", folder(set_cell("products", KEF, "reference_product_id",
                                                      "jubbonti")),
         "products.csv", "'jubbonti' is itself a biosimilar", KEF, "reference_product_id"),
    Case("reference_cycle", folder(set_cell("products", KEF, "reference_product_id", "jubbonti"),
                                   set_cell("products", JUB, "reference_product_id",
                                            "kefdensis")),
         "products.csv", "cycle: kefdensis → jubbonti → kefdensis", KEF,
         "reference_product_id"),
    Case("own_reference", folder(set_cell("products", KEF, "reference_product_id",
                                          "kefdensis")),
         "products.csv", "cannot be its own reference", KEF, "reference_product_id"),
    Case("study_reference_is_biosimilar", folder(set_cell("studies", STUDY, "reference_id",
                                                          "jubbonti")),
         "studies.csv", "a study's reference product must be an originator", STUDY,
         "reference_id"),
    # --- encodings and bytes
    Case("windows_1252", folder(_re_encode("sources", "cp1252")), "sources.csv",
         "read as Windows-1252", severity="warning"),
    Case("utf16_with_bom_loads", folder(_all_utf16), severity="ok"),
    Case("utf16_cut_short", folder(_re_encode("metadata", "utf-16"),
                                   edit_bytes("metadata", lambda b: b[:-1])),
         "metadata.csv", "UTF-16) text but is damaged"),
    Case("binary_garbage", folder(edit_bytes("products", lambda b: _GARBAGE)), "products.csv",
         "it contains binary data"),
    Case("workbook_named_csv", folder(lambda p: shutil.copyfile(
        workbook()(p), p / "products.csv")), "products.csv", "Excel workbook"),
    Case("unclosed_quote", folder(_csv_text_with("products", 4, "note", '"Sandoz GP2411')),
         "products.csv", "never closed", 4),
    Case("blank_lines_keep_row_numbers", folder(
        edit_rows("products", lambda rows: [rows[0], [], [], *rows[1:]]),
        set_cell("products", 6, "strength_mg", "sixty")),
         "products.csv", "'sixty' is not a number", 6, "strength_mg"),
    Case("excel_sep_line_loads", folder(
        lambda p: write_rows(p, "products", rows_of(p, "products"), delimiter=";"),
        edit_bytes("products", lambda b: b"sep=;\r\n" + b)), severity="ok"),
    Case("very_long_cell", folder(set_cell("products", 3, "note", "x" * 6000)), "products.csv",
         "the cell has 6,000 characters; at most 5,000", 3, "note"),
    Case("control_characters", folder(set_cell("products", 3, "note", "Bell\x07 and\x1b esc")),
         "products.csv", "control characters", 3, "note", "warning"),
    Case("zero_width_space_in_id", folder(set_cell("indications", 2, "product_id",
                                                   "prolia\u200b")),
         "indications.csv", "control characters", 2, "product_id", "warning"),
    Case("file_of_200_mb", folder(sparse_file("adverse_reactions", 200 * 2**20)),
         "adverse_reactions.csv", "DenoCompare reads files up to 100 MB"),
    # --- workbooks
    Case("truncated_workbook", workbook(after=lambda b: b[: len(b) // 2]), "dataset.xlsx",
         "damaged or incomplete"),
    Case("workbook_with_formula", workbook(_formula(KEF, XL_STRENGTH, "=30*2")), PRODUCTS_SHEET,
         "formula without a computed value", KEF, "strength_mg"),
    Case("merged_cells", workbook(_merge(f"G{KEF}:G{KEF + 1}")), PRODUCTS_SHEET,
         f"cells G{KEF}:G{KEF + 1} are merged", KEF, "role"),
    Case("hidden_sheet", workbook(_hide("attributes")), "dataset.xlsx, sheet 'attributes'",
         "this sheet is hidden", severity="warning"),
    Case("encrypted_workbook", raw_file("dataset.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                        + bytes(504)), "dataset.xlsx", "password-protected"),
    Case("csv_renamed_xlsx", raw_file("dataset.xlsx", b"product_id,name_eu\nprolia,Prolia\n"),
         "dataset.xlsx", "like a CSV file renamed to .xlsx"),
    Case("old_xls_workbook", raw_file("dataset.xls", b"\xd0\xcf\x11\xe0" + bytes(60)),
         "dataset.xls", "save it as 'Excel Workbook (.xlsx)'"),
    *NEW_CASES,
)

assert XL_ROLE == 7, "merged_cells names column G: role must stay the 7th column"
