// zlib, for gzip input. inflateInit2 is a macro Swift cannot import: wrap it.
#include <zlib.h>

static inline int palimpsest_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
