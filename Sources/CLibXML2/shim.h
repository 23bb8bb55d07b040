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

// libxml2 prints some errors (bytes that do not fit the declared encoding) through its generic
// error function, to standard error, whatever the parse options say, and a later error of the same
// read can take their place as the last error. Before each read, the generic function is made a
// no-op and a structured one notes the first encoding error's line (per thread); the handlers are
// variadic or take libxml2's error type, which differs between releases, so they are written here.
static void palimpsest_ignoreGenericError(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static __thread int palimpsest_encodingErrorLine = 0;

static void palimpsest_noteError(void *context, const void *error) {
    (void)context;
    const xmlError *details = (const xmlError *)error;
    if (details == NULL || palimpsest_encodingErrorLine != 0) return;
    if (details->domain == XML_FROM_I18N || details->code == XML_IO_ENCODER) {
        palimpsest_encodingErrorLine = details->line > 0 ? details->line : 1;
    }
}

static inline void palimpsest_xmlBeginRead(void) {
    palimpsest_encodingErrorLine = 0;
    xmlSetGenericErrorFunc(NULL, palimpsest_ignoreGenericError);
    xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)palimpsest_noteError);
}

// The line of the first encoding error since palimpsest_xmlBeginRead, or 0 when there was none.
static inline int palimpsest_xmlEncodingErrorLine(void) {
    return palimpsest_encodingErrorLine;
}
