"""Compiled page templates kept between builds (编译好的模板): Jinja compiles every template it loads, and a
build that renders a few changed pages spends more on compiling MkDocs' theme and our page templates than on
rendering. Used by ``pages.environment`` and by the page cache's ``on_env`` for MkDocs' theme."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jinja2

from ..cache import digest, user_folder


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk, found by template name, file and the environment's syntax settings
    (Jinja itself keys them by name and file only, and checks the source's checksum and its own version)."""

    def __init__(self, folder: Path, signature: str) -> None:
        super().__init__(str(folder), "%s.jinja")
        self.signature = signature

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return digest("jinja", self.signature, name, filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:  # a damaged entry is reset by Jinja (magic, checksum, unmarshal errors): compiled afresh
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:  # a cache that cannot be written is no reason to fail a build
            super().dump_bytecode(bucket)
        except OSError:
            pass


def compiled(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """A cache of ``env``'s compiled templates in this user's cache folder (beside the caches' HMAC key, outside
    every repository and site), or None when that folder cannot be made. Compiling MkDocs' theme and our page
    templates costs more than rendering a few changed pages; the compiled code depends only on a template's
    source (checked by Jinja), Python's and Jinja's versions (checked by Jinja) and the settings that change
    how a template is parsed and compiled, which are in the key."""
    settings = (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                env.keep_trailing_newline, sorted(env.extensions), repr(env.autoescape), env.optimized,
                repr(env.finalize), jinja2.__version__, sys.version)
    folder = user_folder() / "jinja"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return None
    except OSError:
        return None
    return _Compiled(folder, digest(settings))
