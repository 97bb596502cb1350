"""The figure tables, one module per chapter; each function takes clean frames and returns a table."""
