#ifndef COMPETENCYKIT_CLIBXML2_SHIM_H
#define COMPETENCYKIT_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; its UErrorCode clashes with Foundation's when both are
// imported into one Swift module, and nothing here needs ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>

// Swift 6 rejects the `xmlFree` global function pointer as not concurrency-safe.
static inline void ck_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
