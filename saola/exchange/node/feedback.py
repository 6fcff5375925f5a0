"""Status messages that go back by themselves as a document received by exchange is handled.

Connected to `saola.documents.signals.document_transitioned` (ExchangeConfig.ready), so the
documents app never imports the exchange. The receiver runs inside the transaction of the
transition: the status message joins the outbox with it or not at all. A recall agreed by the
system (action `withdraw`) is answered by the inbound service itself (status 15), not here.
"""

from __future__ import annotations

from typing import Any

from saola.core.models import User
from saola.documents.models import Document
from saola.documents.states import Action, Direction, Status
from saola.exchange.node.outbound import status_enqueue
from saola.exchange.package import StatusCode

STATUS_OF_ACTION: dict[str, StatusCode] = {
    Action.ASSIGN: StatusCode.ASSIGNED,
    Action.START: StatusCode.PROCESSING,
    Action.COMPLETE: StatusCode.COMPLETED,
    Action.REFUSE: StatusCode.REJECTED,
    Action.RETURN_TO_SENDER: StatusCode.REJECTED,
}


def status_on_transition(
    sender: type[Document],
    *,
    document: Document,
    action: str,
    actor: User | None,
    from_status: str,
    note: str = "",
    **kwargs: Any,
) -> None:
    """Queue the status message the sender is owed for this transition, if the document came by exchange."""
    code = STATUS_OF_ACTION.get(action)
    if code is None or document.direction != Direction.INCOMING:
        return
    # A second assignment (sub-assignment, reassignment) changes nothing the sender sees.
    if action == Action.ASSIGN and from_status != Status.REGISTERED:
        return
    status_enqueue(document=document, status_code=code, description=note, actor=actor)
