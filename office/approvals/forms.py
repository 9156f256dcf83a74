from __future__ import annotations

from django import forms

from office.forms import OfficeForm


class DecisionForm(OfficeForm):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("reject", "不同意")])
    comment = forms.CharField(required=False, max_length=200)


class CommentForm(OfficeForm):
    # Optional here: the service refuses an empty reason with its own sentence.
    comment = forms.CharField(label="理由", max_length=200, required=False)
