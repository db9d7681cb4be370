import pytest

from geo import load_bundled


@pytest.fixture(scope="session")
def kecamatan():
    return load_bundled("kecamatan")


@pytest.fixture(scope="session")
def kelurahan():
    return load_bundled("kelurahan")
