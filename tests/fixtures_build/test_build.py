"""`python -m fixtures.build` must reproduce the committed fixtures byte for byte."""

import filecmp
import subprocess
import sys
from pathlib import Path


def test_rebuilding_the_fixtures_reproduces_the_committed_files(
    tmp_path: Path, contracts_dir: Path, bad_dir: Path
) -> None:
    repo = contracts_dir.parent.parent
    subprocess.run(
        [sys.executable, "-m", "fixtures.build", "--output", str(tmp_path)],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    for committed, rebuilt in ((contracts_dir, tmp_path / "contracts"), (bad_dir, tmp_path / "bad")):
        names = sorted(path.name for path in committed.iterdir())
        assert names == sorted(path.name for path in rebuilt.iterdir())
        _, mismatch, errors = filecmp.cmpfiles(committed, rebuilt, names, shallow=False)
        assert not mismatch and not errors, (
            f"rebuild differs: {mismatch} {errors}; run python -m fixtures.build"
        )
