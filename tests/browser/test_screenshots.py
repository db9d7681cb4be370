"""`make screenshots`: every page planned for a user allowed on it, and real pictures taken."""

import dash
import pytest
from PIL import Image

from auth.pages import page_roles
from core.demo import DEMO_PASSWORD, ensure_demo_users
from review.screenshots import capture, demo_users, planned_shots, write_index

pytestmark = pytest.mark.browser


def test_every_page_is_planned_once_for_a_user_its_roles_allow(app, databases):
    with databases.transaction() as session:
        ensure_demo_users(session)
    users = demo_users(databases)
    pages = list(dash.page_registry.values())
    shots = planned_shots(pages, users, ["/lapor"])

    role_of = {user["username"]: user["role"] for user in users}
    planned = {shot.path: shot for shot in shots}
    assert set(planned) == {page["path"] for page in pages if not page.get("path_template")} | {"/lapor"}
    assert planned["/lapor"].username is None
    for page in pages:
        shot = planned[page["path"]]
        assert role_of[shot.username] in page_roles(page), page["path"]
    assert planned["/tpkpm"].username == "operator"  # the command center's own view first

    every = planned_shots(pages, users, [], every_role=True)
    wall_users = {shot.username for shot in every if shot.path == "/wall"}
    assert wall_users == {u["username"] for u in users if u["role"] in page_roles(dash.page_registry["layouts.wall"])}


def test_pictures_are_taken_at_the_asked_size_after_logging_in(app, databases, live_server, browser, tmp_path):
    with databases.transaction() as session:
        ensure_demo_users(session)
    users = demo_users(databases)
    shots = [shot for shot in planned_shots(list(dash.page_registry.values()), users, ["/lapor"])
             if shot.path in ("/pimpinan", "/lapor")]

    taken = capture(live_server, shots, DEMO_PASSWORD, tmp_path, sizes={"small": (800, 600)}, progress=False,
                    browser=browser)

    assert [(item["path"], item["size"]) for item in taken] == [("/lapor", "small"), ("/pimpinan", "small")]
    for item in taken:
        with Image.open(tmp_path / item["file"]) as picture:
            assert picture.size == (800, 600)
            assert len(picture.convert("L").getcolors(256)) > 10, f"{item['path']} is blank"
    assert all(item["settled"] for item in taken)
    index = write_index(tmp_path, taken).read_text()
    assert "/pimpinan" in index and "pimpinan-small.png" in index
