"""The policy pack (pulumi_ice_voice/policy): its rules and their wiring, without the engine."""
