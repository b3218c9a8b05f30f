/* See spec_exercise.h. */
#include "fuzz/spec_exercise.h"

#include "core/ir.h"
#include "core/spec.h"

#include <string.h>

/* Format R (may be NULL) and throw the text away: it must not crash. */
static void format_req(const struct vl_req *r)
{
	struct vl_buf b;

	if (!r)
		return;
	vl_buf_init(&b);
	vl_req_format(r, NULL, &b);
	vl_buf_free(&b);
}

int vl_spec_exercise(const char *text, size_t len)
{
	static const char *const params[] = { "mm", "vma" };
	static const enum vl_subject_kind kinds[] = {
		VL_SUBJ_NONE, VL_SUBJ_FUNCTION, VL_SUBJ_FIELD, VL_SUBJ_RECORD,
	};
	struct vl_spec *s = vl_spec_new();
	struct vl_buf b;
	const struct vl_diag *d;
	uint32_t n, i, k;
	int bad = 0;

	vl_spec_parse(s, "f.spec", text, len);
	if (strlen(text) == len) {
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			struct vl_subject subj = { kinds[k], "r", "f",
						   params, 2 };

			vl_spec_parse_annotation(s, &subj, text, "a.c", 3, 4);
		}
	}
	vl_spec_finish(s);
	vl_spec_finish(s);
	vl_buf_init(&b);
	vl_spec_format_diags(s, &b);
	vl_buf_free(&b);
	d = vl_spec_diags(s, &n);
	for (i = 0; i < n; i++)
		if (!d[i].msg || !d[i].pos.file)
			bad++;
	/* Exercise the text forms of whatever parsed. */
	for (i = 0; i < s->nfns; i++)
		for (k = 0; k < s->fns[i]->neffects; k++)
			format_req(s->fns[i]->effects[k].req);
	for (i = 0; i < s->nfields; i++)
		for (k = 0; k < s->fields[i]->ncases; k++)
			format_req(s->fields[i]->cases[k].req);
	vl_spec_function(s, "mmap_write_lock");
	vl_spec_field(s, "vm_area_struct", "vm_start.x");
	vl_spec_free(s);
	return bad;
}
