"""Engine-protocol tier: the real dynamic-provider host driven over gRPC."""
