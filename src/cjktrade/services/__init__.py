"""Use cases: one function per thing a user asks, shared by the CLI, the API and the web app."""
