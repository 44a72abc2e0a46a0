"""A three-stage literacy pathway the core tests share (placement, wide score files)."""

from __future__ import annotations

from grouper.formats.validation import check_pathway

PATHWAY = check_pathway(
    {
        "id": "lit",
        "name": "Literacy",
        "stages": [
            {
                "id": "letters",
                "label": "Letters",
                "focus": "Letter names",
                "checks": [
                    {"id": "names", "label": "Letters named", "max": 54, "mastery": 50},
                    {"id": "sounds", "label": "Letter sounds", "max": 26, "mastery": 24},
                ],
            },
            {
                "id": "cvc",
                "label": "CVC",
                "focus": "Blend CVC words",
                "checks": [{"id": "cvc", "label": "CVC read", "max": 20, "mastery": 18}],
            },
            {
                "id": "digraphs",
                "label": "Digraphs",
                "focus": "sh ch th",
                "checks": [
                    {"id": "dig", "label": "Digraphs read", "max": 10, "mastery": 8},
                    {"id": "dig-spell", "label": "Digraphs spelled", "max": 10, "mastery": 8},
                ],
            },
        ],
    }
)
