// libFuzzer's driver, for executables that keep their own `main` (SwiftPM names every executable's
// entry point itself, so libFuzzer's `main` cannot be used).
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line's options over `test_one_input`; returns its exit status.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test_one_input)(const uint8_t *data, size_t size));
