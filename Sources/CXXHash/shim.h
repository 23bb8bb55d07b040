// xxHash's XXH3, for 64-bit token and shingle hashes.
#include <xxhash.h>
