"""The data file: ``webinars/<id>/webinar.yaml``, read, validated and written.

Organisers edit this file by hand, so loading it checks every field and reports the first
problem as one French line naming the file, the line and the field. The YAML is read as a node
tree (``yaml.compose``, nothing constructed) so that every value keeps its line number, and
scalars are taken as written: ``24:05`` stays a time, not YAML 1.1's base-60 integer.

``read`` reads within limits, ``nodes`` checks single values, ``validate`` the fields and the
links between them, ``write`` saves.
"""

from ..names import DATA_FILE
from .nodes import StoreError
from .read import DEPTH_MAX, SIZE_MAX, compose_data, load_webinar, parse_webinar
from .validate import MEDIA_NAME_MAX, RECORDING_KINDS
from .write import (
    HEADER,
    dump_data,
    dump_webinar,
    list_webinars,
    save_webinar,
    webinar_to_dict,
)

__all__ = [
    "DATA_FILE",
    "DEPTH_MAX",
    "HEADER",
    "MEDIA_NAME_MAX",
    "RECORDING_KINDS",
    "SIZE_MAX",
    "StoreError",
    "load_webinar",
    "parse_webinar",
    "compose_data",
    "dump_webinar",
    "dump_data",
    "save_webinar",
    "webinar_to_dict",
    "list_webinars",
]
