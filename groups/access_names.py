"""The names of the access features every installation has, in the page's language."""

from django.utils.translation import pgettext_lazy

# The access features every installation has (migration 0002), in the page's language. One a
# coordinator adds, or renames, is shown as they wrote it.
SHIPPED_ACCESS_FEATURES = {
    "wheelchair": ("Wheelchair accessible", pgettext_lazy("access", "Wheelchair accessible")),
    "asl": ("ASL interpretation", pgettext_lazy("access", "ASL interpretation")),
    "fragrance-free": ("Fragrance-free", pgettext_lazy("access", "Fragrance-free")),
    "online": ("Online", pgettext_lazy("access", "Online")),
    "hearing-loop": ("Hearing loop", pgettext_lazy("access", "Hearing loop")),
    "transit": ("Near public transit", pgettext_lazy("access", "Near public transit")),
    "parking": ("Free parking", pgettext_lazy("access", "Free parking")),
}
