// The declaration in include/CFuzzer.h is defined by libFuzzer, linked through -sanitize=fuzzer.
