import FuzzSupport

// The markdown extractor over each input libFuzzer makes up.
FuzzDriver.run { data, count in FuzzHarness.extract(with: "markdown", data, count) }
