"""The access features and languages people filter by; every installation needs them."""

from django.db import migrations

ACCESS_FEATURES = [
    ("wheelchair", "Wheelchair accessible"),
    ("asl", "ASL interpretation"),
    ("fragrance-free", "Fragrance-free"),
    ("online", "Online"),
    ("hearing-loop", "Hearing loop"),
    ("transit", "Near public transit"),
    ("parking", "Free parking"),
]

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("ht", "Haitian Creole"),
    ("kea", "Cape Verdean Creole"),
    ("vi", "Vietnamese"),
    ("zh", "Chinese"),
    ("km", "Khmer"),
    ("ase", "American Sign Language"),
]


def add(apps, schema_editor):
    AccessFeature = apps.get_model("groups", "AccessFeature")
    Language = apps.get_model("groups", "Language")
    for slug, name in ACCESS_FEATURES:
        AccessFeature.objects.get_or_create(slug=slug, defaults={"name": name})
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


def remove(apps, schema_editor):
    apps.get_model("groups", "AccessFeature").objects.filter(
        slug__in=[slug for slug, _ in ACCESS_FEATURES]
    ).delete()
    apps.get_model("groups", "Language").objects.filter(
        code__in=[code for code, _ in LANGUAGES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
