"""Host tier: widening the dynamic-provider host's worker pool
(provider/pulumi_ice_voice/_host.py)."""
