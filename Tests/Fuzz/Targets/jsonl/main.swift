import FuzzSupport

// The jsonl extractor over each input libFuzzer makes up.
FuzzDriver.run { data, count in FuzzHarness.extract(with: "jsonl", data, count) }
