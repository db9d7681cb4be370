"""Admin API keys: issue (the secret is shown once, in the answer to that click only) and revoke, through
data/admin_desk.py and the same service functions as the command line."""

from callbacks._admin import secret_page_callback
from data import admin_desk
from layouts.components.ids_admin_kunci_api import ROLES, AdminKunciApi as K

secret_page_callback(K, ROLES, admin_desk.issue_api_key, admin_desk.revoke_api_key, admin_desk.api_keys)
