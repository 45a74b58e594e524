from django import forms
from django.utils.translation import gettext_lazy as _

from .services.feedback import COMMENT_MAX
from .services.suggestions import TEXT_MAX, fields_for


class FeedbackReasonForm(forms.Form):
    comment = forms.CharField(
        label=_("What was missing or unclear? (optional)"), required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not write personal data such as your NIK or phone number: we remove it."),
    )


class ReportForm(forms.Form):
    description = forms.CharField(
        label=_("What is wrong?"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example: the fee changed, the office moved, a requirement is no longer needed."),
    )
    source_url = forms.URLField(
        label=_("Where did you see the correct information? (optional)"), required=False, max_length=500,
        assume_scheme="https", help_text=_("A link to an official announcement or regulation."),
    )


class SuggestionForm(forms.Form):
    field = forms.ChoiceField(label=_("Which part of the page?"))
    proposed_text = forms.CharField(
        label=_("Your correction"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The text as it should read. For lists (requirements, steps) write one item per line."),
    )
    reason = forms.CharField(
        label=_("Why is this correct?"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
    )
    source_url = forms.URLField(
        label=_("Source"), max_length=500, assume_scheme="https",
        help_text=_("A link to the official source of your correction (required)."),
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = fields_for(target)


class AcceptForm(forms.Form):
    apply = forms.BooleanField(label=_("Apply this text to the page now"), required=False, initial=True)
    apply_text = forms.CharField(
        label=_("Text to apply"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Check and adjust the citizen's text before it is applied."),
    )


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Why is it declined?"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the citizen who made the suggestion."),
    )


class HandleReportForm(forms.Form):
    note = forms.CharField(
        label=_("Note (sent to the citizen if they signed in)"), required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
