"""Pulumi dynamic provider for Alibaba Cloud ICE customized voices."""
