"""Changes made in the browser editor, as plain data: no Flask, no player/.

The editor's form is applied to the data as ``webinar_to_dict`` shapes it, the values still as
typed (``6'05``); the store's own validator (``store.parse_webinar`` over ``store.dump_data``)
then judges them exactly as it judges a hand-edited file, and its ``StoreError.field``
(``chapters[2].start``) is mapped back to the form field it came from. Saving keeps the previous
file in ``<webinar>/history/`` (newest ``HISTORY_KEEP``); undoing puts the newest one back and
keeps the undone file in ``history/undone/``. Every save and undo carries the version (sha256 of
the data file's bytes) its form started from: another version in place is a ``StaleVersion``.

``form`` reads the form, ``history`` saves and undoes, ``changes`` tells what changed, ``paste``
applies a pasted chapter list.
"""

from .changes import FIELD_LABELS, KIND_LABELS, Change, diff, field_label
from .form import (
    EDITABLE,
    NEW,
    FormErrors,
    apply_form,
    check_form,
    form_name,
    form_values,
    rebase_form,
    remove_chapters,
    sort_chapters,
)
from .history import (
    HISTORY_DIR,
    HISTORY_KEEP,
    UNDONE_DIR,
    NothingToUndo,
    StaleVersion,
    find_version,
    history_files,
    read_current,
    save_text,
    save_webinar_edit,
    undo,
    version_of,
)
from .paste import (
    ListChange,
    ListItem,
    apply_plan,
    check_list,
    parse_list,
    plan_list,
    youtube_problem,
)

__all__ = [
    "EDITABLE",
    "FIELD_LABELS",
    "HISTORY_DIR",
    "HISTORY_KEEP",
    "KIND_LABELS",
    "NEW",
    "UNDONE_DIR",
    "FormErrors",
    "StaleVersion",
    "NothingToUndo",
    "Change",
    "ListChange",
    "ListItem",
    "version_of",
    "read_current",
    "form_values",
    "apply_form",
    "form_name",
    "check_form",
    "rebase_form",
    "remove_chapters",
    "sort_chapters",
    "save_text",
    "save_webinar_edit",
    "undo",
    "history_files",
    "find_version",
    "diff",
    "field_label",
    "parse_list",
    "plan_list",
    "apply_plan",
    "check_list",
    "youtube_problem",
]
