"""The platform as a node of document exchange: documents out as signed edXML packages, packages
and status messages in as documents and statuses, all in the database (outbox and inbox).

The transport (HTTP to the hub, retries) lives elsewhere and calls `outbound.outbound_mark_sent`,
`outbound.outbound_mark_failed` and `inbound.inbound_receive`.
"""
