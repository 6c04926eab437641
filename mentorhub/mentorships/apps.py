from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorhub.mentorships"
    default_auto_field = "django.db.models.BigAutoField"
