import FuzzSupport

// The text extractor over each input libFuzzer makes up.
FuzzDriver.run { data, count in FuzzHarness.extract(with: "text", data, count) }
