"""Domains come after the domains they build on (their demo, workers and routes), otherwise in the
order found; a missing or circular dependency is refused by name."""

import pytest

from core.domains import Domain, _after_what_they_build_on, registered_domains


def names(domains) -> list[str]:
    return [domain.name for domain in domains]


def test_a_domain_comes_after_what_it_builds_on_and_the_rest_keep_their_order():
    found = [Domain("kinerja", builds_on=("staff",)), Domain("complaints"), Domain("office", builds_on=("staff",)),
             Domain("staff"), Domain("sipandu")]
    assert names(_after_what_they_build_on(found)) == ["complaints", "staff", "kinerja", "office", "sipandu"]


def test_a_missing_or_circular_dependency_is_refused_by_name():
    with pytest.raises(ValueError, match="staff"):
        _after_what_they_build_on([Domain("kinerja", builds_on=("staff",))])
    with pytest.raises(ValueError, match="circle"):
        _after_what_they_build_on([Domain("a", builds_on=("b",)), Domain("b", builds_on=("a",))])


def test_the_registered_domains_are_in_that_order():
    placed: set[str] = set()
    for domain in registered_domains():
        assert set(domain.builds_on) <= placed, domain.name
        placed.add(domain.name)
