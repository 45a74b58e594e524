"""The search dictionary in the staff area (/kelola/): knowledge managers and
site admins add, edit and switch off abbreviations, synonyms and colloquial
forms. Saves and deletes go through services.dictionary (audited); queries
use the change at once."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from layanan.accounts import policies

from .analysis import primary_tokens
from .models import SynonymSet, split_terms
from .services import dictionary


class SynonymSetForm(forms.ModelForm):
    class Meta:
        model = SynonymSet
        fields = ["kind", "canonical", "variants", "note", "active"]
        widgets = {"variants": forms.Textarea(attrs={"rows": 4})}

    def clean_canonical(self):
        value = " ".join(self.cleaned_data["canonical"].split())
        if not primary_tokens(value):
            raise forms.ValidationError(_("Enter a word or phrase with at least two letters or digits."))
        return value

    def clean_variants(self):
        terms = split_terms(self.cleaned_data["variants"])
        if not terms:
            raise forms.ValidationError(_("Enter at least one variant."))
        empty = [t for t in terms if not primary_tokens(t)]
        if empty:
            raise forms.ValidationError(
                _("These variants have no searchable word: %(terms)s"), params={"terms": ", ".join(empty)}
            )
        return "\n".join(terms)


@admin.register(SynonymSet)
class SynonymSetAdmin(admin.ModelAdmin):
    form = SynonymSetForm
    list_display = ("canonical", "kind", "variant_summary", "active", "updated_at", "updated_by")
    list_filter = ("kind", "active")
    search_fields = ("canonical", "variants")
    readonly_fields = ("updated_at", "updated_by")

    @admin.display(description=_("variants"))
    def variant_summary(self, obj):
        return ", ".join(obj.variant_list())

    def _allowed(self, request):
        return policies.can_edit_search_dictionary(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def save_model(self, request, obj, form, change):
        dictionary.save_synonym_set(obj, request.user)

    def delete_model(self, request, obj):
        dictionary.delete_synonym_set(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            dictionary.delete_synonym_set(obj, request.user)
