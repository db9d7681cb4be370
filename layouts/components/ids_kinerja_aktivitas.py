"""Component ids of "Aktivitas saya" (/kinerja/aktivitas): the day's form, the suggestions from the
change log (one "Laporkan" button each, a pattern-matching id), one's own history with "Kirim",
the day's minutes against the target and the month's summary."""

from auth.pages import ALL_PERSON_ROLES


class KinerjaAktivitas:
    PAGE = "aktivitas-page"
    WHO = "aktivitas-who"                    # the staff record, or why there is none
    DAY = "aktivitas-day"                    # dropdown: today and the setting's days back
    START = "aktivitas-start"
    END = "aktivitas-end"
    DESCRIPTION = "aktivitas-description"
    OUTPUT = "aktivitas-output"
    VOLUME = "aktivitas-volume"
    OUTPUT_UNIT = "aktivitas-output-unit"
    LINK_KIND = "aktivitas-link-kind"
    LINK_REF = "aktivitas-link-ref"
    PHOTO = "aktivitas-photo"                # dcc.Upload; the service checks the bytes
    PHOTO_NAME = "aktivitas-photo-name"
    EDITING = "aktivitas-editing"            # store: the id of the draft being corrected, or None
    EDITING_TEXT = "aktivitas-editing-text"
    SAVE = "aktivitas-save"
    CANCEL = "aktivitas-cancel"
    RESULT = "aktivitas-result"
    SUGGESTIONS = "aktivitas-suggestions"    # the list of proposals of the chosen day
    PROPOSALS = "aktivitas-proposals"        # store: the proposals shown (what "Laporkan" fills in)
    SUGGEST = "aktivitas-suggest"            # pattern-matching button type: {"type": SUGGEST, "index": "<kind>:<ref>"}
    PERIOD = "aktivitas-period"              # DatePickerRange: the history's days
    HISTORY = "aktivitas-history"            # DataTable, row selection of open lines
    DAY_MINUTES = "aktivitas-day-minutes"
    MONTH = "aktivitas-month"
    SEND = "aktivitas-send"                  # "Kirim": submit the selected lines
    EDIT = "aktivitas-edit"
    DELETE = "aktivitas-delete"
    HISTORY_RESULT = "aktivitas-history-result"
    CHANGED = "aktivitas-changed"            # store: bumped after every write, so the lists reload
    ERROR_FIELDS = ("day", "start", "end", "description", "output", "volume", "output_unit", "link_ref", "photo")

    @staticmethod
    def error(field: str) -> str:
        return "aktivitas-error-" + field.replace("_", "-")

    @staticmethod
    def suggest(kind: str, ref: str) -> dict:
        return {"type": KinerjaAktivitas.SUGGEST, "index": f"{kind}:{ref}"}


# every person role may report his own work; the module needs a staff record linked to the account
ROLES = ALL_PERSON_ROLES
