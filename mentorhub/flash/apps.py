from django.apps import AppConfig


class FlashConfig(AppConfig):
    name = "mentorhub.flash"
    default_auto_field = "django.db.models.BigAutoField"
