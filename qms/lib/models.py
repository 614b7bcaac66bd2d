from django.db import models


class AppendOnlyModel(models.Model):
    """Evidence rows (decisions, events, acknowledgements): written once, never changed or
    deleted through the ORM, whatever interface asks."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self._meta.label} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.label} rows are append-only.")
