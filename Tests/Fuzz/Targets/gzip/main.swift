import FuzzSupport

// gzip decoding, whole and in chunks, over each input libFuzzer makes up.
FuzzDriver.run { data, count in FuzzHarness.gunzip(data, count) }
