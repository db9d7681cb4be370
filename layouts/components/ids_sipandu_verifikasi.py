"""Component ids of the lurah's Sipandu verification queue (/sipandu/verifikasi): recorded newcomers
oldest first, one record's details, verify or reject with a reason, and the full NIK on request
(with a stated reason, logged)."""


class SipanduVerifikasi:
    PAGE = "sipandu-verifikasi-page"
    TITLE = "sipandu-verifikasi-title"
    CAPTION = "sipandu-verifikasi-caption"
    QUEUE = "sipandu-verifikasi-queue"
    REFRESH = "sipandu-verifikasi-refresh"
    SELECTED = "sipandu-verifikasi-selected"  # store: the record id (pseudonymous) shown in the detail
    DONE = "sipandu-verifikasi-done"  # store: bumped after a decision, so queue and detail reload
    DETAIL = "sipandu-verifikasi-detail"
    DECISION_PANEL = "sipandu-verifikasi-decision"  # lurah only; hidden for the camat
    VERIFY = "sipandu-verifikasi-verify"
    REASON = "sipandu-verifikasi-reason"  # required to reject (workflow.REJECTION_REASONS)
    REJECT = "sipandu-verifikasi-reject"
    MESSAGE = "sipandu-verifikasi-message"
    UNMASK_PANEL = "sipandu-verifikasi-unmask"
    UNMASK_REASON = "sipandu-verifikasi-unmask-reason"
    UNMASK = "sipandu-verifikasi-unmask-button"
    UNMASK_RESULT = "sipandu-verifikasi-unmask-result"  # the only place a full NIK shows, until the selection changes
    UNMASKED = "sipandu-verifikasi-unmasked"  # the full NIK inside the result
    ERROR_FIELDS = ("reason", "unmask_reason")

    @staticmethod
    def error(field: str) -> str:
        return "sipandu-verifikasi-error-" + field.replace("_", "-")


# who may open the page; its callbacks check the same roles on every request
ROLES = ("lurah", "camat")  # the camat reads his kecamatan's queue
DECIDE_ROLES = ("lurah",)
UNMASK_ROLES = ("lurah", "camat")  # modules/sipandu/access.UNMASK_ROLES, on this page
