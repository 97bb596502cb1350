"""Workbooks written the same to the byte: fixed document dates and a zip without timestamps.

openpyxl stamps the wall-clock time into docProps/core.xml (created, and
modified at every save) and into every zip entry; `fixed_bytes` saves a
workbook with the dates given and the zip entries in a fixed order, with
fixed times and attributes, so the same content gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.xml.functions import tostring

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fixed_bytes(workbook: Workbook, created: dt.datetime, creator: str | None = None) -> bytes:
    """The workbook as .xlsx bytes whose dates are `created` and whose zip carries no time of its own."""
    if creator is not None:
        workbook.properties.creator = creator
    workbook.properties.created = created
    buffer = io.BytesIO()
    workbook.save(buffer)
    # save() overwrites `modified` with the current time: rebuild core.xml from the pinned properties.
    workbook.properties.modified = created
    core_xml = tostring(workbook.properties.to_tree())
    return _normalise_zip(buffer.getvalue(), {"docProps/core.xml": core_xml})


def _normalise_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """Re-pack a zip with fixed timestamps, attributes, order and compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            dst.writestr(info, replace.get(name, src.read(name)))
    return out.getvalue()
