/*
 * The stored form of a translation unit's lowered IR (ir.h), so that the
 * whole program can be analysed after the build from the database
 * (vmalock link): the functions, the locations with their source lines
 * (for fingerprints), the callback registrations, the in-source
 * annotations and (format 2) the constant fields of const globals.
 *
 * Layout: "VLIR", a 32-bit little-endian format number, then a string
 * table and the unit's tables, every number an unsigned LEB128 varint
 * (indexes stored plus one, so that VL_NONE is 0; signed values
 * zigzag-encoded).  docs/architecture.md describes the tables.
 */
#ifndef VL_IRIO_H
#define VL_IRIO_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"
#include "util.h"

/* Format 2 added the constant fields of const globals, 3 the logical
 * operators (VL_X_LAND, VL_X_LOR), 4 VL_X_EQ, 5 pointer arithmetic
 * (VL_X_OFFSET); the earlier ones are still read. */
#define VL_IR_FORMAT 5

/* Append the stored form of u to out.  Source lines come from
 * u->fe.line_text (or u->line_texts). */
void vl_ir_encode(const struct vl_unit *u, struct vl_buf *out);

/*
 * Read a stored unit into prog, appending its files, locations,
 * callbacks, annotations and functions (strings interned in prog).
 * Static functions get the link name "name@tag" and the unit's calls to
 * them are resolved to it, so that static functions of different units
 * do not meet.  On a malformed blob, returns -1 with a malloc'ed message
 * in *err and leaves prog as it was.
 */
int vl_ir_decode_into(struct vl_unit *prog, const void *data, size_t len,
		      const char *tag, char **err);

/* Keep one definition of each link name (the first): a non-static
 * function defined by two units.  Returns how many were dropped. */
uint32_t vl_unit_drop_duplicate_functions(struct vl_unit *u);

#endif /* VL_IRIO_H */
