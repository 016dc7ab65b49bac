"""Report writers: results -> the formats each reader needs (JSON, text, ...)."""
