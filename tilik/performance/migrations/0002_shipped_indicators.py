"""Seed the shipped indicator catalogue (tilik.performance.catalogue.SHIPPED_INDICATORS)."""

from django.db import migrations


def seed(apps, schema_editor):
    from tilik.performance.catalogue import SHIPPED_INDICATORS

    Indicator = apps.get_model("performance", "Indicator")
    for spec in SHIPPED_INDICATORS:
        Indicator.objects.get_or_create(code=spec["code"], defaults={**spec, "shipped": True})


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
