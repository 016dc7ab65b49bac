"""contract-checker: finds the protections a vendor or outsourcing contract lacks."""

__version__ = "0.1.0"
