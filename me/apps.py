from django.apps import AppConfig


class MeConfig(AppConfig):
    name = "me"
