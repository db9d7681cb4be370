from dash import Input, Output

from callbacks._register import callback
from core.services import current_services

from .dashboard import wettest
from .ids import ROLES, WETTEST


@callback(Output(WETTEST, "children"), Input(WETTEST, "id"), roles=ROLES)
def show_wettest(_id):
    from flask_login import current_user

    return f"Hujan terlebat: {wettest(current_services(), current_user.viewer):.1f} mm"
