"""Loading as pharmacists save files, and validation that names file, row and column."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core.errors import DataError
from denocompare.io.validate import load_dataset
from tests.helpers import edit_csv


def problems_of(path) -> list:
    with pytest.raises(DataError) as info:
        load_dataset(path)
    return info.value.problems


def test_bundled_dataset_is_valid(bundled):
    assert bundled.version
    assert {"prolia", "xgeva", "kefdensis"} <= set(bundled.product_ids())
    assert not [w for w in bundled.warnings if w.severity == "error"]


def test_every_source_id_resolves(bundled):
    known = set(bundled["sources"]["source_id"])
    for name, frame in bundled.tables.items():
        if "source_id" not in frame or name == "sources":
            continue
        for cell in frame["source_id"]:
            ids = bundled.source_ids_in(cell)
            assert ids, f"{name}: a row without a source"
            assert set(ids) <= known, f"{name}: {cell}"


def test_kefdensis_study_from_the_ema_overview(bundled):
    res = bundled["study_results"].merge(bundled["studies"], on="study_id")
    kef = res[res["biosimilar_id"] == "kefdensis"]
    assert len(kef) >= 1
    row = kef.iloc[0]
    assert float(row["result_biosimilar"]) == pytest.approx(5.3)
    assert float(row["result_reference"]) == pytest.approx(5.2)
    assert int(bundled["studies"].set_index("study_id").loc[row["study_id"], "n_randomised"]) \
        == 532


def test_misspelt_column_is_named_with_a_suggestion(data_copy):
    edit_csv(data_copy, "products", lambda t: t.replace("product_id", "prodcut_id", 1))
    probs = problems_of(data_copy)
    hit = [p for p in probs if p.column == "product_id" and p.file == "products.csv"]
    assert hit and hit[0].row == 1
    assert "prodcut_id" in hit[0].message and "missing" in hit[0].message


def test_all_problems_reported_at_once(data_copy):
    edit_csv(data_copy, "products", lambda t: t.replace(",biosimilar,", ",biosimiler,", 1))
    edit_csv(data_copy, "study_results", lambda t: t.replace("5.3", "5,3x", 1))
    (data_copy / "indications.csv").unlink()
    probs = problems_of(data_copy)
    files = {p.file for p in probs if p.severity == "error"}
    assert {"products.csv", "study_results.csv", "indications.csv"} <= files
    bad_role = next(p for p in probs if p.column == "role")
    assert "biosimiler" in bad_role.message and "biosimilar" in bad_role.message
    assert bad_role.row and bad_role.row >= 2


def test_unknown_reference_product(data_copy):
    frame = pd.read_csv(data_copy / "products.csv", dtype=str, keep_default_na=False)
    row = int(frame.index[frame["product_id"] == "kefdensis"][0]) + 2
    frame.loc[frame["product_id"] == "kefdensis", "reference_product_id"] = "prolai"
    frame.to_csv(data_copy / "products.csv", index=False)
    probs = problems_of(data_copy)
    hit = [p for p in probs if p.column == "reference_product_id"]
    assert hit and hit[0].row == row and "prolai" in hit[0].message


def test_unknown_source_id(data_copy):
    frame = pd.read_csv(data_copy / "indications.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "source_id"] = "S9999"
    frame.to_csv(data_copy / "indications.csv", index=False)
    probs = problems_of(data_copy)
    hit = [p for p in probs if p.file == "indications.csv" and p.column == "source_id"]
    assert hit and hit[0].row == 2 and "S9999" in hit[0].message


def test_duplicate_id(data_copy):
    text = (data_copy / "products.csv").read_text(encoding="utf-8").splitlines()
    (data_copy / "products.csv").write_text("\n".join(text + [text[1]]) + "\n",
                                            encoding="utf-8")
    probs = problems_of(data_copy)
    hit = [p for p in probs if "duplicate" in p.message]
    assert hit and hit[0].row == len(text) + 1 and "row 2" in hit[0].message


def test_reference_that_is_a_biosimilar(data_copy):
    frame = pd.read_csv(data_copy / "products.csv", dtype=str, keep_default_na=False)
    other = frame.loc[(frame["role"] == "biosimilar") & (frame["product_id"] != "kefdensis"),
                      "product_id"].iloc[0]
    frame.loc[frame["product_id"] == "kefdensis", "reference_product_id"] = other
    frame.to_csv(data_copy / "products.csv", index=False)
    probs = problems_of(data_copy)
    assert any("itself a biosimilar" in p.message for p in probs)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_encodings_excel_writes(data_copy, encoding):
    for path in data_copy.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(text.encode(encoding, errors="replace"))
    ds = load_dataset(data_copy)
    assert "kefdensis" in ds.product_ids()
    if encoding == "cp1252":
        assert any("Windows-1252" in w.message for w in ds.warnings)


def test_semicolon_csv_with_decimal_comma(data_copy):
    frame = pd.read_csv(data_copy / "study_results.csv", dtype=str, keep_default_na=False)
    frame.to_csv(data_copy / "study_results.csv", index=False, sep=";")
    text = (data_copy / "study_results.csv").read_text(encoding="utf-8")
    (data_copy / "study_results.csv").write_text(text.replace("5.3", "5,3"), encoding="utf-8")
    ds = load_dataset(data_copy)
    assert 5.3 in set(ds["study_results"]["result_biosimilar"].dropna().astype(float))


def test_decimal_comma_in_comma_csv_is_explained(data_copy):
    frame = pd.read_csv(data_copy / "study_results.csv", dtype=str, keep_default_na=False)
    frame.loc[frame["result_biosimilar"] == "5.3", "result_biosimilar"] = "5,3"
    frame.to_csv(data_copy / "study_results.csv", index=False)
    probs = problems_of(data_copy)
    assert any("decimal comma" in p.message and p.column == "result_biosimilar" for p in probs)


def test_date_in_another_format(data_copy):
    frame = pd.read_csv(data_copy / "sources.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "date"] = "17/11/2025"
    frame.to_csv(data_copy / "sources.csv", index=False)
    probs = problems_of(data_copy)
    hit = [p for p in probs if p.column == "date"]
    assert hit and "YYYY-MM-DD" in hit[0].message and hit[0].row == 2


def test_ci_low_above_high(data_copy):
    frame = pd.read_csv(data_copy / "study_results.csv", dtype=str, keep_default_na=False)
    i = frame.index[frame["ci_low"] != ""][0]
    frame.loc[i, ["ci_low", "ci_high"]] = frame.loc[i, ["ci_high", "ci_low"]].to_numpy()
    frame.to_csv(data_copy / "study_results.csv", index=False)
    probs = problems_of(data_copy)
    assert any(p.column == "ci_low" and "above" in p.message and p.row == i + 2 for p in probs)


def test_extra_column_is_a_warning(data_copy):
    frame = pd.read_csv(data_copy / "products.csv", dtype=str, keep_default_na=False)
    frame["my notes"] = "x"
    frame.to_csv(data_copy / "products.csv", index=False)
    ds = load_dataset(data_copy)
    assert any("ignored" in w.message for w in ds.warnings)


def test_single_csv_opens_its_folder(data_copy):
    ds = load_dataset(data_copy / "products.csv")
    assert "prolia" in ds.product_ids()


def test_not_a_dataset(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    probs = problems_of(path)
    assert "not a dataset" in probs[0].message


def test_workbook_saved_by_excel_round_trip(tmp_path, bundled):
    """A workbook as Excel/LibreOffice would save it: real numbers, real dates."""
    path = tmp_path / "dataset.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, frame in bundled.tables.items():
            out = frame.copy()
            if name == "sources":
                out["date"] = [pd.Timestamp(d).to_pydatetime() if isinstance(d, str)
                               and len(d) == 10 else d for d in out["date"]]
            out.to_excel(xl, sheet_name=name, index=False)
    ds = load_dataset(path)
    for name, frame in bundled.tables.items():
        pd.testing.assert_frame_equal(ds[name], frame, check_dtype=False, obj=name)


def test_workbook_missing_sheet_and_truncated(tmp_path, bundled):
    path = tmp_path / "dataset.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, frame in bundled.tables.items():
            if name != "studies":
                frame.to_excel(xl, sheet_name=name, index=False)
    probs = problems_of(path)
    assert any("sheet 'studies'" in p.message for p in probs)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(path.read_bytes()[:2000])
    probs = problems_of(broken)
    assert probs[0].file == "broken.xlsx" and "workbook" in probs[0].message


def test_binary_garbage_named_csv(data_copy):
    (data_copy / "products.csv").write_bytes(bytes(range(256)) * 10)
    probs = problems_of(data_copy)
    assert any(p.file == "products.csv" and "binary" in p.message for p in probs)


def test_workbook_resaved_by_libreoffice(bundled):
    """tests/fixtures/libreoffice/denosumab.xlsx: the dataset 2026.11.1 saved as a
    workbook, opened and saved again by LibreOffice Calc 7 (soffice --convert-to xlsx),
    as a pharmacist's copy would be. A snapshot: it need not track later data edits."""
    from tests.helpers import FIXTURES

    ds = load_dataset(FIXTURES / "libreoffice" / "denosumab.xlsx")
    assert ds.version == "2026.11.1" and not ds.warnings
    assert set(ds.product_ids()) >= {"prolia", "xgeva", "kefdensis"}
    for name, frame in ds.tables.items():
        assert list(frame.columns) == list(bundled[name].columns), name
        # Optional tables that came after the snapshot: absent, so empty.
        assert len(frame) > 0 or name in ("study_margins", "indication_codes"), name
    res = ds["study_results"].merge(ds["studies"], on="study_id")
    kef = res[res["biosimilar_id"] == "kefdensis"].iloc[0]
    assert (float(kef["result_biosimilar"]), float(kef["result_reference"])) == (5.3, 5.2)
    assert str(ds["sources"].set_index("source_id").loc["SEED-KEF", "date"]) == "2025-11"


def test_excel_percentage_cells_read_as_typed(tmp_path, bundled):
    """In Excel, typing 34.7% stores 0.347 formatted as a percentage."""
    from openpyxl import load_workbook

    from denocompare.output.writers import write_dataset_workbook

    path = write_dataset_workbook(bundled, tmp_path / "d.xlsx")
    wb = load_workbook(path)
    ws = wb["adverse_reactions"]
    header = [c.value for c in ws[1]]
    col = header.index("product_pct") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == 34.7)
    ws.cell(row, col).value = 0.347
    ws.cell(row, col).number_format = "0.0%"
    wb.save(path)
    ds = load_dataset(path)
    assert 34.7 in set(ds["adverse_reactions"]["product_pct"].dropna().astype(float))
