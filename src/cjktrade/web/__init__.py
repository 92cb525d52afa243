"""The web app: server-rendered pages in English, Simplified Chinese, Japanese and Korean.

``cjktrade.web.app.mount(app)`` adds the pages to the FastAPI app of ``cjktrade.api.app``. Each page
is a thin route that parses a form, calls a service and renders a Jinja2 template; see docs/web.md.
"""
