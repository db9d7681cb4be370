"""Component ids, one class per page, so a layout and its callbacks cannot drift apart by a typo."""


class Home:
    TITLE = "home-title"          # names the viewer's area: "Kota Surabaya hari ini"
    TODAY = "home-today"          # a section per registered domain (Domain.today)
    REFRESH = "home-refresh"      # dcc.Interval: live figures (answers are cached per mart version)
    LEVEL = "home-level"
    MAP = "home-map"
    MAP_CAPTION = "home-map-caption"
    DISTRICT_LIST = "home-district-list"


class Shell:
    URL = "shell-url"
