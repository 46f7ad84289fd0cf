"""The dataset's vocabularies: column kinds, regions, statuses, date kinds, source
strengths, indications, attributes and their structured values.

``denocompare.core.schema`` re-exports every name here; read them from there. They are
kept apart only to keep each module short.
"""

from __future__ import annotations

from dataclasses import dataclass

# Column kinds. "date" accepts a full ISO date or a partial one (YYYY or YYYY-MM),
# because several sources give only a month ("EC approval July 2025").
TEXT = "text"
INTEGER = "integer"
NUMBER = "number"
DATE = "date"
CHOICE = "choice"
ID = "id"
IDS = "id list"

REGIONS = ("EU", "US")
ROLES = ("originator", "biosimilar")
INTERCHANGEABILITY = ("yes", "provisional", "no", "not stated")
FREQUENCY_BANDS = ("very common", "common", "uncommon", "rare", "very rare", "not known")
#: EU SmPC convention (Guideline on summary of product characteristics, 2009).
FREQUENCY_BAND_LIMITS = {
    "very common": ">= 1/10",
    "common": ">= 1/100 to < 1/10",
    "uncommon": ">= 1/1,000 to < 1/100",
    "rare": ">= 1/10,000 to < 1/1,000",
    "very rare": "< 1/10,000",
    "not known": "cannot be estimated from the available data",
}
#: What a date is. A source often gives the day a company *announced* an approval, or
#: the day a report was *published*, not the decision itself: those are kept as such and
#: never shown as the decision ("announced 2025-11-24; EC decision date not in source").
DATE_KINDS = ("EC decision", "CHMP opinion", "FDA approval", "interchangeability effective",
              "launch", "announcement", "publication")
#: The kind a date attribute's value has when its row names none (a user's dataset
#: without ``date_kind``): the event the attribute is named for.
DATE_KIND_OF = {
    "eu_authorisation_date": "EC decision",
    "eu_chmp_opinion_date": "CHMP opinion",
    "us_approval_date": "FDA approval",
    "us_interchangeability_date": "interchangeability effective",
    "eu_launch_date": "launch",
    "us_launch_date": "launch",
}
#: Kinds that stand in for the event itself: the event happened on or before this date.
PROXY_DATE_KINDS = ("announcement", "publication")
#: Regulatory standing of a product in a region (``eu_status`` / ``us_status``).
#: "no licence": a dated source lists every product licensed there and this one is not
#: among them (shown as "no US licence as of <as_of>, per <source>"). "suspended": the
#: authorisation stands but may not be used (EMA "Suspended"); its indications are not
#: shown as authorised while it lasts.
REGULATORY_STATUS = ("authorised", "CHMP positive opinion", "refused",
                     "complete response letter", "withdrawn", "suspended", "no licence",
                     "not reported")
#: Regional statuses under which a product holds no licence there: it has no indication
#: rows in that region, and its matrix column says so instead of "not reported".
NO_LICENCE_STATUSES = ("no licence", "complete response letter", "refused")
#: Market standing (``eu_market_status`` / ``us_market_status``), true as of ``as_of``.
#: "discontinued": launched once, no longer marketed (the Purple Book's "Disc").
MARKET_STATUS = ("launched", "not launched", "discontinued", "not reported")
#: Status of one indication. "CHMP positive opinion": the CHMP recommended it and no EC
#: decision was found, so it is not shown as authorised.
INDICATION_STATUS = ("authorised", "CHMP positive opinion", "not authorised", "refused",
                     "withdrawn")
#: What an indication row rests on (``basis``). Empty: the product's own wording was
#: read. "all-indications statement": the source says only that the product has all the
#: indications of its reference product; the code is taken from the reference's rows.
ALL_INDICATIONS = "all-indications statement"
INDICATION_BASIS = ("product wording", ALL_INDICATIONS)
#: How strong a source is, strongest first: the grade of the copy that was read. A
#: regulator's text reprinted by a news site is a secondary copy; a third-party copy of a
#: registry record is a secondary copy; AI-written summaries, stock-news and consumer
#: sites are low quality.
SOURCE_KINDS = (
    "regulator document or record",
    "trial registry",
    "peer-reviewed",
    "company release",
    "secondary copy",
    "low quality",
)
SOURCE_KIND_HELP = {
    "regulator document or record": "EMA, EC, FDA or openFDA document or record, read "
                                    "from the regulator's own copy",
    "trial registry": "ClinicalTrials.gov or EU Clinical Trials Register record, read from "
                      "the registry",
    "peer-reviewed": "journal article or conference abstract (or its PubMed record)",
    "company release": "the company's own release or website, or a verbatim reprint of it",
    "secondary copy": "a third party's copy, reprint or report: news, law-firm blogs, "
                      "copies of labels, leaflets or registry records",
    "low quality": "AI-generated summaries, stock-news or consumer sites; kept only where "
                   "nothing better was found",
}
#: How much weight each kind bears, as the About box and the report's source list say.
SOURCE_STRENGTH = {
    "regulator document or record": "official",
    "trial registry": "official",
    "peer-reviewed": "peer-reviewed",
    "company release": "the company's own statement",
    "secondary copy": "weak: secondary",
    "low quality": "weakest: low quality",
}
#: A value resting only on sources of these kinds is marked as such wherever it is shown.
WEAK_SOURCE_KINDS = ("secondary copy", "low quality")
#: Kinds of earlier versions of the format, still read (a user's dataset keeps opening).
SOURCE_KIND_ALIASES = {
    "regulator label": "regulator document or record",
    "regulator overview": "regulator document or record",
    "regulator record": "regulator document or record",
    "peer-reviewed publication": "peer-reviewed",
    "secondary report": "secondary copy",
}
#: What a study result is: a difference (biosimilar minus reference, drawn around 0) or a
#: ratio (biosimilar / reference, drawn on a log axis around 1).
MEASURES = ("difference", "ratio")
#: Which limits of a CI a result gives: both, or one (a one-sided test, e.g. of
#: non-inferiority, judged on that limit alone).
CI_SIDES = ("two-sided", "one-sided, lower", "one-sided, upper")
#: Whose margin a ``study_margins`` row is; "not stated" where the source gives a margin
#: per regulatory requirement without naming the regulator.
REGULATORS = ("EMA", "FDA", "other", "not stated")
#: Whether a comparative efficacy study was run (empty: performed).
STUDY_STATUS = ("performed", "waived", "not performed")

#: Product attributes every dataset may use in the long ``attributes`` table: name ->
#: (label, kind). They are general to biologics; a molecule's own (a warning of its
#: label, a supplementation) is declared by its dataset in ``attribute_labels``.
ATTRIBUTES: dict[str, tuple[str, str]] = {
    "company": ("Company / developer", TEXT),
    "marketing_authorisation_holder": ("Marketing-authorisation holder / applicant", TEXT),
    "development_code": ("Development code", TEXT),
    "eu_authorisation_date": ("EU authorisation", DATE),
    "eu_chmp_opinion_date": ("CHMP positive opinion", DATE),
    "eu_procedure_number": ("EU procedure number", TEXT),
    "us_approval_date": ("US approval", DATE),
    "us_application_number": ("US application (BLA)", TEXT),
    "us_nonproprietary_name": ("US non-proprietary name (suffix)", TEXT),
    "us_interchangeability": ("US interchangeability", CHOICE),
    "us_interchangeability_date": ("US interchangeability effective", DATE),
    "eu_status": ("EU regulatory status", CHOICE),
    "us_status": ("US regulatory status", CHOICE),
    "eu_market_status": ("EU market status", CHOICE),
    "us_market_status": ("US market status", CHOICE),
    "eu_launch_date": ("EU launch", DATE),
    "us_launch_date": ("US launch", DATE),
    "mechanism": ("How it works", TEXT),
    "presentation": ("Presentation", TEXT),
    "dose": ("Dose", TEXT),
    "route": ("Route", TEXT),
    "interval": ("Dosing interval", TEXT),
    "administered_by": ("Who administers", TEXT),
    "storage": ("Storage", TEXT),
    "room_temperature_allowance": ("Room-temperature allowance", TEXT),
    "excipients": ("Excipients", TEXT),
    "latex": ("Latex", TEXT),
    "contraindications": ("Contraindications", TEXT),
    "boxed_warning": ("Boxed warning (US)", TEXT),
    "rems": ("REMS (US)", TEXT),
    "shelf_life": ("Shelf life", TEXT),
    "us_ndc": ("US NDC", TEXT),
    "eu_pack_number": ("EU pack (EU/1/… number)", TEXT),
}

#: Kinds a dataset's own attribute may have (``attribute_labels.kind``).
DECLARED_KINDS = (TEXT, DATE)
#: Where a dataset's own attributes are shown among the core ones: after this one (the
#: last of the product's use and safety), in the order ``attribute_labels`` lists them.
DECLARED_AFTER = "rems"

#: Attributes that take a status word in ``value``, and the words they take.
STATUS_VALUES: dict[str, tuple[str, ...]] = {
    "us_interchangeability": INTERCHANGEABILITY,
    "eu_status": REGULATORY_STATUS,
    "us_status": REGULATORY_STATUS,
    "eu_market_status": MARKET_STATUS,
    "us_market_status": MARKET_STATUS,
}


@dataclass(frozen=True)
class Structured:
    """The structured value an attribute may carry beside its wording.

    ``units``: what ``value_unit`` may say (with ``value_number``); ``codes``: the
    closed vocabulary of ``value_code`` (empty: any short canonical text, compared
    ignoring case).
    """

    what: str
    units: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


#: Attributes a committee compares on their structured value; a difference in the
#: wording alone is shown as "same, worded differently".
STRUCTURED: dict[str, Structured] = {
    "dose": Structured("the dose per administration", units=("mg",)),
    "interval": Structured("the usual interval between doses", units=("months", "weeks")),
    "route": Structured("the route", codes=("subcutaneous", "intravenous")),
    "administered_by": Structured("who may give it", codes=(
        "healthcare professional", "trained person")),
    "presentation": Structured("the container (code) and the volume in it (number)",
                               units=("mL",), codes=("pre-filled syringe", "vial",
                                                     "autoinjector")),
    "latex": Structured("latex in the packaging", codes=("yes", "no", "not reported")),
    "excipients": Structured("excipients with a known effect, ';' between them (code), "
                             "and the amount of the first (number)",
                             units=("mg/mL", "mg per unit")),
    "storage": Structured("the storage temperature range (code, e.g. '2-8 °C')"),
    "room_temperature_allowance": Structured(
        "the days allowed out of the refrigerator (number) and the highest temperature "
        "(code, e.g. 'up to 25 °C')", units=("days",)),
    "shelf_life": Structured("the shelf life", units=("months",)),
    "us_ndc": Structured("the NDC product code (labeler-product)"),
    "eu_pack_number": Structured("the EU/1/… pack number"),
}

#: MedDRA system organ classes (the 27 SOCs), for the adverse-reaction filter.
SYSTEM_ORGAN_CLASSES = (
    "Infections and infestations",
    "Neoplasms benign, malignant and unspecified",
    "Blood and lymphatic system disorders",
    "Immune system disorders",
    "Endocrine disorders",
    "Metabolism and nutrition disorders",
    "Psychiatric disorders",
    "Nervous system disorders",
    "Eye disorders",
    "Ear and labyrinth disorders",
    "Cardiac disorders",
    "Vascular disorders",
    "Respiratory, thoracic and mediastinal disorders",
    "Gastrointestinal disorders",
    "Hepatobiliary disorders",
    "Skin and subcutaneous tissue disorders",
    "Musculoskeletal and connective tissue disorders",
    "Renal and urinary disorders",
    "Pregnancy, puerperium and perinatal conditions",
    "Reproductive system and breast disorders",
    "Congenital, familial and genetic disorders",
    "General disorders and administration site conditions",
    "Investigations",
    "Injury, poisoning and procedural complications",
    "Surgical and medical procedures",
    "Social circumstances",
    "Product issues",
)
