"""Forms for the community pages. They validate input; the service functions write."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from layanan.catalog.models import Service

from .models import Flag, Question

TITLE_MIN_LENGTH = 10
MAX_TAGS = 5


class TitleForm(forms.Form):
    """Step 1 of the ask flow: only the title, so we can look for answers first."""

    judul = forms.CharField(
        label=_("Your question in one sentence"), min_length=TITLE_MIN_LENGTH, max_length=200,
        help_text=_("For example: How long does it take to replace a lost ID card (KTP)?"),
        error_messages={
            "required": _("Write your question."),
            "min_length": _("Write your question in at least %(limit_value)d characters."),
        },
    )


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, service):
        return f"{service.name} — {service.agency.display_short_name}"


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Your question in one sentence"), min_length=TITLE_MIN_LENGTH, max_length=200,
        error_messages={
            "required": _("Write your question."),
            "min_length": _("Write your question in at least %(limit_value)d characters."),
        },
    )
    body = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What have you tried, where do you live, what did the office say? "
                    "Do not write your NIK, phone number or other personal data: we mask it."),
    )
    service = ServiceChoiceField(
        label=_("Which service is it about? (optional)"), required=False, to_field_name="slug",
        queryset=Service.objects.none(), empty_label=_("I don't know / none of these"),
        help_text=_("The agency that runs the service sees your question in its queue."),
    )
    tags = forms.CharField(
        label=_("Topics (optional)"), required=False, max_length=200,
        help_text=_("Up to five words, separated by commas, e.g. ktp, pindah domisili."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            Service.objects.published().select_related("agency").order_by("name")
        )

    def clean_tags(self):
        names = [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(_("Use at most five topics."))
        if any(len(name) > 50 for name in names):
            raise forms.ValidationError(_("A topic may have at most 50 characters."))
        return names


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Explain the steps and say where your information comes from. Markdown is allowed."),
        error_messages={"required": _("Write your answer.")},
    )
    official = forms.BooleanField(required=False)

    def __init__(self, *args, official_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if official_agency is None:
            del self.fields["official"]
        else:
            self.fields["official"].label = _("Answer officially for %(agency)s") % {
                "agency": official_agency.name
            }
            self.fields["official"].help_text = _(
                "Your answer gets the agency's badge and is shown first. Only answer officially "
                "with information your agency stands behind."
            )


class EditForm(forms.Form):
    title = forms.CharField(label=_("Question"), min_length=TITLE_MIN_LENGTH, max_length=200)
    body = forms.CharField(label=_("Text"), required=False, max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 10}))
    note = forms.CharField(label=_("What did you change? (optional)"), required=False, max_length=200)

    def __init__(self, *args, is_question=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_question:
            del self.fields["title"]
            self.fields["body"].required = True


_QUESTION_REFERENCE = re.compile(r"(?:^|/)(\d+)(?:-[\w-]*)?/?(?:[?#].*)?$")


def parse_question_reference(value: str):
    """A question from its number or its address ("123", "/tanya/123-ktp-hilang/"); None if unknown."""
    match = _QUESTION_REFERENCE.search((value or "").strip())
    if not match:
        return None
    return Question.objects.filter(pk=int(match.group(1))).first()


class QuestionReferenceField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        question = parse_question_reference(value)
        if question is None:
            raise forms.ValidationError(_("There is no question with that number or address."))
        return question


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Flag.Reason.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    duplicate_of = QuestionReferenceField(
        label=_("Duplicate of which question? (number or address)"), required=False, max_length=300,
        help_text=_("Only for duplicates, e.g. 123 or the address of the other question."),
    )
    note = forms.CharField(
        label=_("Anything moderators should know? (optional)"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        if post is not None and not isinstance(post, Question):
            # Answers are not duplicates of questions.
            self.fields["reason"].choices = [c for c in Flag.Reason.choices if c[0] != Flag.Reason.DUPLICATE]
            del self.fields["duplicate_of"]

    def clean(self):
        data = super().clean()
        if data.get("reason") == Flag.Reason.DUPLICATE:
            target = data.get("duplicate_of")
            if target is None and "duplicate_of" not in self.errors:
                self.add_error("duplicate_of", _("Say which question this one duplicates."))
            elif target is not None and self.post is not None and target.pk == self.post.pk:
                self.add_error("duplicate_of", _("A question cannot duplicate itself."))
        return data


class MergeForm(forms.Form):
    into = QuestionReferenceField(
        label=_("Merge into question (number or address)"), max_length=300,
        error_messages={"required": _("Say which question to merge into.")},
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Add a comment"), min_length=2, max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ask for details or point to a source, in at most 600 characters. "
                    "Do not write personal data: we mask it."),
        error_messages={
            "required": _("Write your comment."),
            "min_length": _("Write your comment in at least %(limit_value)d characters."),
            "max_length": _("A comment may have at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
