from django.db.models import Q
from django.shortcuts import render

from layanan.catalog.models import Service


def search(request):
    # Minimal substring search over the catalog; the Indonesian search issue replaces it.
    q = request.GET.get("q", "").strip()
    results = []
    if q:
        results = Service.objects.published().for_listing().filter(
            Q(name__icontains=q) | Q(summary__icontains=q) | Q(keywords__icontains=q)
        )[:50]
    return render(request, "search/results.html", {"q": q, "results": results})
