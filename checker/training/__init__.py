"""Training and evaluation of the clause pipeline (CUAD and hand-written examples)."""
