"""Small valid tables, as CSV text, and a loader that returns every problem as a tuple.

The rule tests (test_cell_rules.py, test_heading_rules.py, test_cross_table_rules.py)
edit one cell or heading of these and state what validation must say: message, file,
row and column. A few rows each, so that a mutation run can afford them per mutant.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from denocompare.core.dataset import Dataset
from denocompare.core.errors import DataError
from denocompare.io.csv_reader import read_csv_text
from denocompare.io.raw import RawDataset, RawTable
from denocompare.io.validate import validate

#: One or two valid rows per table; row 2 is the first data row, as a spreadsheet counts.
BASE = {
    "metadata": "key,value\nmolecule,denosumab\nname,Test set\nversion,1\ndate,2026-01-01\n",
    "sources": "source_id,title,publisher,document_number,date,url,kind,note\n"
               "S1,Label,EMA,,2025-01,https://example.org/label,secondary copy,\n",
    "products": "product_id,name_eu,name_us,inn,strength_mg,volume_ml,role,"
                "reference_product_id,source_id,note\n"
                "orig,Orig,,denosumab,60,1,originator,,S1,\n"
                "bio,Bio,,denosumab,60,1,biosimilar,orig,S1,\n",
    "indications": "product_id,region,indication,status,wording,source_id\n"
                   "orig,EU,pmo,authorised,Osteoporosis,S1\n",
    "adverse_reactions": "product_id,region,reaction,frequency_band,product_events,"
                         "product_arm_n,product_pct,comparator_events,comparator_arm_n,"
                         "source_id\n"
                         "orig,EU,Pain,common,5,10,50,5,10,S1\n",
    "studies": "study_id,name,biosimilar_id,reference_id,n_randomised,status,source_id\n"
               "st1,Study,bio,orig,100,performed,S1\n",
    "study_results": "study_id,endpoint,timepoint,measure,difference,ci_level,ci_sides,"
                     "ci_low,ci_high,margin_low,margin_high,source_id\n"
                     "st1,BMD,1 year,difference,0.1,95,two-sided,-0.5,0.5,-1,1,S1\n",
    "study_margins": "study_id,endpoint,regulator,ci_level,margin_low,margin_high,source_id\n"
                     "st1,BMD,EMA,95,-1,1,S1\n",
    "attributes": "product_id,region,attribute,value,preferred,date_kind,as_of,value_number,"
                  "value_unit,value_code,source_id\n"
                  "orig,EU,dose,60 mg,,,,60,mg,,S1\n",
}


def rows(table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(BASE[table])))


def text_of(grid: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(grid)
    return out.getvalue()


def with_cell(table: str, row: int, column: str, value: str) -> str:
    """``BASE[table]`` with the cell at spreadsheet ``row`` (header = 1) set to ``value``;
    a row past the last is a copy of the last row."""
    grid = rows(table)
    while len(grid) < row:
        grid.append(list(grid[-1]))
    grid[row - 1][grid[0].index(column)] = value
    return text_of(grid)


def with_cells(table: str, **cells: str) -> str:
    """Several cells of row 2 set at once."""
    grid = rows(table)
    for column, value in cells.items():
        grid[1][grid[0].index(column)] = value
    return text_of(grid)


def raw_table(name: str, text: str) -> RawTable:
    problems: list = []
    tab = read_csv_text(text, name, f"{name}.csv", problems)
    assert tab is not None and not problems, problems
    return tab


def run(tables: dict[str, str | RawTable], categorical: bool = False
        ) -> tuple[Dataset | None, list[tuple]]:
    """Validate ``tables`` (CSV text or read tables): the dataset, if it loaded, and
    every problem or warning as (file, message, row, column, severity)."""
    raw = RawDataset("set.csv")
    for name, value in tables.items():
        tab = raw_table(name, value) if isinstance(value, str) else value
        if categorical:
            tab.frame = tab.frame.astype("category")
        raw.tables[name] = tab
    try:
        ds = validate(raw)
    except DataError as err:
        assert err.source == "set.csv"
        return None, [(p.file, p.message, p.row, p.column, p.severity) for p in err.problems]
    return ds, [(p.file, p.message, p.row, p.column, p.severity) for p in ds.warnings]


def problems(**tables: str) -> list[tuple]:
    return run(tables)[1]


def frame_table(name: str, header: list[str], body: list[list[str]]) -> RawTable:
    """A table as a reader would hand it over, built directly (headings kept as given)."""
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return RawTable(name, f"{name}.csv", frame)
