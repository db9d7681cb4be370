"""Component ids of the RT head's Sipandu desk (/sipandu/rt): a newcomer's arrival recorded from a
phone, its proof of registration, and the RT's present newcomers with their departure."""


class SipanduRt:
    PAGE = "sipandu-rt-page"
    PLACE = "sipandu-rt-place"  # "Kelurahan Ketabang, RW 01, RT 03": where the head records
    NIK = "sipandu-rt-nik"  # the only component that holds a full NIK, while it is typed
    NIK_CHECK = "sipandu-rt-nik-check"  # the NIK's check as typed: its reason, or what it states
    NAME = "sipandu-rt-name"
    SEX = "sipandu-rt-sex"
    BIRTH_DATE = "sipandu-rt-birth-date"
    ORIGIN = "sipandu-rt-origin"  # searchable: Kemendagri's regencies and cities
    RT = "sipandu-rt-rt"  # his own RT; an RW head chooses among his RW's
    KOS = "sipandu-rt-kos"  # the RT's boarding houses (optional)
    ADDRESS = "sipandu-rt-address"
    PURPOSE = "sipandu-rt-purpose"
    SPONSOR = "sipandu-rt-sponsor"
    ARRIVED_DATE = "sipandu-rt-arrived-date"  # city time (WIB)
    ARRIVED_TIME = "sipandu-rt-arrived-time"
    STAY_UNTIL = "sipandu-rt-stay-until"
    SAVE = "sipandu-rt-save"
    RESULT = "sipandu-rt-result"  # why nothing was saved, or that it was
    PROOF = "sipandu-rt-proof"  # "Bukti pendaftaran" with its print button, shown after a save
    PROOF_BODY = "sipandu-rt-proof-body"
    PROOF_ID = "sipandu-rt-proof-id"  # the new record's number in the proof
    PROOF_NIK = "sipandu-rt-proof-nik"  # masked
    PRINT = "sipandu-rt-print"
    PRINTED = "sipandu-rt-printed"  # store: the clientside print's output
    PRESENT = "sipandu-rt-present"  # table: the RT's present newcomers (recorded or active), NIK masked
    PRESENT_CAPTION = "sipandu-rt-present-caption"
    DONE = "sipandu-rt-done"  # store: bumped after a save or a departure, so the list reloads
    SELECTED = "sipandu-rt-selected"  # store: the record id (pseudonymous) chosen for "Pindah"
    DEPART_PANEL = "sipandu-rt-depart"
    DEPART_WHO = "sipandu-rt-depart-who"
    LEFT_DATE = "sipandu-rt-left-date"
    LEFT_TIME = "sipandu-rt-left-time"
    DESTINATION = "sipandu-rt-destination"
    DEPART = "sipandu-rt-depart-save"
    DEPART_MESSAGE = "sipandu-rt-depart-message"
    # where each field's error is shown, by the service's field name (modules/sipandu/checks.py)
    ERROR_FIELDS = ("nik", "name", "sex", "birth_date", "origin_regency", "rt_code", "kos_code", "address", "purpose",
                    "sponsor", "arrived_at", "stay_until")
    DEPART_FIELDS = ("left_at", "destination_regency")

    @staticmethod
    def error(field: str) -> str:
        return "sipandu-rt-error-" + field.replace("_", "-")


# who may open the page; its callbacks check the same roles on every request
ROLES = ("rt_rw",)
