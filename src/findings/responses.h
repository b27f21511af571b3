/* responses.h: reading back a returned findings workbook (xlsx), the one
 * `auditkit findings` wrote and the client filled in with LibreOffice or
 * Excel: the correction, root cause, corrective action, owner, dates and
 * status of each finding, by its Id and Key, so the next register carries
 * them and nothing the client typed is lost.
 *
 * An xlsx is a zip of XML parts: libzip reads the parts (it checks their
 * CRCs, and handles the zip64 and data-descriptor forms Excel and
 * LibreOffice write), expat parses them as a stream, so memory grows with
 * the text the client wrote, not with the sheet. The Findings sheet is
 * found by name through the workbook's relationships, its columns by their
 * header captions, so a client who moved or hid a column is still read. */
#ifndef AK_RESPONSES_H
#define AK_RESPONSES_H

#include <stddef.h>

#include "core/err.h"
#include "findings/report.h"

/* Read path into a new array of responses (*out, *n; freed by
 * report_release once handed to a report). Problems are reported naming
 * the file: AK_ERR_INPUT when it cannot be read, AK_ERR_DATA when it is not
 * a findings workbook. */
ak_err responses_read(const char *path, struct report_response **out, size_t *n);

#endif
