"""Alibaba Cloud ICE voice-cloning API client."""
