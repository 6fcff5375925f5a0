"""Signals other apps listen to, so documents never imports them.

`document_transitioned` is sent by `services.common.transition_apply` inside the transaction of
the change, after the history event is written, with keyword arguments `document` (saved, still
locked), `action`, `actor` (None for the system), `from_status` and `note`. Receivers must not
fire side effects outside the database: anything they write commits or rolls back with the change.
"""

from __future__ import annotations

from django.dispatch import Signal

document_transitioned = Signal()
