"""Writes of the documents app, by sub-domain: incoming, outgoing, work dossiers."""
