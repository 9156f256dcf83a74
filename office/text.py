"""Text as people paste it, made safe to store and to write into .xlsx and .docx files.

Word pastes a line break as a vertical tab (\\x0b); other control characters arrive from copied
web pages and old systems. XML 1.0, and so every .xlsx and .docx, refuses them, so a single one
in a finding would make the notice's downloads fail. Forms clean text when it is saved, and the
writers clean it again (rows saved before this existed, or written by a job).
"""

from __future__ import annotations

import re

from django.db.models import Model

# Line and page breaks that mean "new line" to the person who typed them.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})
# What XML 1.0 cannot carry (tab, newline and carriage return it can), plus DEL and lone
# surrogates, which no text an office types contains.
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """The text with breaks made newlines and characters XML cannot carry removed."""
    return _ILLEGAL.sub("", value.translate(_LINE_BREAKS))


def length_refusal(model: type[Model], **values: str) -> str | None:
    """Why one of ``values`` is longer than its model field allows, or None.

    The limits are the fields' ``max_length`` (TextFields carry one too), so a service, a
    ModelForm and the admin all enforce the same number.
    """
    for name, value in values.items():
        field = model._meta.get_field(name)
        limit = field.max_length
        if limit is not None and len(value) > limit:
            return f"“{field.verbose_name}”最多{limit}字，现为{len(value)}字，请精简后再提交。"
    return None


def text_limit(model: type[Model], name: str) -> int:
    """A field's ``max_length``, for a plain form that pre-checks what its service enforces."""
    return model._meta.get_field(name).max_length
