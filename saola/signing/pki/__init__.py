"""The platform's own test PKI: a root and a subordinate CA, TSA and OCSP certificates, CRL/OCSP/TSA answers.

It is shaped like the government's special-use PKI so that signing and verification exercise
the same paths as with real certificates: certificates carry CRL distribution points and OCSP
and issuer URLs under settings.SAOLA_PUBLIC_URL, and the platform answers them itself.
"""
