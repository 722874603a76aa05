"""Public names keep one first name: "Maria Surname S." becomes "Maria S.".

The rule (``facilitators.models.validate_display_name``) used to allow two words before the
initial, so a last name typed as part of the first name was shown to the public. Every name with
more than one word before the initial keeps only the first word ("Mary Ann O." becomes "Mary O.";
a superuser can make it "Mary-Ann O." in the admin). Names of one word are left as they are.

The names are in public pages and feeds: the groups these facilitators run or cover get a new
SEQUENCE (so calendar apps take the new description), and every feed gets a new version, so no
cached copy with the old name is served again (workers that keep versions in memory pick the
new ones up when they start, as they do after every deploy).
"""

import uuid

from django.db import migrations
from django.db.models import F, Q
from django.utils import timezone


def one_first_name(name: str) -> str:
    first, _, initial = name.strip().rpartition(" ")
    words = first.split()
    return f"{words[0]} {initial}" if len(words) > 1 else name


def keep_one_first_name(apps, schema_editor):
    Profile = apps.get_model("facilitators", "FacilitatorProfile")
    now = timezone.now()
    changed = []
    for pk, name in Profile.objects.values_list("pk", "display_name"):
        if (shorter := one_first_name(name)) != name:
            Profile.objects.filter(pk=pk).update(display_name=shorter, updated_at=now)
            changed.append(pk)
    if not changed:
        return
    Group = apps.get_model("groups", "Group")
    GroupFacilitator = apps.get_model("groups", "GroupFacilitator")
    SessionSubstitute = apps.get_model("groups", "SessionSubstitute")
    FeedVersion = apps.get_model("groups", "FeedVersion")
    group_ids = set(
        GroupFacilitator.objects.filter(facilitator_id__in=changed).values_list(
            "group_id", flat=True
        )
    ) | set(
        SessionSubstitute.objects.filter(
            Q(substitute_id__in=changed) | Q(replaces_id__in=changed)
        ).values_list("group_id", flat=True)
    )
    Group.objects.filter(pk__in=group_ids).update(sequence=F("sequence") + 1, updated_at=now)
    for key in FeedVersion.objects.values_list("key", flat=True):
        FeedVersion.objects.filter(key=key).update(token=uuid.uuid4().hex, changed_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("facilitators", "0003_facilitator_invitations"),
        ("groups", "0005_facilitator_side"),
    ]

    operations = [migrations.RunPython(keep_one_first_name, migrations.RunPython.noop)]
