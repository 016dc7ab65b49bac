from pathlib import Path

import pytest

from checker.audit.sources import AuditItem, SourceError, collect_audit_items, is_url, read_manifest


def _contracts(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "alpha.txt", folder / "nested" / "beta.md", folder / "gamma.pdf"]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("1. Services. The Supplier shall provide the Services.\n", encoding="utf-8")
    (folder / "notes.xyz").write_text("not a contract", encoding="utf-8")
    return paths


def test_folders_and_globs_are_walked_once_each(tmp_path: Path) -> None:
    alpha, beta, gamma = _contracts(tmp_path / "repo")
    items = collect_audit_items([str(tmp_path / "repo"), str(tmp_path / "repo" / "*.txt")])
    assert [Path(item.path) for item in items] == [alpha, gamma, beta]
    recursive = collect_audit_items([str(tmp_path / "repo" / "**" / "*.md")])
    assert [Path(item.path) for item in recursive] == [beta]


def test_manifest_paths_are_relative_to_the_manifest_and_keep_metadata(tmp_path: Path) -> None:
    alpha, beta, _ = _contracts(tmp_path / "repo")
    manifest = tmp_path / "repo" / "manifest.csv"
    manifest.write_text(
        "path,counterparty,contract_type,owner,signed_date,region\n"
        "alpha.txt,Acme Hosting Ltd,outsourcing,Legal Ops,2021-03-01,EMEA\n"
        "nested/beta.md,Blue Cloud Inc,saas,,,\n"
        ",ignored,,,,\n",
        encoding="utf-8",
    )
    items = collect_audit_items([str(manifest)])
    assert items == [
        AuditItem(
            str(alpha),
            {
                "counterparty": "Acme Hosting Ltd",
                "contract_type": "outsourcing",
                "owner": "Legal Ops",
                "signed_date": "2021-03-01",
                "region": "EMEA",
            },
        ),
        AuditItem(str(beta), {"counterparty": "Blue Cloud Inc", "contract_type": "saas"}),
    ]


def test_manifest_without_path_column_is_a_clear_error(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,counterparty\na.txt,Acme\n", encoding="utf-8")
    with pytest.raises(SourceError, match="needs a 'path' column"):
        read_manifest(manifest)


def test_urls_are_kept_for_fsspec() -> None:
    assert is_url("s3://bucket/contract.pdf") and not is_url("/tmp/contract.pdf")
    assert collect_audit_items(["memory://contracts/a.txt"]) == [AuditItem("memory://contracts/a.txt")]


def test_a_missing_source_is_an_error_not_a_failed_contract(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        collect_audit_items([str(tmp_path / "typo")])
