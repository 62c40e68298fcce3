"""Put on the provider host's PYTHONPATH (not imported): its sitecustomize turns on DEBUG
logging."""
