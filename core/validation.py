"""Save helpers shared by every app's services."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def validated_save(instance, *, exclude=None):
    """full_clean() then save(), turning a race on a unique constraint into a ValidationError."""
    instance.full_clean(exclude=exclude)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        # Another request took the same slug or key between our check and our save.
        raise ValidationError(
            f"This {instance._meta.verbose_name} clashes with one saved a moment ago; "
            "check the name and slug and try again."
        ) from error
    return instance


class AlreadyDone(ValidationError):
    """What was asked is already so: a double submission, or someone else was quicker.

    Nothing changed, no history was written and nobody was emailed. Views show it as news (the
    message says what is already so), not as a mistake.
    """
