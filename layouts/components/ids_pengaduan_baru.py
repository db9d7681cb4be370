"""Component ids of the staff intake page (complaints taken by phone or at the counter)."""


class PengaduanBaru:
    PAGE = "baru-page"
    CHANNEL = "baru-channel"
    CATEGORY = "baru-category"
    DESCRIPTION = "baru-description"
    LAT = "baru-lat"
    LON = "baru-lon"
    ADDRESS = "baru-address"
    RT = "baru-rt"  # optional: the RT / RW the caller names
    RW = "baru-rw"
    MAP = "baru-map"  # click to pick the point
    SEARCH = "baru-search"  # find a place (street, kelurahan, landmark) by typing: moves the point
    PLACE = "baru-place"  # the kelurahan and kecamatan of the chosen point
    REPORTER_NAME = "baru-reporter-name"
    REPORTER_CONTACT = "baru-reporter-contact"
    RECEIVED_DATE = "baru-received-date"
    RECEIVED_TIME = "baru-received-time"
    SUBMIT = "baru-submit"
    RESULT = "baru-result"
    # where each field's error is shown, by the service's field name
    ERROR_FIELDS = ("channel", "category_code", "description", "location", "lat", "lon", "address",
                    "rt", "rw", "reporter_name", "reporter_contact", "received_at")

    @staticmethod
    def error(field: str) -> str:
        return "baru-error-" + field.replace("_", "-")


# who may open the page; its callbacks check the same roles on every request
ROLES = ("operator", "admin")
