"""Component ids, one class per page, so a layout and its callbacks cannot drift apart by a typo."""


class Home:
    LEVEL = "home-level"
    MAP = "home-map"
    DISTRICT_LIST = "home-district-list"


class Shell:
    URL = "shell-url"
