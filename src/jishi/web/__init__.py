"""`jishi serve`: the analyst's workbench in the browser and the JSON API under /api.

Modules: app (the FastAPI application, its errors and dependencies), api (JSON
endpoints), pages (server-rendered HTML), markup (marking entities, times,
quotes and events in text), charts (plotly figures). Every answer comes from
jishi.store.queries and jishi.store.detail, the query layer the CLI uses too.
"""

from jishi.web.app import create_app

__all__ = ["create_app"]
