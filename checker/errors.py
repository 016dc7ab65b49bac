"""Errors that describe a bad input file rather than a bug in the checker.

Each carries a stable machine-readable ``code`` (reported in JSON and SARIF, matched by
tests and by audits that retry failures) and a one-line human ``message`` that never
contains contract text.
"""

from __future__ import annotations


class InputError(Exception):
    """A file the checker refuses or cannot read; the batch goes on without it."""

    code = "unreadable"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class EmptyFileError(InputError):
    code = "empty_file"


class FileTooLargeError(InputError):
    code = "file_too_large"


class UnsupportedFormatError(InputError):
    code = "unsupported_format"


class CorruptFileError(InputError):
    code = "corrupt_file"


class EncryptedFileError(InputError):
    code = "encrypted"


class NoTextLayerError(InputError):
    code = "no_text_layer"


class ZipBombError(InputError):
    code = "zip_bomb"


class UnsafeXmlError(InputError):
    code = "unsafe_xml"


class ParseTimeoutError(InputError):
    code = "timeout"


class ResourceLimitError(InputError):
    code = "memory_limit"


class NotFoundError(InputError):
    code = "not_found"


class TooManyPagesError(InputError):
    code = "too_many_pages"
