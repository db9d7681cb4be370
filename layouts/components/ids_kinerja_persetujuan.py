"""Component ids of "Persetujuan" (/kinerja/persetujuan): the approver's queue of his people's
submitted lines with their age against the deadline, approve or return many at once (a return
needs a note), and the lines of his whole subtree."""

from auth.pages import ALL_PERSON_ROLES


class KinerjaPersetujuan:
    PAGE = "persetujuan-page"
    CAPTION = "persetujuan-caption"          # the backlog in words, or why there is no queue
    REFRESH = "persetujuan-refresh"
    QUEUE = "persetujuan-queue"              # DataTable, multi row selection
    SELECT_ALL = "persetujuan-select-all"
    NOTE = "persetujuan-note"                # the reason of a return
    APPROVE = "persetujuan-approve"
    RETURN = "persetujuan-return"
    MESSAGE = "persetujuan-message"
    DONE = "persetujuan-done"                # store: bumped after a decision, so the queue reloads
    PERIOD = "persetujuan-period"            # DatePickerRange: the team's days
    TEAM = "persetujuan-team"                # DataTable: the subtree's lines (read only)
    ERROR_FIELDS = ("ids", "note")

    @staticmethod
    def error(field: str) -> str:
        return "persetujuan-error-" + field.replace("_", "-")


# anyone may be someone's supervisor; the module decides whose lines he decides (access.approver_of)
ROLES = ALL_PERSON_ROLES
