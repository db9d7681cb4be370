"""Infrastructure monitoring (`infrastructure`): the registration of the infrastructure domain (see
core.domains): the module (modules/infrastructure: inventory, states, state changes, rollups,
maintenance windows, alerts), its prober and demo fleet, its read side and its pages."""

from core.domains import Domain, SettingsSection
from core.settings import PROJECT_ROOT
from modules.infrastructure.settings import InfrastructureSettings, validate

DOMAIN = Domain(
    name="infrastructure",
    package="modules.infrastructure",
    settings=SettingsSection("infrastructure", InfrastructureSettings(), validate),
    models=("modules.infrastructure.models", "modules.infrastructure.keys"),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "infrastructure",
                "warehouse": PROJECT_ROOT / "migrations" / "warehouse" / "infrastructure"},
    reference="modules.infrastructure.reference:load_infrastructure_reference",
    messages="modules.infrastructure.messages",
    sample="modules.infrastructure.sample:write_sample",
    extract="modules.infrastructure.extract:snapshots_by_entity",
    blueprints=("modules.infrastructure.http.api:blueprint",),
    openapi="modules.infrastructure.http.openapi:api_description",
    cli="modules.infrastructure.cli:add_commands",
)
