"""Put on the provider host's PYTHONPATH (not imported): its sitecustomize logs the job
tracker's rounds."""
