from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Groups and sessions"

    def ready(self):
        # Every change to what a feed shows moves its versions: see groups/freshness.py.
        from groups import freshness_receivers

        freshness_receivers.connect()
