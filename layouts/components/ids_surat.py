"""Component ids of the Surat page (/surat): one's counters, one's letters and a letter with its
disposition tree (from the e-Office module), and the overdue letters, their ageing and the
disposition turnaround per OPD (from the mart), kept in one place for the layout and its callbacks,
and who may open it."""

from auth.pages import ALL_PERSON_ROLES


class Surat:
    PAGE = "surat-page"
    TITLE = "surat-title"
    PERIOD = "surat-period"                 # the last 7, 30 or 90 city days (turnaround, flow)
    CAPTION = "surat-caption"
    CARDS = "surat-cards"                   # overdue letters, the OPDs with most, turnaround
    DESK_NOTE = "surat-desk-note"           # an account without a staff record is told so here
    COUNTERS = "surat-counters"             # one's seven counters (modules/office/counters.py)
    DIRECTION = "surat-direction"           # one's letters: all, incoming or outgoing
    LETTERS = "surat-letters"               # the table of one's letters
    SELECTED = "surat-selected"             # the chosen letter's id
    DETAIL = "surat-detail"                 # the letter and its disposition tree
    AGEING = "surat-ageing"                 # open letters per OPD by age, overdue
    TURNAROUND = "surat-turnaround"         # dispositions per OPD: made, mean to read, mean to done
    FLOW = "surat-flow"                     # letters created and done per day


# Every person: his own desk (the module shows him only what he may read); the numbers per OPD to an
# OPD's account for its OPD and to the city-wide roles for every OPD (a camat's, a lurah's or an RT/RW
# head's scope reads none of the mart and is told so).
ROLES = ALL_PERSON_ROLES
