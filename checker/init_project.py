"""``contract-checker init``: start a contract repository with a configuration and a waivers file.

The starter files are commented so the person who adopts the checker — often a lawyer, not
an engineer — can see every choice without reading the documentation first.
"""

from __future__ import annotations

from pathlib import Path

from checker.config import CONFIG_FILE, WAIVERS_FILE

STARTER_CONFIG = """\
# contract-checker configuration. Command-line options override these settings.
# `contract-checker rules list` shows the rules; `contract-checker explain RULE-ID` documents one.

# Playbook: outsourcing (default), saas, data-processing or offshore.
profile = "outsourcing"

# The lowest severity that fails the check (exit 1): error, warning, info or never.
fail-on = "error"

# Drafting checks for drafts before signature: placeholders, notes and review marks left in,
# broken cross-references, defined terms, party names, numbering, words against figures.
extend-select = ["drafting"]

# Leave rules out, by id (SLA-003), prefix (SLA), area (data_protection) or tag.
ignore = []

# Your own rule packs, relative to this file.
rule-paths = []

# Accepted deviations, each with a reason, an approver and an expiry date.
waivers = "{waivers}"

# Raise or lower a rule's severity:
# [severity]
# "SLA-003" = "error"

# Documents that form one agreement are checked together:
# [bundles]
# acme = ["contracts/acme/"]
"""

STARTER_WAIVERS = """\
# Accepted deviations from the playbook. Each waiver suppresses one rule for the documents
# whose path matches the glob, until it expires; an expired or unused waiver is reported.
waivers: []
# - path: "contracts/acme/*.docx"
#   rule: SLA-001
#   reason: Staff augmentation only; no service levels apply
#   approved_by: Head of Legal
#   expires: 2027-12-31
"""


class InitError(ValueError):
    """A starter file already exists and ``force`` was not given."""


def init_project(folder: Path, force: bool = False) -> list[Path]:
    """Write the starter files into ``folder``; refuses to overwrite unless ``force``."""
    files = {
        folder / CONFIG_FILE: STARTER_CONFIG.format(waivers=WAIVERS_FILE),
        folder / WAIVERS_FILE: STARTER_WAIVERS,
    }
    existing = [path for path in files if path.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise InitError(f"{names} already exists; use --force to overwrite")
    folder.mkdir(parents=True, exist_ok=True)
    for path, content in files.items():
        path.write_text(content, encoding="utf-8")
    return list(files)
