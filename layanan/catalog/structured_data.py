"""schema.org markup for catalog pages (GovernmentService, GovernmentOrganization)."""


def service_json_ld(service, request) -> dict:
    url = request.build_absolute_uri(service.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": service.name,
        "description": service.summary,
        "url": url,
        "category": service.category.name,
        "provider": {
            "@type": "GovernmentOrganization",
            "name": service.agency.name,
            "url": request.build_absolute_uri(service.agency.get_absolute_url()),
        },
        "areaServed": service.region.name if service.region_id else "Indonesia",
        "offers": [
            {"@type": "Offer", "name": f.label, "price": f.amount, "priceCurrency": "IDR"}
            for f in service.fees.all()
        ],
        "availableChannel": [
            {"@type": "ServiceChannel", "name": c.name, **({"serviceUrl": c.value} if c.href.startswith("http") else {})}
            for c in service.channels.all()
            if c.purpose == "layanan"
        ],
    }
    if service.product:
        data["serviceOutput"] = service.product
    page = {"@context": "https://schema.org", "@type": "WebPage", "url": url, "mainEntity": data}
    if service.verified_at:
        page["lastReviewed"] = service.verified_at.date().isoformat()
        page["reviewedBy"] = data["provider"]
    page["dateModified"] = service.updated_at.isoformat()
    return page
