"""The staff registry (`staff`): the registration of the domain (see core.domains): the module
(modules/staff: people, their OPD, unit, position and supervisor, their Pantau user). e-Kinerja and
e-Office (domains/kinerja.py, domains/office.py) build on it: their migrations depend on its first."""

from core.domains import Domain
from core.settings import PROJECT_ROOT

DOMAIN = Domain(
    name="staff",
    package="modules.staff",
    models=("modules.staff.models",),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "staff"},
)
