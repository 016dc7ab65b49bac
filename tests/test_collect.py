import os
from pathlib import Path

from checker.collect import collect_inputs


def test_folders_recurse_into_contract_files_skipping_hidden_ones(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-")
    (tmp_path / "notes.png").write_bytes(b"x")
    (tmp_path / "old.doc").write_bytes(b"x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "b.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.MD").write_text("x")
    found = [Path(path).relative_to(tmp_path).as_posix() for path in collect_inputs([str(tmp_path)])]
    assert found == ["a.pdf", "old.doc", "sub/c.MD"]


def test_symlink_loops_are_not_followed_forever(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    found = collect_inputs([str(tmp_path)])
    assert len(found) == 1


def test_explicit_files_are_kept_whatever_their_name_and_missing_ones_reported(tmp_path: Path) -> None:
    odd = tmp_path / "contract.bin"
    odd.write_text("x")
    assert collect_inputs([str(odd), str(tmp_path / "missing.pdf"), str(odd)]) == [
        str(odd),
        str(tmp_path / "missing.pdf"),
    ]


def test_group_bundles_by_folder_and_glob(tmp_path: Path) -> None:
    from checker.collect import Bundle, group_bundles

    files = [
        str(tmp_path / name) for name in ("a.txt", "acme/msa.docx", "acme/sla.pdf", "b.txt", "dpa-acme.md")
    ]
    items = group_bundles(files, {"acme": ["acme/", "dpa-acme.*"]}, tmp_path)
    assert items == [
        files[0],
        Bundle("acme", (files[1], files[2], files[4])),
        files[3],
    ]
