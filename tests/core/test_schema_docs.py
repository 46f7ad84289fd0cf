from denocompare.core.schema import TABLES
from denocompare.core.schema_docs import markdown
from denocompare.resources import bundled_data_dir, bundled_datasets, data_root


def test_data_readme_is_generated_from_the_schema():
    """data/README.md must be exactly `denocompare schema` output (regenerate if not)."""
    assert (data_root() / "README.md").read_text(encoding="utf-8") == markdown()


def test_every_column_documented():
    text = markdown()
    for table in TABLES:
        assert f"`{table.name}`" in text
        for col in table.columns:
            assert f"`{col.name}`" in text


def test_bundled_csv_headers_match_schema():
    assert bundled_datasets() == ["denosumab", "ustekinumab"]
    for name in bundled_datasets():
        for table in TABLES:
            path = bundled_data_dir(name) / table.filename
            header = path.read_text(encoding="utf-8").splitlines()[0]
            assert header.split(",") == table.column_names, (name, table.name)
