"""Forms of the knowledge workflow pages (staff)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.catalog.models import Agency

from .models import Article, ArticleRevision


class RevisionForm(forms.Form):
    title = forms.CharField(
        label=_("Question or title"), max_length=ArticleRevision._meta.get_field("title").max_length,
        help_text=_("For an FAQ entry, the question as citizens ask it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body_markdown = forms.CharField(
        label=_("Answer"), strip=False,
        help_text=_("Markdown: a blank line starts a paragraph, “## Heading” a section, “- ” a list item, "
                    "**bold**, [text](https://link). Scripts, styles and images are removed."),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
    )
    change_note = forms.CharField(
        label=_("Change note"), max_length=ArticleRevision._meta.get_field("change_note").max_length,
        help_text=_("What changed and why, in one sentence. Citizens see it in the change history."),
    )
    significance = forms.ChoiceField(
        label=_("Significance"), choices=ArticleRevision.Significance.choices,
        initial=ArticleRevision.Significance.MINOR, widget=forms.RadioSelect,
    )


class NewArticleForm(RevisionForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Article.Kind.choices, initial=Article.Kind.FAQ,
                             widget=forms.RadioSelect)

    field_order = ["agency", "kind", "title", "body_markdown", "change_note", "significance"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["change_note"].initial = _("First version")
        self.fields["significance"].initial = ArticleRevision.Significance.MAJOR


class ApproveForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish on (optional)"), required=False,
        help_text=_("Leave empty to publish now. Times are in Western Indonesian Time (WIB)."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty to publish now."))
        return value


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=_("What must change"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The author sees this comment and corrects the text before submitting it again."),
    )
