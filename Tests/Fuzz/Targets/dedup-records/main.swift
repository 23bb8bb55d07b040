import FuzzSupport

// The deduplicator's JSON Lines reader over each file libFuzzer makes up.
FuzzDriver.run { data, count in FuzzHarness.dedupRecords(data, count) }
