"""Scale tier: many voices through the real dynamic-provider host against the emulator."""
