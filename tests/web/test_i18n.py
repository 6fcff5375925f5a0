"""The English catalogue is complete: every message has a reviewed translation."""

import re
from pathlib import Path

import saola

PO = Path(saola.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        if msgid is None or (
            msgid.group(1) == "" and "msgid_plural" not in block and '\n"' not in block.split("msgstr")[0]
        ):
            continue
        yield block


def test_no_message_is_left_untranslated_or_fuzzy():
    problems = []
    for block in entries():
        if "#, fuzzy" in block or re.search(r"^#,.*\bfuzzy\b", block, re.M):
            problems.append(block)
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        if any(first == "" and not rest for first, rest in strs):
            problems.append(block)
    assert not problems, "\n\n".join(problems[:5])
