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
