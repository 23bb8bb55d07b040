import FuzzSupport

// The feed extractor over each input libFuzzer makes up.
FuzzDriver.run { data, count in FuzzHarness.extract(with: "feed", data, count) }
