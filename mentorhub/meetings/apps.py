from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mentorhub.meetings"
    default_auto_field = "django.db.models.BigAutoField"
