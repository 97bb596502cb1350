"""The figures chapter of the FPS Chancellery annual report, computed from the yearly spreadsheets."""

__version__ = "0.1.0"
