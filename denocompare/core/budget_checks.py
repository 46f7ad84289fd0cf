"""The rules that make budget inputs unusable: every one found at once, by field.

The window, the inputs sheet and the saved comparison all go through ``check``;
nothing is computed from inputs it has a word to say about.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from denocompare.core.budget import MAX_HORIZON, PRESETS, PRICE_TYPES, BudgetInputs, ProductPrice

#: Shares are percentages; a sum may exceed 100 by rounding only.
_TOLERANCE = 1e-9

#: A problem's key: (field, product id or '', year or 0), as the inputs sheet names it.
Key = tuple[str, str, int]


def check(inputs: BudgetInputs, products: Sequence[str] | None = None
          ) -> list[tuple[Key, str]]:
    """Every rule the inputs break, at once: ``[(key, message), ...]``.

    ``products``: the products of the comparison (the reference first); a budget
    product outside it is refused. Nothing may be computed unless this is empty.
    A price of 0 is allowed (a free supply, or a 100 % discount); a negative one is not.
    """
    out: list[tuple[Key, str]] = []
    if products is not None:
        if products and inputs.reference != products[0]:
            out.append((("reference", "", 0), f"'{inputs.reference}' is not the reference "
                        f"of the comparison ('{products[0]}')"))
        out += [(("price_per_dose", p, 0), f"'{p}' is not in the comparison "
                 f"({', '.join(products)})") for p in inputs.products if p not in products]
    if inputs.price_of(inputs.reference) is None:
        out.append((("price_per_dose", inputs.reference, 0),
                    "the reference needs a price (status quo cost)"))
    if not inputs.biosimilars:
        out.append((("price_per_dose", "", 0), "no biosimilar has a price"))
    for price in inputs.prices:
        out += _price_problems(price)
    currencies = sorted({p.currency for p in inputs.prices if p.currency})
    if len(currencies) > 1:
        out.append((("currency", "", 0), f"currencies are mixed ({', '.join(currencies)}); "
                    "enter every price in one currency"))
    out += _number_problems(inputs)
    if inputs.preset not in ("custom", *PRESETS):
        out.append((("uptake_preset", "", 0), f"'{inputs.preset}' is not a preset (use "
                    f"{', '.join(('custom', *PRESETS))})"))
    elif inputs.preset == "custom" and 1 <= inputs.horizon <= MAX_HORIZON:
        out += _share_problems(inputs)
    return out


def _price_problems(price: ProductPrice) -> list[tuple[Key, str]]:
    pid, out = price.product_id, []
    per_dose, pack = price.price_per_dose, price.pack_price
    if per_dose is None and pack is None:
        out.append((("price_per_dose", pid, 0), "missing: give a price per dose, or a "
                    "pack price with doses per pack"))
    elif per_dose is not None and pack is not None:
        out.append((("pack_price", pid, 0), "give a price per dose or a pack price, not "
                    "both"))
    for name, value in (("price_per_dose", per_dose), ("pack_price", pack),
                        ("reimbursement_per_dose", price.reimbursement_per_dose)):
        if value is not None and not value >= 0:
            out.append(((name, pid, 0), f"must not be negative (is {value:g})"))
    if pack is not None and not (price.doses_per_pack or 0) > 0:
        out.append((("doses_per_pack", pid, 0), "a pack price needs the doses per pack "
                    "(more than 0)"))
    if not 0 <= price.discount_pct <= 100:
        out.append((("discount_percent", pid, 0), f"must be 0 to 100 (is "
                    f"{price.discount_pct:g})"))
    if not price.currency:
        out.append((("currency", pid, 0), "missing: name the currency (e.g. EUR)"))
    if price.price_type not in PRICE_TYPES:
        out.append((("price_type", pid, 0), f"'{price.price_type}' is not a price type "
                    f"(use {', '.join(PRICE_TYPES)})"))
    return out


def _number_problems(inputs: BudgetInputs) -> list[tuple[Key, str]]:
    out: list[tuple[Key, str]] = []
    for name, value in (("existing_patients", inputs.existing_patients),
                        ("new_patients_per_year", inputs.new_patients_per_year),
                        ("switching_cost_per_patient", inputs.switching_cost)):
        if not value >= 0:
            out.append(((name, "", 0), f"must not be negative (is {value:g})"))
    if not inputs.doses_per_year > 0:
        out.append((("doses_per_patient_per_year", "", 0),
                    f"must be more than 0 (is {inputs.doses_per_year:g})"))
    if not 1 <= inputs.horizon <= MAX_HORIZON:
        out.append((("horizon_years", "", 0), f"must be 1 to {MAX_HORIZON} years (is "
                    f"{inputs.horizon})"))
    if not 0 < inputs.sensitivity_pct <= 100:
        out.append((("sensitivity_percent", "", 0), "must be more than 0 and at most 100 "
                    f"(is {inputs.sensitivity_pct:g})"))
    return out


def _share_problems(inputs: BudgetInputs) -> list[tuple[Key, str]]:
    out: list[tuple[Key, str]] = []
    names = inputs.biosimilars
    for up in inputs.uptake:
        if up.product_id not in names:
            out.append((("switched_share_percent", up.product_id, 0), "uptake of a product "
                        "with no price, or of the reference"))
        for name, values in (("new_share_percent", up.new_share),
                             ("switched_share_percent", up.switched_share)):
            out += [((name, up.product_id, y), f"must be 0 to 100 % (is {v:g})")
                    for y, v in enumerate(values, start=1) if not 0 <= v <= 100]
            if len(values) > inputs.horizon:
                out.append(((name, up.product_id, inputs.horizon + 1), "a year beyond the "
                            f"horizon ({inputs.horizon} years)"))
        # Named by the year whose share falls (the second of the two).
        out += [(("switched_share_percent", up.product_id, y), f"falls from {a:g} to "
                 f"{b:g} %: the share switched is cumulative") for y, (a, b) in
                enumerate(pairwise(up.switched_share), 2)
                if b < a]
    if out:
        return out
    new, switched = inputs.shares()
    for name, total in (("new_share_percent", new.sum(axis=0)),
                        ("switched_share_percent", switched.sum(axis=0))):
        out += [((name, "", y), f"the biosimilars' shares add up to {t * 100:g} % in year "
                 f"{y}, more than 100 %") for y, t in enumerate(total, start=1)
                if t > 1 + _TOLERANCE]
    return out
