"""e-Musrenbang -> e-Planning -> e-Budgeting -> realisation (`planning`): the registration of the
planning domain (see core.domains): the module (modules/planning: the proposal dictionary,
proposals and their rounds, the annual plan, the budget, payments and works with their progress)."""

from core.domains import Domain, SettingsSection
from core.settings import PROJECT_ROOT
from modules.planning.settings import PlanningSettings, validate

DOMAIN = Domain(
    name="planning",
    package="modules.planning",
    settings=SettingsSection("planning", PlanningSettings(), validate),
    models=("modules.planning.models", "modules.planning.budget_models"),
    migrations={"transactional": PROJECT_ROOT / "migrations" / "transactional" / "planning"},
    reference="modules.planning.reference:load_planning_reference",
    messages="modules.planning.messages",
    blueprints=("modules.planning.http.budget:blueprint",),
    # one document per domain: the proposals' describe() merges budget_openapi.describe() once it exists
    openapi="modules.planning.http.budget_openapi:describe",
)
