import FuzzSupport

// The warc extractor over each input libFuzzer makes up.
FuzzDriver.run { data, count in FuzzHarness.extract(with: "warc", data, count) }
