from __future__ import annotations


class JobError(Exception):
    """A failure the owner can understand: the message (Indonesian) is shown on the job page as is."""
