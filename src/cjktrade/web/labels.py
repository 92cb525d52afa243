"""The words for the services' codes (statuses, regimes, roles, …), marked for the catalogues.

Templates show ``label(value, "table")``: the translated word, or the code itself when a service
adds a code this table does not know yet.
"""

from __future__ import annotations

from cjktrade.web.i18n import N_

TABLES: dict[str, dict[str, str]] = {
    "verdict": {
        "originating": N_("Originating"),
        "not-originating": N_("Not originating"),
        "undetermined": N_("Undetermined"),
        "rules-not-loaded": N_("Rules not loaded"),
        "not-in-force": N_("Not in force"),
        "none": N_("No agreement applies"),
    },
    "outcome": {
        "pass": N_("Met"),
        "fail": N_("Not met"),
        "undetermined": N_("Undetermined"),
        "info": N_("Note"),
    },
    "tariff_status": {
        "applies": N_("Applies"),
        "eligible": N_("Eligible with proof of origin"),
        "not-applied": N_("Not applied"),
        "no-preference": N_("No preference"),
        "not-in-force": N_("Not in force"),
        "unknown": N_("Unknown"),
        "needs-choice": N_("Needs a choice"),
        "info": N_("Note"),
    },
    "regime": {
        "general": N_("General rate"),
        "temporary": N_("Temporary rate"),
        "wto": N_("WTO rate"),
        "mfn": N_("MFN rate"),
        "gsp": N_("GSP preferential rate"),
        "ldc": N_("LDC preferential rate"),
        "preferential": N_("Preferential tariff rate"),
        "scenario": N_("Scenario (not law)"),
    },
    "hs_kind": {
        "chapter": N_("HS chapter"),
        "heading": N_("HS heading"),
        "subheading": N_("HS subheading"),
        "cn-line": N_("China tariff line"),
        "jp-line": N_("Japan tariff line"),
        "kr-line": N_("Korea tariff line"),
    },
    "document_type": {
        "rcep-certificate-of-origin": N_("RCEP certificate of origin"),
        "rcep-declaration-of-origin": N_("RCEP declaration of origin"),
        "cptpp-certification-of-origin": N_("CPTPP certification of origin"),
        "commercial-invoice": N_("Commercial invoice"),
    },
    "check": {
        "integrity": N_("Integrity (signature)"),
        "issuer": N_("Issuer and key"),
        "status": N_("Revocation status"),
        "validity": N_("Period of validity"),
        "schema": N_("Document format"),
    },
    "check_outcome": {"pass": N_("Passed"), "fail": N_("Failed"), "unknown": N_("Not checked")},
    "declarant_role": {
        "approved-exporter": N_("Approved exporter"),
        "exporter": N_("Exporter"),
        "producer": N_("Producer"),
    },
    "certifier_role": {"importer": N_("Importer"), "exporter": N_("Exporter"), "producer": N_("Producer")},
    "role": {"owner": N_("Owner"), "editor": N_("Editor"), "viewer": N_("Viewer")},
    "scope": {"read": N_("Read"), "write": N_("Write"), "admin": N_("Administer")},
    "material_status": {
        "originating": N_("Originating"),
        "non-originating": N_("Non-originating"),
        "unknown": N_("Unknown"),
    },
    "value_basis": {"cif": N_("CIF value"), "price-paid": N_("Price paid")},
    "packing": {
        "retail": N_("Retail packing (classified with the good)"),
        "transport": N_("Transport packing (disregarded)"),
    },
    "importer_type": {"business": N_("Business"), "individual": N_("Individual (personal use)")},
    "channel": {
        "general": N_("General trade"),
        "cbec": N_("Cross-border e-commerce (China)"),
        "postal": N_("Post or express"),
    },
    "step": {
        "value": N_("Value"),
        "customs_value": N_("Customs value"),
        "duty": N_("Customs duty"),
        "rounding": N_("Rounding"),
        "consumption_tax": N_("Consumption tax"),
        "vat": N_("VAT"),
        "excise": N_("Excise taxes (not modelled)"),
        "de_minimis": N_("De minimis"),
        "cbec": N_("Cross-border e-commerce (China)"),
    },
    "total": {
        "customs_value": N_("Customs value"),
        "duty": N_("Customs duty"),
        "landed_cost": N_("Landed cost"),
        "taxes": N_("Duty and taxes"),
    },
    "notice": {
        "saved": N_("Saved."),
        "deleted": N_("Deleted."),
        "signed-out": N_("You are signed out."),
        "welcome": N_("Your organisation is ready. Welcome!"),
        "revoked": N_("The API key is revoked."),
        "member-added": N_("The member is added."),
    },
}

# The indirect taxes of each importer: their names differ, and so must the words.
TAX_NAMES: dict[tuple[str, str], str] = {
    ("JP", "vat"): N_("Consumption tax (Japan)"),
    ("CN", "vat"): N_("Import VAT"),
    ("KR", "vat"): N_("VAT"),
    ("CN", "excise"): N_("Consumption tax (China)"),
}
EXCISE_NOT_MODELLED = N_("Excise taxes (not modelled)")
# The landed-cost steps named after a tax: China's consumption tax is the "excise" of its totals.
STEP_NAMES: dict[tuple[str, str], str] = {
    **TAX_NAMES,
    ("CN", "consumption_tax"): TAX_NAMES[("CN", "excise")],
    ("JP", "consumption_tax"): TAX_NAMES[("JP", "vat")],
}
IMPORTERS = ("CN", "JP", "KR")
INCOTERMS = ("CIF", "CIP", "CFR", "CPT", "EXW", "FCA", "FAS", "FOB")


def label(value: object, table: str) -> str:
    """The message id for ``value`` in ``table`` (translated by the template), else the value."""
    text = str(value) if value is not None else ""
    return TABLES[table].get(text, text)


def step_name(importer: str, step: str) -> str:
    return STEP_NAMES.get((importer, step), label(step, "step"))


def tax_name(importer: str, kind: str) -> str:
    if kind == "excise":
        return TAX_NAMES.get((importer, kind), EXCISE_NOT_MODELLED)
    return TAX_NAMES.get((importer, kind), TABLES["step"].get(kind, kind))
