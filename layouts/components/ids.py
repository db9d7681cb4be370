"""Component ids, one class per page, so a layout and its callbacks cannot drift apart by a typo."""


class Home:
    TITLE = "home-title"          # names the viewer's area: "Kota Surabaya hari ini"
    TODAY = "home-today"          # holds a SECTION per registered domain (Domain.today)
    SECTION = "home-today-section"  # one domain's section, drawn by its own request (pattern-matching id)
    REFRESH = "home-refresh"      # dcc.Interval: live figures (answers are cached per mart version)
    LEVEL = "home-level"
    MAP = "home-map"
    MAP_CAPTION = "home-map-caption"
    DISTRICT_LIST = "home-district-list"

    @staticmethod
    def section(domain: str) -> dict:
        return {"type": Home.SECTION, "domain": domain}


class Shell:
    URL = "shell-url"
