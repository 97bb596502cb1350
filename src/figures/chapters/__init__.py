"""The chapters of the report, one module each: its sources, its tables, their rules, layout and charts.

Each module declares `CHAPTER` (a `figures.registry.Chapter`); the registry
finds every module of this package and orders the chapters by their number.
A new chapter is a new module here and its notebook `notebooks/NN_<name>.ipynb`
(see docs/new-source.md).
"""
