from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "mentorhub.careers"
    default_auto_field = "django.db.models.BigAutoField"
