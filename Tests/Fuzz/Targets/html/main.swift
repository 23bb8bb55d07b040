import FuzzSupport

// The html extractor over each input libFuzzer makes up.
FuzzDriver.run { data, count in FuzzHarness.extract(with: "html", data, count) }
