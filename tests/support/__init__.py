"""What the tiers share: the CLI driver and what it printed (cli, cli_reading, outcomes,
hosts, examples, toys, soak, probe), TypeScript and Pulumi YAML projects on the CLI's other
language hosts (language_hosts), emulators and their control API (emulator), voices and
stack config as tests declare them (voices), programs under mocks (program, props) and
pickles (pickles). Fixtures stay in the conftest.py files; a tier's own helpers may stay in
its package (tests/emulator/_raw.py, tests/sdk/icevoice_fakes.py, ...)."""
