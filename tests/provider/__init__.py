"""Provider unit tier: the provider's config, input rules, pickling, stderr and job tracker,
in-process."""
