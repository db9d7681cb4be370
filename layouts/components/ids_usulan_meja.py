"""Component ids of the proposals' decision queues (/musrenbang/meja): the lurah verifies, the camat
accepts or rejects with a reason, the planning agency ranks."""


class UsulanMeja:
    PAGE = "usulan-meja-page"
    TITLE = "usulan-meja-title"
    CAPTION = "usulan-meja-caption"
    QUEUE = "usulan-meja-queue"
    REFRESH = "usulan-meja-refresh"
    SELECTED = "usulan-meja-selected"  # store: the number shown in the detail
    DONE = "usulan-meja-done"  # store: bumped after a decision, so queue and detail reload
    DETAIL = "usulan-meja-detail"
    DECISION_PANEL = "usulan-meja-decision"  # lurah and camat
    NOTE = "usulan-meja-note"
    VERIFY = "usulan-meja-verify"  # lurah
    ACCEPT = "usulan-meja-accept"  # camat
    REASON = "usulan-meja-reason"  # required to reject
    REJECT = "usulan-meja-reject"  # lurah (kelurahan round) and camat
    MESSAGE = "usulan-meja-message"
    RANK_PANEL = "usulan-meja-rank"  # perencana
    ORDER = "usulan-meja-order"  # store: the numbers in the order shown
    UP = "usulan-meja-up"
    DOWN = "usulan-meja-down"
    RANK = "usulan-meja-rank-number"
    MOVE = "usulan-meja-move"
    SAVE = "usulan-meja-save"
    RANK_MESSAGE = "usulan-meja-rank-message"  # what moved
    SAVED = "usulan-meja-saved"  # the ranking saved, or why not
    ERROR_FIELDS = ("reason", "note")

    @staticmethod
    def error(field: str) -> str:
        return "usulan-meja-error-" + field.replace("_", "-")


# who may open the page; its callbacks check the same roles on every request
ROLES = ("lurah", "camat", "perencana")
DECIDE_ROLES = ("lurah", "camat")
RANK_ROLES = ("perencana",)
