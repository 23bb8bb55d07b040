// xxHash's XXH3, for 64-bit token and shingle hashes. XXH_INLINE_ALL compiles the functions from
// the header as static inline, so Swift inlines a short token's hash instead of calling into the
// shared library for every token (the output is the same: the algorithm is frozen since 0.8.0).
#define XXH_INLINE_ALL
#include <xxhash.h>

// The inlined XXH3-64 under a name Swift can see (XXH_INLINE_ALL renames the header's functions).
static inline XXH64_hash_t palimpsest_xxh3_64(const void *input, size_t length, XXH64_hash_t seed) {
    return XXH3_64bits_withSeed(input, length, seed);
}
