"""Component ids of the RT/RW head's proposal form (/musrenbang/baru), works on a phone."""


class UsulanBaru:
    PAGE = "usulan-baru-page"
    PLACE = "usulan-baru-place"  # "Kelurahan Ketabang, RW 01": where the head proposes
    CEILING = "usulan-baru-ceiling"  # the RW's ceiling this year: used and left
    ROUND = "usulan-baru-round"  # the RW round's dates this year, and whether it is open today
    ITEM = "usulan-baru-item"
    ITEM_ABOUT = "usulan-baru-item-about"  # unit, unit cost, the OPD that builds it
    VOLUME = "usulan-baru-volume"
    COST = "usulan-baru-cost"  # the estimated cost, live
    MAP = "usulan-baru-map"
    GPS = "usulan-baru-gps"  # the phone's own position (the browser asks the user first)
    GPS_STATUS = "usulan-baru-gps-status"
    LAT = "usulan-baru-lat"
    LON = "usulan-baru-lon"
    ADDRESS = "usulan-baru-address"
    RT = "usulan-baru-rt"
    TITLE = "usulan-baru-title"
    DESCRIPTION = "usulan-baru-description"
    PHOTOS = "usulan-baru-photos"  # dcc.Upload, image/*: a phone offers its camera
    PHOTO_LIST = "usulan-baru-photo-list"
    SUBMIT = "usulan-baru-submit"
    RESULT = "usulan-baru-result"
    ITEMS = "usulan-baru-items"  # store: the dictionary's items as the form shows them
    NUMBER = "usulan-baru-number"  # the new proposal's number in the result
    # where each field's error is shown, by the desk's field name (data/planning_desk.PROPOSAL_FIELDS)
    ERROR_FIELDS = ("item_code", "volume", "location", "rt", "address", "title", "description", "photos")

    @staticmethod
    def error(field: str) -> str:
        return "usulan-baru-error-" + field.replace("_", "-")


# who may open the page; its callbacks check the same roles on every request
ROLES = ("rt_rw",)
