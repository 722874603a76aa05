from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "peerhub.console"
    label = "console"
    verbose_name = "Coordinator console"
