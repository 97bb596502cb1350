"""The figure tables, one module per chapter; each function takes clean frames and returns a table."""

# The key of a total row in the tables that have one (gender_by_level, translations_by_type, subsidies).
TOTAL = "total"
