"""YAML reading for the checker's data files, through libyaml's C parser when it is available.

PyYAML's pure-Python parser takes over a second for the bundled rule packs, which a cold
``check`` would pay on every run; the C loader reads the same safe subset of YAML.
"""

from __future__ import annotations

from typing import Any

import yaml

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """Parse YAML with the safe loader (no arbitrary Python objects)."""
    return yaml.load(text, Loader=_SafeLoader)
