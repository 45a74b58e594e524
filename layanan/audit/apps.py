from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "layanan.audit"
    label = "audit"
    verbose_name = "Audit"
