"""The dynamic provider: the front door for Python programs (`pulumi.dynamic`).

provider    DynamicProvider, the adapter every provider class of _provider.py is
resource    DynamicResource, what every resource class shares
resources   the resource classes, GENERATED from the kinds' tables (generate.py)
values      the host's unknowns at the core's edge
host_pool   widening the host's four worker threads
"""
