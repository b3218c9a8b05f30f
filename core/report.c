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

/* The index just after the end of a comment whose text starts at
 * text[i], or len if the comment does not end on the line. */
static size_t comment_end(const char *text, size_t len, size_t i)
{
	for (; i + 1 < len; i++) {
		if (text[i] == '*' && text[i + 1] == '/')
			return i + 2;
	}
	return len;
}

/*
 * Hash a source line without whitespace and without comments, so that a
 * comment added on the line (a suppression) keeps the fingerprint.  A
 * comment that does not end on the line runs to its end; string and
 * character literals are kept whole (a comment opener in a string is
 * no comment).
 */
static uint64_t hash_code(uint64_t h, const char *text, size_t len)
{
	char quote = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (quote) {
			if (c == '\\' && i + 1 < len) {
				/* An escaped quote does not end the literal. */
				h = vl_hash_bytes(h, &c, 1);
				c = text[++i];
			} else if (c == quote) {
				quote = 0;
			}
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '/' && i + 1 < len && text[i + 1] == '/') {
			break;
		} else if (c == '/' && i + 1 < len && text[i + 1] == '*') {
			i = comment_end(text, len, i + 2) - 1;
			continue;
		}
		if (!isspace((unsigned char)c))
			h = vl_hash_bytes(h, &c, 1);
	}
	return h;
}

/* The hash of everything but the occurrence index. */
static uint64_t base_hash(const struct vl_unit *u, const struct vl_finding *f)
{
	const struct vl_loc *l = &u->locs[f->loc];
	uint64_t h = VL_HASH_INIT;
	const char *text = NULL;
	size_t len = 0;

	h = vl_hash_str(h, f->checker);
	h = vl_hash_str(h, u->files[l->file]);
	h = vl_hash_str(h, f->function);
	h = vl_hash_str(h, f->key);
	if (u->fe.line_text)
		text = u->fe.line_text(u->fe.ctx, f->loc, &len);
	if (text)
		h = hash_code(h, text, len);
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
