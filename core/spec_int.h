/*
 * Internal interface between the spec parser (spec_parse.c) and the spec
 * container (spec.c).  Not for other users.
 */
#ifndef VL_SPEC_INT_H
#define VL_SPEC_INT_H

#include <stdarg.h>

#include "spec.h"

void vl_spec_vdiag(struct vl_spec *s, struct vl_pos pos, const char *fmt,
		   va_list ap);
void vl_spec_diag(struct vl_spec *s, struct vl_pos pos, const char *fmt, ...)
	VL_PRINTF(3, 4);
void vl_spec_add_class(struct vl_spec *s, struct vl_class *c);
void vl_spec_add_function(struct vl_spec *s, struct vl_fnspec *fn);
void vl_spec_add_field(struct vl_spec *s, struct vl_field_rule *fr);
void vl_spec_add_order(struct vl_spec *s, const struct vl_order_edge *e);
void vl_spec_add_forbid(struct vl_spec *s, const struct vl_forbid *f);
void vl_spec_add_define(struct vl_spec *s, struct vl_define *d);
void vl_spec_add_callback(struct vl_spec *s, struct vl_callback *cb);

#endif
