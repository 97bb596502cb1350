"""The chapters of the report, one module each: its sources, its tables, their rules, layout and charts.

Each module declares `CHAPTER` (a `figures.registry.Chapter`, named after the module); the registry finds
every module of this package and orders the chapters by their number, the trends last (`registry.LAST`).
A new chapter is a new module here: the template `notebooks/chapter.ipynb` shows it (see docs/new-source.md).
"""
