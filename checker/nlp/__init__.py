"""Natural-language stages of the clause pipeline, built on a blank spaCy English pipeline."""
