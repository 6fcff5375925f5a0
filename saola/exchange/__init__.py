"""Document interconnection: edXML packages and status messages (QCVN 102:2016/BTTTT)."""
