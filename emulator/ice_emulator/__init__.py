"""A local emulator of the Alibaba Cloud ICE voice-cloning API."""
