// libxml2's HTML parser, for the HTML extractor.
//
// Debian builds libxml2 with ICU, whose headers clash with the copy of ICU inside Foundation; the
// extractor uses no ICU-specific API, so the ICU part of libxml2's headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function pointer Swift cannot call directly.
static inline void palimpsest_xmlFree(void *pointer) {
    xmlFree(pointer);
}

// libxml2 prints some errors through its generic error function, to standard error, whatever the
// parse options say. Before each read the generic function is made a no-op; it is variadic, so it
// is written here. Errors are still recorded as the thread's last error.
static void palimpsest_ignoreGenericError(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static inline void palimpsest_xmlBeginRead(void) {
    xmlSetGenericErrorFunc(NULL, palimpsest_ignoreGenericError);
}
