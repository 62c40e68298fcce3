"""Dynamic front door tier: the provider pickled into states, the widened host,
programs under pulumi.runtime mocks, the generated resource classes."""
