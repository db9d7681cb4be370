"""Files the dashboard pages offer for download, served by plain Flask routes.

A Dash callback would build the whole file in memory and send it inside its JSON answer (a year of
complaints is a few hundred thousand rows: hundreds of MB in a worker at its peak); a route streams
it chunk by chunk instead. Every route checks the page's roles and passes the viewer to `data/`,
which applies his scope, as the page's callbacks do. A domain names its download blueprints in its
registration (`Domain.downloads`); the app factory registers them.
"""
