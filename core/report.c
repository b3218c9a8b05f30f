/*
 * Findings after analysis: ordering and stable fingerprints.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"

void vl_finding_release(struct vl_finding *f)
{
	uint32_t i;

	free(f->message);
	for (i = 0; i < f->nsteps; i++)
		free(f->steps[i].msg);
	free(f->steps);
	memset(f, 0, sizeof(*f));
}

static const struct vl_unit *sort_unit;

static int finding_cmp(const void *a, const void *b)
{
	const struct vl_finding *x = a, *y = b;
	const struct vl_loc *lx = &sort_unit->locs[x->loc];
	const struct vl_loc *ly = &sort_unit->locs[y->loc];
	int c;

	if (lx->file != ly->file) {
		c = strcmp(sort_unit->files[lx->file],
			   sort_unit->files[ly->file]);
		if (c)
			return c;
	}
	if (lx->line != ly->line)
		return lx->line < ly->line ? -1 : 1;
	if (lx->col != ly->col)
		return lx->col < ly->col ? -1 : 1;
	c = strcmp(x->checker, y->checker);
	if (c)
		return c;
	c = strcmp(x->key, y->key);
	if (c)
		return c;
	return strcmp(x->message, y->message);
}

/* The hash of everything but the occurrence index. */
static uint64_t base_hash(const struct vl_unit *u, const struct vl_finding *f)
{
	const struct vl_loc *l = &u->locs[f->loc];
	uint64_t h = VL_HASH_INIT;
	const char *text = NULL;
	size_t len = 0, i;

	h = vl_hash_str(h, f->checker);
	h = vl_hash_str(h, u->files[l->file]);
	h = vl_hash_str(h, f->function);
	h = vl_hash_str(h, f->key);
	if (u->fe.line_text)
		text = u->fe.line_text(u->fe.ctx, f->loc, &len);
	for (i = 0; text && i < len; i++) {
		if (!isspace((unsigned char)text[i]))
			h = vl_hash_bytes(h, &text[i], 1);
	}
	return vl_hash_bytes(h, "", 1);
}

void vl_unit_finish_findings(struct vl_unit *u)
{
	uint64_t *base;
	uint32_t i, j;

	if (!u->nfindings)
		return;
	sort_unit = u;
	qsort(u->findings, u->nfindings, sizeof(*u->findings), finding_cmp);
	sort_unit = NULL;
	base = vl_xmalloc(sizeof(*base) * u->nfindings);
	for (i = 0; i < u->nfindings; i++)
		base[i] = base_hash(u, &u->findings[i]);
	for (i = 0; i < u->nfindings; i++) {
		uint32_t occurrence = 0;
		char occ[16];
		uint64_t h;

		/* Identical findings earlier in the unit (same text on
		 * another line) are told apart by their order. */
		for (j = 0; j < i; j++)
			if (base[j] == base[i])
				occurrence++;
		snprintf(occ, sizeof(occ), "%u", occurrence);
		h = vl_hash_str(base[i], occ);
		snprintf(u->findings[i].fingerprint,
			 sizeof(u->findings[i].fingerprint), "%016llx",
			 (unsigned long long)h);
	}
	free(base);
}
