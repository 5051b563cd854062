"""Errors the service layer raises when the POS's rules refuse a request.

Adapters translate them: the EPOS API into `EPOSError` bodies, the staff UI into messages.
Both are served over HTTP, so each kind of refusal names the HTTP status it answers with.
"""


class DomainError(Exception):
    """Base class: a request the POS refuses, with a message a person or developer can act on."""

    http_status = 400


class NotFound(DomainError):
    """The entity addressed does not exist in this venue."""

    http_status = 404


class InvalidInput(DomainError):
    """The request breaks a rule of the POS (unknown table, covers below one, end before start...)."""


class Conflict(DomainError):
    """The request clashes with the current state (the table is taken, the ID is already used...)."""

    http_status = 409


class NotAllowed(DomainError):
    """The person asking may not do this (a manager has not given them the permission)."""

    http_status = 403
