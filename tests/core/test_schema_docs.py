from denocompare.core.schema import TABLES
from denocompare.core.schema_docs import markdown
from tests.helpers import DATA


def test_data_readme_is_generated_from_the_schema():
    """data/README.md must be exactly `denocompare schema` output (regenerate if not)."""
    assert (DATA / "README.md").read_text(encoding="utf-8") == markdown()


def test_every_column_documented():
    text = markdown()
    for table in TABLES:
        assert f"`{table.name}`" in text
        for col in table.columns:
            assert f"`{col.name}`" in text


def test_bundled_csv_headers_match_schema():
    for table in TABLES:
        header = (DATA / table.filename).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == table.column_names, table.name
