"""Project documents: attachments added to a project and removed."""

from __future__ import annotations

from django.db import transaction

from hoptac.core.models import User


def add_project_attachment(project, checked, title: str, by: User | None):
    """Store a checked file (hoptac.core.files.CheckedFile) as a project document."""
    from hoptac.core import files

    from ..models import ProjectAttachment

    with files.removed_on_failure() as stored, transaction.atomic():
        path = files.store(checked, "investment/projects")
        stored.append(path)
        attachment = ProjectAttachment(
            project=project,
            title=(title or checked.name)[:200],
            file=path,
            name=checked.name,
            kind=checked.kind,
            size=checked.size,
            text=checked.text,
            uploaded_by=by,
        )
        attachment._history_user = by
        attachment.save()
    return attachment


def remove_project_attachment(attachment, by: User | None) -> None:
    """Delete a project document; the file goes once the deletion is committed."""
    from hoptac.core import files

    name = attachment.file.name
    with transaction.atomic():
        attachment._history_user = by
        attachment.delete()
        transaction.on_commit(lambda: files.delete(name))
