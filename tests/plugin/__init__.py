"""Plugin front door tier: the adapter and the server in-process, the schema."""
