-- Rate-limit counters need no durability (a crash may reset them) and are the hottest rows
-- under load: unlogged, their updates write no WAL and commit without waiting for the disk.
ALTER TABLE "rate_limits" SET UNLOGGED;
