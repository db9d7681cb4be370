"""Command Center 112: the registration of the incidents domain (see core.domains).

This file holds the write side (modules/incidents); the read side (ETL, marts, data queries)
adds its parts here."""

from core.domains import Domain, SettingsSection
from core.settings import PROJECT_ROOT
from modules.incidents.settings import IncidentSettings, validate

DOMAIN = Domain(
    name="incidents",
    package="modules.incidents",
    settings=SettingsSection("incidents", IncidentSettings(), validate),
    models=("modules.incidents.models",),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "incidents"},
    reference="modules.incidents.reference:load_incident_reference",
    messages="modules.incidents.messages",
    demo_history="simulator.incidents:fill_demo_history",
    demo_feed="simulator.incidents:start_live_feed",
    seeder="simulator.incident_city:city_seed",
    blueprints=("modules.incidents.http:blueprint",),
    openapi="modules.incidents.openapi:api_description",
    cli="modules.incidents.cli:add_commands",
    sample="modules.incidents.sample:write_sample",
    extract="modules.incidents.extract:snapshots_by_entity",
)
