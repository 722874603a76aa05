from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Groups and sessions"

    def ready(self):
        # Every change to what a feed shows moves its versions: see groups/freshness.py.
        from core import build_ahead
        from groups import freshness_receivers, kept_answers

        freshness_receivers.connect()
        # The end of a build drops the answers kept until it was done (groups/kept_answers.py).
        build_ahead.build_released.connect(
            kept_answers.notify_built, dispatch_uid="groups.kept_answers.notify_built"
        )
