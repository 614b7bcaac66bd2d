"""Every save or delete that moves an agency's status figures refreshes them in the same
transaction (``services.status_figures``): documents and their issues, announcements, internal
audits, management reviews, actions and the external documents the procedures cite; a new
agency gets its row at once."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from audits.models import Action, Audit, ManagementReview
from documents.models import Document, ExternalDocument, Revision
from qms.agencies.models import Agency
from qms.monitoring.models import Announcement
from qms.monitoring.services.status_figures import figures_refresh


def _refresh_agency(sender, instance, **kwargs) -> None:
    figures_refresh([instance.agency_id])


def _refresh_revision(sender, instance, **kwargs) -> None:
    figures_refresh([instance.document.agency_id])


def _new_agency(sender, instance, created, **kwargs) -> None:
    if created:
        figures_refresh([instance.pk])


def _refresh_citations(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        figures_refresh([instance.agency_id])


def connect() -> None:
    for model in (Document, Announcement, Audit, ManagementReview, Action, ExternalDocument):
        post_save.connect(_refresh_agency, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(
            _refresh_agency, sender=model, dispatch_uid=f"figures-del-{model.__name__}"
        )
    post_save.connect(_new_agency, sender=Agency, dispatch_uid="figures-Agency")
    post_save.connect(_refresh_revision, sender=Revision, dispatch_uid="figures-Revision")
    post_delete.connect(_refresh_revision, sender=Revision, dispatch_uid="figures-del-Revision")
    m2m_changed.connect(
        _refresh_citations,
        sender=Document.cited.through,
        dispatch_uid="figures-citations",
    )
