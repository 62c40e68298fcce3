"""SDK unit tier: the icevoice client on a fake transport and a fake clock, no network."""
