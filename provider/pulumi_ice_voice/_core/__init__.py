"""The core both front doors adapt: what the provider does to ICE, in typed inputs and
records, knowing no property bags and importing no pulumi (a test holds it to that).

    errors      the VoiceError tree          unknown     the not-known-yet marker
    config      settings, ProviderConfig     session     client, poller, services
    inputs      rows, rules, checking        records     states, records, merging
    voices      the Voices base, Plan        kinds       the seam both doors adapt
    tracker     the shared poller            reads       one round's ICE reads
    once        requests that must act once  lines       the user's lines
    embedded    the in-process emulator      watchdog    ending with the engine
    autoname    the keys programs compute    statuses    ICE's job statuses
"""
