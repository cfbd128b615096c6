"""Domain errors: each carries the offending value and says what the user can do about it.

The CLI prints ``str(error)`` on one line and exits non-zero, so messages must stand alone.
"""

from __future__ import annotations


class RagError(Exception):
    """Base of every error a user can cause or fix."""

    exit_code = 1


class SettingsError(RagError):
    """A setting has an invalid value."""

    exit_code = 2


class CorpusError(RagError):
    """The corpus folder is missing, unreadable or holds nothing indexable."""


class IndexMissingError(RagError):
    """No index has been built yet at the given place."""


class IndexDatabaseError(RagError):
    """The database that holds the index cannot be used: unreachable (server down, wrong host or
    database, login refused), read-only where rag must write, or without the ``vector`` extension
    and no right to create it. Not a missing index: nothing is built in its place."""


class IndexMismatchError(RagError):
    """The index was built with other settings (embedder, chunking, format)."""

    def __init__(self, message: str, differences: str = "") -> None:
        super().__init__(message)
        self.differences = differences or message  # which settings differ: "embedder='use' (now 'hashing')"


class IndexCorruptError(RagError):
    """An index file is missing, truncated or altered since it was written."""


class IndexBusyError(RagError):
    """Another process is writing the index."""


class EmbedderError(RagError):
    """The embedding model cannot be loaded."""


class DocumentError(RagError):
    """One document cannot be read; indexing skips it and reports the reason."""


class UnknownDocumentError(RagError):
    """No indexed document has the given name (removing a document, say)."""


class EvalFileError(RagError):
    """An evaluation file is missing or not in the expected format."""


class LLMError(RagError):
    """The configured LLM cannot be reached, timed out or failed; answers fall back to extraction."""


def index_folder_is_a_file(path: object) -> SettingsError:
    """The error for an index folder (``--index``, ``RAG_INDEX_DIR``) that names a file."""
    return SettingsError(f"the index folder {path} is a file; give a folder (--index DIR)")
