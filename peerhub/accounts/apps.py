from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peerhub.accounts"
    label = "accounts"
    verbose_name = "Accounts"
