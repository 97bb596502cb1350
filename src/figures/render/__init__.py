"""Rendering a year's chapter: execute the notebooks, export HTML, PDF and Excel, write the manifest."""
