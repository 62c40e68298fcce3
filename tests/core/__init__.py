"""Core tier: the provider core in-process, no Pulumi: input rules, the poller, config,
and the one-job rules of every edition against the emulator and its faults."""
