"""Component ids of the TPKPM queue page (the OPD complaint team's desk)."""


class Tpkpm:
    PAGE = "tpkpm-page"
    OPD = "tpkpm-opd"  # whose queue: locked to his own for an OPD officer
    REFRESH = "tpkpm-refresh"
    TICK = "tpkpm-tick"  # interval: the remaining minutes count down
    QUEUE = "tpkpm-queue"
    QUEUE_CAPTION = "tpkpm-queue-caption"
    UNDELIVERED = "tpkpm-undelivered"  # messages to citizens / OPD heads that failed or were skipped
    TRIAGE_PANEL = "tpkpm-triage-panel"  # operator and admin only
    TRIAGE = "tpkpm-triage"
    TRIAGE_CAPTION = "tpkpm-triage-caption"
    SELECTED = "tpkpm-selected"  # store: the complaint id shown in the detail
    DONE = "tpkpm-done"  # store: bumped after each action, so queue and detail reload
    DETAIL = "tpkpm-detail"
    ACTIONS_PANEL = "tpkpm-actions-panel"
    NOTE = "tpkpm-note"
    TARGET_OPD = "tpkpm-target-opd"  # transfer to / dispatch to
    REASON = "tpkpm-reason"
    MESSAGE = "tpkpm-message"
    # one button per desk action (data.complaint_desk.ACTION_LABELS); the action is the suffix
    ACTION_PREFIX = "tpkpm-action-"
    ACTIONS = ("respond", "start_work", "resolve", "send_feedback", "close", "transfer", "reject", "reopen",
               "confirm_duplicate", "dismiss_duplicate", "dispatch")

    @classmethod
    def button(cls, action: str) -> str:
        return cls.ACTION_PREFIX + action.replace("_", "-")


# who may open the page; its callbacks check the same roles on every request
ROLES = ("opd", "operator", "admin")
DISPATCH_ROLES = ("operator", "admin")  # see the triage queue and choose any OPD's queue
