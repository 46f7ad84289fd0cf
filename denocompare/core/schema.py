"""The dataset schema: every table and column, in one place.

Validation (``denocompare.io.validate``), the generated ``data/README.md`` and the
workbook's documentation sheet all read these definitions, so they cannot drift.
"""

from __future__ import annotations

from denocompare.core.schema_base import NOTE_COLUMN as _NOTE
from denocompare.core.schema_base import PRODUCT_COLUMN as _PRODUCT
from denocompare.core.schema_base import SOURCE_COLUMN as _SOURCE
from denocompare.core.schema_base import (  # noqa: F401  (re-exported)
    Column,
    Table,
)
from denocompare.core.schema_studies import (  # noqa: F401  (re-exported)
    STUDIES,
    STUDY_MARGINS,
    STUDY_RESULTS,
)
from denocompare.core.vocabulary import (  # noqa: F401  (re-exported)
    ALL_INDICATIONS,
    ATTRIBUTES,
    CHOICE,
    CI_SIDES,
    DATE,
    DATE_KIND_OF,
    DATE_KINDS,
    DECLARED_AFTER,
    DECLARED_KINDS,
    FREQUENCY_BAND_LIMITS,
    FREQUENCY_BANDS,
    ID,
    IDS,
    INDICATION_BASIS,
    INDICATION_STATUS,
    INTEGER,
    INTERCHANGEABILITY,
    MARKET_STATUS,
    MEASURES,
    NO_LICENCE_STATUSES,
    NUMBER,
    PROXY_DATE_KINDS,
    REGIONS,
    REGULATORS,
    REGULATORY_STATUS,
    ROLES,
    SOURCE_KIND_ALIASES,
    SOURCE_KIND_HELP,
    SOURCE_KINDS,
    SOURCE_STRENGTH,
    STATUS_VALUES,
    STRUCTURED,
    STUDY_STATUS,
    SYSTEM_ORGAN_CLASSES,
    TEXT,
    WEAK_SOURCE_KINDS,
    Structured,
)

#: Loader limits: a file larger than this is refused before reading (a 1M-row table is
#: about 74 MB; reading 200 MB would need about 2 GB of memory), and no cell may be
#: longer than this.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Where a pharmacist reads the data format: messages point here, never to a file of
#: the source repository.
FORMAT_HELP = "Help > Data format (F1) and by 'denocompare schema'"
MAX_CELL_CHARS = 5000
#: Workbook limits. A workbook is read cell by cell (about 100 bytes a cell, and several
#: µs: BENCHMARKS.md): 2,000,000 cells (115,000 rows of the widest table) take about
#: 220 MB. A million-row workbook (17 million cells) took 72 s and 1.1 GB, and one whose parts
#: unpacked to 1 GB, 254 s and 3.7 GB; both are now refused at once. Such tables belong
#: in CSV files, which load a million rows in about a second.
MAX_WORKBOOK_CELLS = 2_000_000
#: ... and a workbook whose parts unpack to more than this is refused before reading:
#: XLSX compresses about tenfold, so this bounds the work however small the file.
MAX_UNPACKED_BYTES = 160 * 1024 * 1024

#: Values that a pharmacist might type to mean "nothing here"; read as empty.
EMPTY_MARKERS = ("", "n/a", "na", "nr", "-", "--", "none", "not reported", "null", "nan")


#: Metadata keys of a copy DenoCompare wrote: what it was made from (``core.audit``).
DERIVED_KEYS = ("derived_from", "derived_from_sha256", "derived_at", "derived_with")


METADATA = Table(
    "metadata",
    "Key/value facts about the dataset itself: its name, version and date.",
    (
        Column("key", CHOICE, "What the value is.", required=True,
               allowed=("name", "version", "date", "description", "maintainer",
                        "molecule", "start_reference", "start_comparators",
                        *DERIVED_KEYS)),
        Column("value", TEXT, "The value.", required=True),
    ),
    key=("key",),
    notes=("Keys `name`, `version` and `date` are required.",
           "Optional `molecule` (the INN, e.g. ustekinumab) names the dataset's medicine in "
           "the window's title, the About box and the report.",
           "Optional `start_reference` and `start_comparators` (product ids separated by "
           "`;`) name the comparison the window opens with the first time; without them "
           "it is the first originator and all of its biosimilars.",
           "A copy DenoCompare writes (File > Save dataset as workbook, an import) records "
           "what it was made from: `derived_from` (the dataset's name, and whether it was "
           "the bundled release), `derived_from_sha256` (its content hash), `derived_at` "
           "and `derived_with` (the DenoCompare version).",),
    needs_rows="the table has no rows; it needs the dataset's name, version and date",
)

SOURCES = Table(
    "sources",
    "Every document the dataset cites. Every other row names one or more of these.",
    (
        Column("source_id", ID, "Short citation id, e.g. S4.", required=True),
        Column("title", TEXT, "Title of the document or page.", required=True),
        Column("publisher", TEXT, "Issuer or publisher.", required=True),
        Column("document_number", TEXT, "Document or procedure number, DOI, PMID."),
        Column("date", DATE, "Date of the document, where it states one."),
        Column("url", TEXT, "Address (URL) of the copy that was read.", required=True),
        Column("kind", CHOICE, "How strong the source is (the copy that was read).",
               required=True, allowed=SOURCE_KINDS,
               aliases=tuple(SOURCE_KIND_ALIASES.items())),
        _NOTE,
    ),
    key=("source_id",),
    notes=("Kinds, strongest first: " + "; ".join(f"*{k}*: {v}" for k, v in
                                                  SOURCE_KIND_HELP.items()) + ".",
           "A value whose every source is a secondary copy or of low quality is marked as "
           "such in the window, the charts' footers and the report.",
           "Kinds of earlier versions are still read: " + "; ".join(
               f"'{a}' as '{b}'" for a, b in SOURCE_KIND_ALIASES.items()) + "."),
    needs_rows="the table has no rows; every fact must cite a source, so at least one "
               "source is needed",
)

PRODUCTS = Table(
    "products",
    "One row per product (one strength of one brand, with its EU and US names).",
    (
        Column("product_id", ID, "Short unique id, lower case, e.g. stelara.", required=True),
        Column("name_eu", TEXT, "Brand name in the EU (empty if not authorised there)."),
        Column("name_us", TEXT, "Brand name in the US (empty if not approved there)."),
        Column("inn", TEXT, "International non-proprietary name.", required=True),
        Column("strength_mg", NUMBER, "Amount of active substance per unit (empty where "
               "no source states it).", unit="mg", minimum=0.0),
        Column("volume_ml", NUMBER, "Volume per unit.", unit="mL", minimum=0.0),
        Column("role", CHOICE, "Originator or biosimilar.", required=True, allowed=ROLES),
        Column("reference_product_id", ID, "For a biosimilar, the originator it was "
               "compared with; empty for an originator.", refers_to="products.product_id"),
        _SOURCE,
        _NOTE,
    ),
    key=("product_id",),
    notes=("A product needs `name_eu` or `name_us`.",
           "A biosimilar needs a `reference_product_id` naming an originator."),
    needs_rows="the table has no rows; at least one product is needed",
)

ATTRIBUTE_LABELS = Table(
    "attribute_labels",
    "The dataset's own product attributes, beside the core ones every dataset may use "
    "(listed under `attributes`): a warning of the molecule's label, a supplementation.",
    (
        Column("attribute", ID, "The name `attributes` rows use, e.g. warning_infections.",
               required=True),
        Column("label", TEXT, "The attribute as a row of the Products table shows it.",
               required=True),
        Column("kind", CHOICE, "What its values are; empty means text.",
               allowed=DECLARED_KINDS),
        Column("compared", CHOICE, "'yes': a biosimilar whose value differs from the "
               "reference's is highlighted as differing (a warning, a dose); 'no': shown "
               "only (a code, a date).", required=True, allowed=("yes", "no")),
        _NOTE,
    ),
    key=("attribute",),
    optional=True,
    notes=("A core attribute is not declared again, and each label is an attribute's own.",
           f"The dataset's own attributes are shown after `{DECLARED_AFTER}`, in this "
           "table's order. A date attribute's value is checked as a date.",
           "Without this table (a dataset made for an earlier version) the attribute names "
           "earlier versions knew are still read, with the labels they had then; copy the "
           "table from the bundled dataset of the same molecule to migrate."),
)

ATTRIBUTES_TABLE = Table(
    "attributes",
    "Product facts in long form: one row per product, region and attribute, each with "
    "its own source. Where sources disagree, keep one row per source and mark the one "
    "the app should show first as preferred.",
    (
        _PRODUCT,
        Column("region", CHOICE, "Where the fact applies; 'all' if not region-specific.",
               required=True, allowed=(*REGIONS, "all")),
        Column("attribute", CHOICE, "Which fact: a core attribute, or one the dataset "
               "declares in `attribute_labels`.", required=True, allowed=tuple(ATTRIBUTES),
               allowed_text=f"a core attribute, listed in {FORMAT_HELP}, or one "
                            "declared in attribute_labels"),
        Column("value", TEXT, "The fact, as the source gives it (dates as YYYY-MM-DD).",
               required=True),
        Column("preferred", CHOICE, "When sources disagree: 'yes' on the row to show first "
               "(the official source). Empty means yes.", allowed=("yes", "no")),
        Column("date_kind", CHOICE, "What the row's date is: the value of a date "
               "attribute, or `as_of` of a status. Empty: the event the attribute is named "
               "for.", allowed=DATE_KINDS),
        Column("as_of", DATE, "For a status: the date the source reports it on (e.g. "
               "'not launched' as of 2025-10-29)."),
        Column("value_number", NUMBER, "Structured value: the number (60 for '60 mg')."),
        Column("value_unit", TEXT, "Structured value: the unit of `value_number` (see the "
               "list below)."),
        Column("value_code", TEXT, "Structured value: a canonical word (e.g. "
               "'pre-filled syringe', 'yes')."),
        _SOURCE,
        _NOTE,
    ),
    notes=("`attribute` names: a dataset's own, declared in `attribute_labels`, and the "
           "core ones: " + ", ".join(f"`{k}` ({v[0]})" for k, v in ATTRIBUTES.items()),
           *(f"`{a}` takes: " + ", ".join(v) + "." for a, v in STATUS_VALUES.items()),
           "Date attributes take a date as in the `date` type. `date_kind` says what the "
           "date is: " + ", ".join(DATE_KINDS) + ". A date attribute takes its own kind ("
           + "; ".join(f"`{a}`: {k}" for a, k in DATE_KIND_OF.items()) + ") or "
           "'announcement' (the day a company or news announced it) or 'publication' (the "
           "day a report of it was published); the app shows those two as 'announced "
           "<date>; <event> date not in source', never as the event.",
           "Status attributes take `as_of` (the date of the statement) with a `date_kind`.",
           "The structured columns `value_number`, `value_unit` and `value_code` are "
           "optional. Where both products of a comparison have them, the difference is "
           "computed on them and a difference of wording alone is shown as 'same, worded "
           "differently'; without them the wording is compared. They take: "
           + "; ".join(f"`{a}`: {st.what}"
                       + (" (unit " + " or ".join(st.units) + ")" if st.units else "")
                       + (" (code " + " / ".join(st.codes) + ")" if st.codes else "")
                       for a, st in STRUCTURED.items()) + ".",
           "The number must agree with the wording where the wording states it: '60 mg' "
           "and 60, 'every 6 months' and 6."),
)

INDICATION_CODES = Table(
    "indication_codes",
    "The canonical indications of the dataset's molecule: the rows of the indication "
    "matrix, in this order, with the label the window and the report show.",
    (
        Column("indication", ID, "Short code, e.g. uc.", required=True),
        Column("label", TEXT, "The indication as a row of the matrix shows it, e.g. "
               "'Ulcerative colitis'.", required=True),
        _NOTE,
    ),
    key=("indication",),
    optional=True,
    notes=("Without this table (a dataset of an earlier format) the matrix shows each code "
           "found in `indications` as its own label: copy the table from a bundled "
           "dataset of the same molecule to migrate.",),
)

INDICATIONS_TABLE = Table(
    "indications",
    "Authorised indications per product and region, on canonical codes so that rows "
    "line up across products. A product/region/indication without a row is shown as "
    "'not reported in source'.",
    (
        _PRODUCT,
        Column("region", CHOICE, "EU or US.", required=True, allowed=REGIONS),
        Column("indication", ID, "Canonical indication code.", required=True,
               refers_to="indication_codes.indication"),
        Column("status", CHOICE, "'not authorised' only where the source gives the full "
               "list of indications and this one is absent; 'CHMP positive opinion' where "
               "the CHMP recommended it and no EC decision was found.", required=True,
               allowed=INDICATION_STATUS),
        Column("wording", TEXT, "The label's wording, verbatim (required when authorised "
               "or recommended)."),
        Column("basis", CHOICE, "What the row rests on: empty or 'product wording' where "
               "the product's own indication was read; 'all-indications statement' where the "
               "source says only 'all indications of the reference product' (the code is "
               "taken from the reference's rows, and the app says so).",
               allowed=INDICATION_BASIS),
        _SOURCE,
        _NOTE,
    ),
    key=("product_id", "region", "indication"),
    notes=("Indication codes are the dataset's own, listed in `indication_codes`.",
           "A product whose `us_status` / `eu_status` is one of " + ", ".join(
               NO_LICENCE_STATUSES) + " has no licence in that region and no indication "
           "rows there; the matrix shows 'no US licence as of <date>, per <source>'."),
)

ADVERSE_REACTIONS = Table(
    "adverse_reactions",
    "Adverse reactions: an EU frequency band, and/or the incidence in the product arm "
    "and a comparator arm of a trial.",
    (
        _PRODUCT,
        Column("region", CHOICE, "Whose label or document reports it.", required=True,
               allowed=REGIONS),
        Column("reaction", TEXT, "Reaction, as a canonical term shared across products "
               "(e.g. 'Pain in extremity').", required=True),
        Column("system_organ_class", CHOICE, "MedDRA system organ class.",
               allowed=SYSTEM_ORGAN_CLASSES),
        Column("frequency_band", CHOICE, "EU frequency band.", allowed=FREQUENCY_BANDS),
        Column("product_events", INTEGER, "Patients with the reaction in the product arm.",
               minimum=0),
        Column("product_arm_n", INTEGER, "Patients in the product arm.", minimum=1),
        Column("product_pct", NUMBER, "Incidence in the product arm.", unit="%",
               minimum=0, maximum=100),
        Column("comparator", TEXT, "The comparator arm, e.g. 'placebo' or a product id."),
        Column("comparator_events", INTEGER, "Patients with the reaction in the "
               "comparator arm.", minimum=0),
        Column("comparator_arm_n", INTEGER, "Patients in the comparator arm.", minimum=1),
        Column("comparator_pct", NUMBER, "Incidence in the comparator arm.", unit="%",
               minimum=0, maximum=100),
        Column("study", TEXT, "The trial the percentages come from (e.g. FREEDOM)."),
        Column("population", TEXT, "Who was studied or treated."),
        Column("wording", TEXT, "The source's wording, verbatim."),
        _SOURCE,
        _NOTE,
    ),
    notes=("Each row needs `frequency_band` or `product_pct`.",
           "Frequency bands: " + "; ".join(f"{k} ({v})" for k, v in
                                           FREQUENCY_BAND_LIMITS.items()) + "."),
)

#: All tables, in the order the docs, the workbook and the loader use.
TABLES: tuple[Table, ...] = (
    METADATA, SOURCES, PRODUCTS, ATTRIBUTE_LABELS, ATTRIBUTES_TABLE, INDICATION_CODES,
    INDICATIONS_TABLE, ADVERSE_REACTIONS, STUDIES, STUDY_RESULTS, STUDY_MARGINS,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
