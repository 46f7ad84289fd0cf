"""What each Budget input means, said on hover (tooltips) and read by a screen reader.

Kept apart from the panel: the words are the committee's, the layout is the panel's.
"""

from __future__ import annotations

#: The form's inputs, by the panel's attribute name.
FORM_TIPS = {
    "existing": "Patients treated with the reference product now (who could switch)",
    "new": "Patients starting treatment each year (who could start on a biosimilar)",
    "doses": "Doses one patient receives in a year; 'From dataset' takes it from the "
             "reference's dosing interval where the dataset gives it as a number",
    "horizon": "Years the budget impact is computed over (1 to 5)",
    "switching": "A one-off cost for each patient switched to a biosimilar (e.g. an extra "
                 "visit), in the currency below; 0 if none",
    "sensitivity": "How far each input is varied, up and down, in the sensitivity "
                   "(tornado) chart",
    "currency": "The currency of every price (a code such as EUR, GBP or USD)",
    "preset": "Share of patients on biosimilars by year: a preset, or Custom to type the "
              "shares in the Uptake table",
    "illustrative": "Tick when the prices are examples, not real ones: every table and "
                    "chart is then marked 'illustrative prices'",
    "read_button": "Read every input from an inputs sheet (CSV or XLSX: field, product, "
                   "year, value), as 'denocompare budget --inputs' does",
    "from_dataset": "Doses per year from the reference's dosing interval in the dataset, "
                    "with its source",
}

#: The prices table's columns, by their heading.
PRICE_TIPS = {
    "Price per dose": "Price of one dose, before discount; leave it empty to use Pack "
                      "price ÷ Doses per pack. A biosimilar with no price is left out",
    "Pack price": "Price of one pack (used when Price per dose is empty)",
    "Doses per pack": "Doses in one pack (with Pack price)",
    "Price type": "Where the price comes from: list, contract, tender or ASP-based",
    "Discount %": "A confidential discount off the price, in % (0–100)",
    "Reimbursement per dose": "What the hospital gets back per dose (e.g. ASP + 6 % in the "
                              "US), subtracted from its cost",
}

UPTAKE_TIP = ("Per biosimilar and year: % of new patients started on it, and % of "
              "existing patients switched to it (cumulative). Editable with the Custom "
              "preset")
