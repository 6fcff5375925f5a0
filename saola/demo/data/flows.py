"""The shared BPMN flow templates of the demo (files in saola/demo/flows/).

Lane names are platform role codes, so each user task says which role performs it inside
the dossier's unit. Exclusive gateways read one boolean process variable (see each file's
documentation element).
"""

from __future__ import annotations

FLOWS: list[dict[str, str]] = [
    {"code": "mot-cua-co-ban", "name": "Quy trình một cửa cơ bản", "file": "mot-cua-co-ban.bpmn"},
    {
        "code": "mot-cua-phe-duyet",
        "name": "Quy trình thẩm định, phê duyệt và phát hành",
        "file": "mot-cua-phe-duyet.bpmn",
    },
    {
        "code": "mot-cua-bo-sung",
        "name": "Quy trình có yêu cầu bổ sung, hoàn thiện hồ sơ",
        "file": "mot-cua-bo-sung.bpmn",
    },
]
