"""The declarative rule engine: rule packs, profiles, checks and their evaluation."""
