/*
 * Writing and reading the stored form of a unit's IR (see irio.h).
 *
 * The reader trusts nothing: every count is bounded by the bytes left,
 * every index is checked against the table it points into, and an
 * expression may only refer to expressions before it (no cycles), so
 * that the analysis of a read-back unit cannot go out of bounds.
 */
#include "irio.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

#define MAGIC "VLIR"

/* ==================================================================== */
/* Writing                                                              */
/* ==================================================================== */

struct writer {
	struct vl_buf *out;
	/* String table: content -> index + 1 (0 is NULL). */
	const char **strs;
	uint32_t nstrs, capstrs;
	uint32_t *slots;
	uint32_t nslots;
	struct vl_arena arena;
};

static void put_u64(struct vl_buf *b, uint64_t v)
{
	do {
		char c = (char)(v & 0x7f);

		v >>= 7;
		if (v)
			c = (char)(c | 0x80);
		vl_buf_putc(b, c);
	} while (v);
}

/* An index or count; VL_NONE is stored as 0. */
static void put_ix(struct vl_buf *b, uint32_t v)
{
	put_u64(b, (uint64_t)(uint32_t)(v + 1));
}

static void put_i64(struct vl_buf *b, int64_t v)
{
	put_u64(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static uint32_t str_id(struct writer *w, const char *s)
{
	uint32_t mask, i;

	if (!s)
		return 0;
	if (2 * (w->nstrs + 1) >= w->nslots) {
		uint32_t n = w->nslots ? 2 * w->nslots : 1024, j;

		free(w->slots);
		w->slots = vl_xcalloc(n, sizeof(*w->slots));
		w->nslots = n;
		for (j = 0; j < w->nstrs; j++) {
			mask = n - 1;
			for (i = (uint32_t)vl_hash_str(0, w->strs[j]) & mask;
			     w->slots[i]; i = (i + 1) & mask)
				;
			w->slots[i] = j + 1;
		}
	}
	mask = w->nslots - 1;
	for (i = (uint32_t)vl_hash_str(0, s) & mask; w->slots[i];
	     i = (i + 1) & mask)
		if (strcmp(w->strs[w->slots[i] - 1], s) == 0)
			return w->slots[i];
	/* (A copy: line texts are temporary.) */
	VL_PUSH(w->strs, w->nstrs, w->capstrs) = vl_arena_strdup(&w->arena, s);
	w->slots[i] = w->nstrs;
	return w->nstrs;
}

/* Strings are written as ids into a table that comes first: the body is
 * built in a second buffer. */
static void put_str(struct writer *w, const char *s)
{
	put_u64(w->out, str_id(w, s));
}

static const char *line_of(const struct vl_unit *u, uint32_t loc,
			   char **tmp)
{
	size_t len = 0;
	const char *t;

	*tmp = NULL;
	if (u->line_texts)
		return u->line_texts[loc];
	if (!u->fe.line_text)
		return NULL;
	t = u->fe.line_text(u->fe.ctx, loc, &len);
	if (!t)
		return NULL;
	*tmp = vl_xmalloc(len + 1);
	memcpy(*tmp, t, len);
	(*tmp)[len] = 0;
	return *tmp;
}

static void put_func(struct writer *w, const struct vl_func *f)
{
	struct vl_buf *b = w->out;
	uint32_t i;

	put_str(w, f->name);
	put_ix(b, f->loc);
	put_ix(b, f->end_loc);
	put_u64(b, f->is_static);
	put_u64(b, f->nparams);
	put_u64(b, f->nlocals);
	for (i = 0; i < f->nlocals; i++) {
		const struct vl_local *l = &f->locals[i];

		put_str(w, l->name);
		put_str(w, l->type);
		put_str(w, l->rec);
		put_i64(b, l->param);
		put_u64(b, (uint64_t)l->addr_taken | (uint64_t)l->is_record << 1);
	}
	put_u64(b, f->nexprs);
	for (i = 0; i < f->nexprs; i++) {
		const struct vl_expr *x = &f->exprs[i];

		put_u64(b, x->kind);
		put_u64(b, x->pred);
		put_ix(b, x->a);
		put_i64(b, x->k);
		put_str(w, x->rec);
		put_str(w, x->name);
	}
	put_u64(b, f->nevents);
	for (i = 0; i < f->nevents; i++) {
		const struct vl_event *e = &f->events[i];

		put_u64(b, e->kind);
		put_u64(b, e->flags);
		put_ix(b, e->loc);
		put_ix(b, e->a);
		put_ix(b, e->val);
		put_str(w, e->rec);
		put_str(w, e->name);
		put_ix(b, e->callee);
		put_ix(b, e->args);
		put_u64(b, e->nargs);
	}
	put_u64(b, f->nargs);
	for (i = 0; i < f->nargs; i++)
		put_ix(b, f->args[i]);
	put_u64(b, f->nblocks);
	for (i = 0; i < f->nblocks; i++) {
		const struct vl_block *bl = &f->blocks[i];

		put_ix(b, bl->first_event);
		put_u64(b, bl->nevents);
		put_ix(b, bl->first_succ);
		put_u64(b, bl->nsuccs);
	}
	put_u64(b, f->nedges);
	for (i = 0; i < f->nedges; i++) {
		const struct vl_edge *e = &f->edges[i];

		put_ix(b, e->from);
		put_ix(b, e->to);
		put_ix(b, e->cond);
		put_u64(b, e->sense);
		put_ix(b, e->extra);
		put_u64(b, e->nextra);
	}
	put_ix(b, f->entry);
	put_ix(b, f->exit);
	put_u64(b, f->nsites);
}

void vl_ir_encode(const struct vl_unit *u, struct vl_buf *out)
{
	struct writer w;
	struct vl_buf body;
	uint32_t i, j;
	unsigned char fmt[4] = { VL_IR_FORMAT & 0xff, 0, 0, 0 };

	memset(&w, 0, sizeof(w));
	vl_arena_init(&w.arena);
	vl_buf_init(&body);
	w.out = &body;
	put_u64(&body, u->nfiles);
	for (i = 0; i < u->nfiles; i++)
		put_str(&w, u->files[i]);
	put_u64(&body, u->nlocs);
	for (i = 0; i < u->nlocs; i++) {
		const struct vl_loc *l = &u->locs[i];
		char *tmp;

		put_ix(&body, l->file);
		put_u64(&body, l->line);
		put_u64(&body, l->col);
		put_str(&w, line_of(u, i, &tmp));
		free(tmp);
	}
	put_u64(&body, u->ncbregs);
	for (i = 0; i < u->ncbregs; i++) {
		const struct vl_cbreg *r = &u->cbregs[i];

		put_str(&w, r->func);
		put_str(&w, r->rec);
		put_str(&w, r->field);
		put_u64(&body, r->nsibs);
		for (j = 0; j < r->nsibs; j++) {
			put_str(&w, r->sibs[j].field);
			put_str(&w, r->sibs[j].name);
			put_i64(&body, r->sibs[j].value);
		}
	}
	put_u64(&body, u->nannots);
	for (i = 0; i < u->nannots; i++) {
		const struct vl_annot *a = &u->annots[i];

		put_u64(&body, a->kind);
		put_str(&w, a->name);
		put_str(&w, a->field);
		put_u64(&body, a->nparams);
		for (j = 0; j < a->nparams; j++)
			put_str(&w, a->params[j]);
		put_str(&w, a->text);
		put_str(&w, a->file);
		put_u64(&body, a->line);
		put_u64(&body, a->col);
	}
	put_u64(&body, u->nfuncs);
	for (i = 0; i < u->nfuncs; i++)
		put_func(&w, u->funcs[i]);
	/* Format 2: the constant fields of const globals. */
	put_u64(&body, u->nconsts);
	for (i = 0; i < u->nconsts; i++) {
		put_str(&w, u->consts[i].global);
		put_str(&w, u->consts[i].field);
		put_i64(&body, u->consts[i].value);
	}

	vl_buf_add(out, MAGIC, 4);
	vl_buf_add(out, (const char *)fmt, 4);
	put_u64(out, w.nstrs);
	for (i = 0; i < w.nstrs; i++) {
		size_t n = strlen(w.strs[i]);

		put_u64(out, n);
		vl_buf_add(out, w.strs[i], n);
	}
	vl_buf_add(out, vl_buf_cstr(&body), body.len);
	vl_buf_free(&body);
	free(w.strs);
	free(w.slots);
	vl_arena_free(&w.arena);
}

/* ==================================================================== */
/* Reading                                                              */
/* ==================================================================== */

struct reader {
	const unsigned char *p, *end;
	const char **strs;
	uint32_t nstrs;
	bool bad;
	char why[160];
};

static void fail(struct reader *r, const char *fmt, ...) VL_PRINTF(2, 3);

static void fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->bad)
		return;
	r->bad = true;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	r->p = r->end;
}

static uint64_t get_u64(struct reader *r)
{
	uint64_t v = 0;
	int shift = 0;

	while (!r->bad) {
		unsigned char c;

		if (r->p >= r->end) {
			fail(r, "truncated");
			return 0;
		}
		c = *r->p++;
		if (shift > 63 || (shift == 63 && (c & 0x7e))) {
			fail(r, "number too large");
			return 0;
		}
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
		shift += 7;
	}
	return 0;
}

static uint32_t get_u32(struct reader *r)
{
	uint64_t v = get_u64(r);

	if (v > UINT32_MAX)
		fail(r, "number too large");
	return (uint32_t)v;
}

/* An index stored plus one: 0 is VL_NONE. */
static uint32_t get_ix(struct reader *r)
{
	uint64_t v = get_u64(r);

	if (v > (uint64_t)UINT32_MAX + 1)
		fail(r, "index too large");
	return (uint32_t)(v - 1);
}

static int64_t get_i64(struct reader *r)
{
	uint64_t v = get_u64(r);

	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static const char *get_str(struct reader *r)
{
	uint32_t id = get_u32(r);

	if (id > r->nstrs) {
		fail(r, "bad string %u", id);
		return NULL;
	}
	return id ? r->strs[id - 1] : NULL;
}

/* A count of items taking at least min bytes each: bounded by the
 * bytes left, so that a corrupt count cannot ask for a huge array. */
static uint32_t get_count(struct reader *r, size_t min)
{
	uint32_t n = get_u32(r);

	if (n > (size_t)(r->end - r->p) / (min ? min : 1))
		fail(r, "count %u larger than the data", n);
	return r->bad ? 0 : n;
}

/* Is index i in [0, n) (or VL_NONE when allowed)? */
static bool ok_ix(struct reader *r, uint32_t i, uint32_t n, bool none,
		  const char *what, const char *fn)
{
	if ((none && i == VL_NONE) || i < n)
		return true;
	fail(r, "%s: %s %u out of range", fn, what, i);
	return false;
}

static bool expr_ok(struct reader *r, const struct vl_func *f, uint32_t i)
{
	const struct vl_expr *x = &f->exprs[i];

	switch (x->kind) {
	case VL_X_UNKNOWN:
	case VL_X_CONST:
		return true;
	case VL_X_LOCAL:
	case VL_X_ADDR_LOCAL:
		return ok_ix(r, x->a, f->nlocals, false, "local", f->name);
	case VL_X_GLOBAL_ADDR:
	case VL_X_FUNC_ADDR:
		if (!x->name)
			fail(r, "%s: expression %u has no name", f->name, i);
		return !r->bad;
	case VL_X_FIELD_ADDR:
		if (!x->name)
			fail(r, "%s: expression %u has no field", f->name, i);
		/* fall through */
	case VL_X_LOAD:
	case VL_X_TEST:
	case VL_X_BITAND:
	case VL_X_BITOR:
	case VL_X_OFFSET:
		if (x->kind == VL_X_TEST && x->pred > VL_P_BITS_NONE)
			fail(r, "%s: bad predicate %u", f->name, x->pred);
		/* Only earlier expressions: no cycles. */
		return ok_ix(r, x->a, i, false, "operand", f->name);
	case VL_X_CALL:
		return ok_ix(r, x->a, f->nsites, false, "call site", f->name);
	case VL_X_LAND:
	case VL_X_LOR:
	case VL_X_EQ:
		if (x->k < 0 || x->k > UINT32_MAX)
			fail(r, "%s: expression %u: bad operand", f->name, i);
		return !r->bad &&
		       ok_ix(r, x->a, i, false, "operand", f->name) &&
		       ok_ix(r, (uint32_t)x->k, i, false, "operand", f->name);
	default:
		fail(r, "%s: bad expression kind %u", f->name, x->kind);
		return false;
	}
}

static bool range_ok(struct reader *r, uint32_t first, uint32_t n,
		     uint32_t size, const char *what, const char *fn)
{
	if (n == 0 || (first != VL_NONE && first <= size && n <= size - first))
		return true;
	fail(r, "%s: %s range out of bounds", fn, what);
	return false;
}

static bool func_ok(struct reader *r, const struct vl_func *f, uint32_t nlocs)
{
	uint32_t i, j;

	for (i = 0; i < f->nlocals && !r->bad; i++)
		if (f->locals[i].param >= (int32_t)f->nparams ||
		    f->locals[i].param < -1)
			fail(r, "%s: bad parameter index", f->name);
	for (i = 0; i < f->nexprs && !r->bad; i++)
		expr_ok(r, f, i);
	for (i = 0; i < f->nevents && !r->bad; i++) {
		const struct vl_event *e = &f->events[i];

		ok_ix(r, e->loc, nlocs, true, "location", f->name);
		ok_ix(r, e->val, f->nexprs, true, "value", f->name);
		switch (e->kind) {
		case VL_EV_ASSIGN:
			ok_ix(r, e->a, f->nlocals, false, "local", f->name);
			break;
		case VL_EV_WRITE:
			if (!e->name)
				fail(r, "%s: write without a field", f->name);
			/* fall through */
		case VL_EV_STORE:
			ok_ix(r, e->a, f->nexprs, false, "address", f->name);
			break;
		case VL_EV_CALL:
			ok_ix(r, e->a, f->nsites, false, "call site", f->name);
			ok_ix(r, e->callee, f->nexprs, true, "callee", f->name);
			if (!range_ok(r, e->args, e->nargs, f->nargs, "arguments",
				      f->name))
				break;
			for (j = 0; j < e->nargs; j++)
				ok_ix(r, f->args[e->args + j], f->nexprs, false,
				      "argument", f->name);
			break;
		case VL_EV_RETURN:
			break;
		default:
			fail(r, "%s: bad event kind %u", f->name, e->kind);
		}
	}
	for (i = 0; i < f->nblocks && !r->bad; i++) {
		const struct vl_block *b = &f->blocks[i];

		range_ok(r, b->first_event, b->nevents, f->nevents, "events",
			 f->name);
		range_ok(r, b->first_succ, b->nsuccs, f->nedges, "edges",
			 f->name);
	}
	for (i = 0; i < f->nedges && !r->bad; i++) {
		const struct vl_edge *e = &f->edges[i];

		ok_ix(r, e->from, f->nblocks, false, "block", f->name);
		ok_ix(r, e->to, f->nblocks, false, "block", f->name);
		ok_ix(r, e->cond, f->nexprs, true, "condition", f->name);
		if (!range_ok(r, e->extra, e->nextra, f->nargs, "conditions",
			      f->name))
			break;
		for (j = 0; j < e->nextra; j++)
			ok_ix(r, f->args[e->extra + j], f->nexprs, false,
			      "condition", f->name);
	}
	if (f->nblocks) {
		ok_ix(r, f->entry, f->nblocks, false, "entry", f->name);
		ok_ix(r, f->exit, f->nblocks, true, "exit", f->name);
	}
	ok_ix(r, f->loc, nlocs, true, "location", f->name);
	ok_ix(r, f->end_loc, nlocs, true, "location", f->name);
	return !r->bad;
}

static struct vl_func *get_func(struct reader *r, uint32_t nlocs)
{
	struct vl_func *f = vl_xcalloc(1, sizeof(*f));
	uint32_t i;

	f->name = get_str(r);
	if (!f->name)
		fail(r, "function without a name");
	f->loc = get_ix(r);
	f->end_loc = get_ix(r);
	f->is_static = get_u32(r) != 0;
	f->nparams = get_u32(r);
	f->cur_block = VL_NONE;
	f->nlocals = f->caplocals = get_count(r, 5);
	f->locals = vl_xcalloc(f->nlocals + 1, sizeof(*f->locals));
	for (i = 0; i < f->nlocals; i++) {
		struct vl_local *l = &f->locals[i];
		uint32_t flags;
		int64_t p;

		l->name = get_str(r);
		l->type = get_str(r);
		l->rec = get_str(r);
		p = get_i64(r);
		l->param = p < -1 || p > INT32_MAX ? INT32_MAX : (int32_t)p;
		flags = get_u32(r);
		l->addr_taken = flags & 1;
		l->is_record = flags & 2;
		if (!l->name)
			l->name = "";
		if (!l->type)
			l->type = "";
	}
	f->nexprs = f->capexprs = get_count(r, 6);
	f->exprs = vl_xcalloc(f->nexprs + 1, sizeof(*f->exprs));
	for (i = 0; i < f->nexprs; i++) {
		struct vl_expr *x = &f->exprs[i];

		x->kind = (uint8_t)get_u32(r);
		x->pred = (uint8_t)get_u32(r);
		x->a = get_ix(r);
		x->k = get_i64(r);
		x->rec = get_str(r);
		x->name = get_str(r);
	}
	f->nevents = f->capevents = get_count(r, 10);
	f->events = vl_xcalloc(f->nevents + 1, sizeof(*f->events));
	for (i = 0; i < f->nevents; i++) {
		struct vl_event *e = &f->events[i];

		e->kind = (uint8_t)get_u32(r);
		e->flags = (uint8_t)get_u32(r);
		e->loc = get_ix(r);
		e->a = get_ix(r);
		e->val = get_ix(r);
		e->rec = get_str(r);
		e->name = get_str(r);
		e->callee = get_ix(r);
		e->args = get_ix(r);
		e->nargs = get_u32(r);
	}
	f->nargs = f->capargs = get_count(r, 1);
	f->args = vl_xcalloc(f->nargs + 1, sizeof(*f->args));
	for (i = 0; i < f->nargs; i++)
		f->args[i] = get_ix(r);
	f->nblocks = get_count(r, 4);
	f->blocks = vl_xcalloc(f->nblocks + 1, sizeof(*f->blocks));
	for (i = 0; i < f->nblocks; i++) {
		struct vl_block *b = &f->blocks[i];

		b->first_event = get_ix(r);
		b->nevents = get_u32(r);
		b->first_succ = get_ix(r);
		b->nsuccs = get_u32(r);
	}
	f->nedges = f->capedges = get_count(r, 6);
	f->edges = vl_xcalloc(f->nedges + 1, sizeof(*f->edges));
	for (i = 0; i < f->nedges; i++) {
		struct vl_edge *e = &f->edges[i];

		e->from = get_ix(r);
		e->to = get_ix(r);
		e->cond = get_ix(r);
		e->sense = get_u32(r) != 0;
		e->extra = get_ix(r);
		e->nextra = get_u32(r);
	}
	f->entry = get_ix(r);
	f->exit = get_ix(r);
	f->nsites = get_u32(r);
	if (r->bad || !func_ok(r, f, nlocs)) {
		vl_func_free(f);
		return NULL;
	}
	return f;
}

/* Source lines of a read-back unit, for fingerprints. */
static const char *stored_line(void *ctx, uint32_t loc, size_t *len)
{
	const struct vl_unit *u = ctx;
	const char *t = u->line_texts && loc < u->nlocs ? u->line_texts[loc] :
							  NULL;

	*len = t ? strlen(t) : 0;
	return t ? t : "";
}

struct dec_loc {
	uint32_t file, line, col;
	const char *text;
};

static int decode_fail(struct reader *r, char **err)
{
	if (err) {
		size_t n = strlen(r->why) + 64;

		*err = vl_xmalloc(n);
		snprintf(*err, n, "stored IR is malformed: %s", r->why);
	}
	return -1;
}

int vl_ir_decode_into(struct vl_unit *prog, const void *data, size_t len,
		      const char *tag, char **err)
{
	struct reader r;
	const char **files = NULL;
	struct dec_loc *locs = NULL;
	struct vl_cbreg *cbregs = NULL;
	struct vl_annot *annots = NULL;
	struct vl_func **funcs = NULL;
	uint32_t nfiles = 0, nlocs = 0, ncbregs = 0, nannots = 0, nfuncs = 0;
	uint32_t i, j, loc_base, *file_map = NULL;
	struct vl_constfield *consts = NULL;
	uint32_t nconsts = 0;
	unsigned format;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.p = data;
	r.end = r.p + len;
	if (len < 8 || memcmp(data, MAGIC, 4) != 0) {
		fail(&r, "not a vmalock IR blob");
		return decode_fail(&r, err);
	}
	if (r.p[4] < 1 || r.p[4] > VL_IR_FORMAT || r.p[5] || r.p[6] ||
	    r.p[7]) {
		fail(&r, "format %u, this vmalock reads formats 1 to %u",
		     r.p[4], VL_IR_FORMAT);
		return decode_fail(&r, err);
	}
	format = r.p[4];
	r.p += 8;
	r.nstrs = get_count(&r, 1);
	r.strs = vl_xcalloc(r.nstrs + 1, sizeof(*r.strs));
	for (i = 0; i < r.nstrs && !r.bad; i++) {
		uint64_t n = get_u64(&r);

		if (n > (uint64_t)(r.end - r.p)) {
			fail(&r, "string longer than the data");
			break;
		}
		r.strs[i] = vl_intern_n(&prog->strs, (const char *)r.p,
					(size_t)n);
		r.p += n;
	}
	nfiles = get_count(&r, 1);
	files = vl_xcalloc(nfiles + 1, sizeof(*files));
	for (i = 0; i < nfiles; i++)
		if (!(files[i] = get_str(&r)))
			fail(&r, "file without a name");
	nlocs = get_count(&r, 4);
	locs = vl_xcalloc(nlocs + 1, sizeof(*locs));
	for (i = 0; i < nlocs; i++) {
		locs[i].file = get_ix(&r);
		locs[i].line = get_u32(&r);
		locs[i].col = get_u32(&r);
		locs[i].text = get_str(&r);
		ok_ix(&r, locs[i].file, nfiles, false, "file", "location");
	}
	ncbregs = get_count(&r, 4);
	cbregs = vl_xcalloc(ncbregs + 1, sizeof(*cbregs));
	for (i = 0; i < ncbregs; i++) {
		struct vl_cbreg *c = &cbregs[i];

		c->func = get_str(&r);
		c->rec = get_str(&r);
		c->field = get_str(&r);
		if (!c->func || !c->rec || !c->field)
			fail(&r, "incomplete callback");
		c->nsibs = get_count(&r, 3);
		c->sibs = vl_xcalloc(c->nsibs + 1, sizeof(*c->sibs));
		for (j = 0; j < c->nsibs; j++) {
			c->sibs[j].field = get_str(&r);
			c->sibs[j].name = get_str(&r);
			c->sibs[j].value = get_i64(&r);
			if (!c->sibs[j].field)
				fail(&r, "callback sibling without a field");
		}
	}
	nannots = get_count(&r, 8);
	annots = vl_xcalloc(nannots + 1, sizeof(*annots));
	for (i = 0; i < nannots; i++) {
		struct vl_annot *a = &annots[i];

		a->kind = (uint8_t)get_u32(&r);
		a->name = get_str(&r);
		a->field = get_str(&r);
		a->nparams = get_count(&r, 1);
		a->params = vl_xcalloc(a->nparams + 1, sizeof(*a->params));
		for (j = 0; j < a->nparams; j++)
			if (!(a->params[j] = get_str(&r)))
				a->params[j] = "";
		a->text = get_str(&r);
		a->file = get_str(&r);
		a->line = get_u32(&r);
		a->col = get_u32(&r);
		if (!a->text || a->kind > VL_SUBJ_RECORD)
			fail(&r, "bad annotation");
	}
	nfuncs = get_count(&r, 16);
	funcs = vl_xcalloc(nfuncs + 1, sizeof(*funcs));
	for (i = 0; i < nfuncs && !r.bad; i++)
		funcs[i] = get_func(&r, nlocs);
	if (format >= 2 && !r.bad) {
		nconsts = get_count(&r, 3);
		consts = vl_xcalloc(nconsts + 1, sizeof(*consts));
		for (i = 0; i < nconsts; i++) {
			consts[i].global = get_str(&r);
			consts[i].field = get_str(&r);
			consts[i].value = get_i64(&r);
			if (!consts[i].global || !consts[i].field)
				fail(&r, "incomplete constant field");
		}
	}
	if (!r.bad && r.p != r.end)
		fail(&r, "%zu bytes after the end", (size_t)(r.end - r.p));
	if (r.bad) {
		decode_fail(&r, err);
		goto out;
	}

	/* Commit into prog. */
	if (!prog->fe.line_text) {
		prog->fe.line_text = stored_line;
		prog->fe.ctx = prog;
	}
	file_map = vl_xcalloc(nfiles + 1, sizeof(*file_map));
	for (i = 0; i < nfiles; i++)
		file_map[i] = vl_unit_file(prog, files[i]);
	loc_base = prog->nlocs;
	VL_RESERVE(prog->line_texts, prog->nlocs, prog->capline_texts,
		   prog->nlocs + nlocs + 1);
	for (i = 0; i < nlocs; i++) {
		uint32_t l = vl_unit_loc(prog, file_map[locs[i].file],
					 locs[i].line, locs[i].col, 0);

		prog->line_texts[l] = locs[i].text ? locs[i].text : "";
	}
	for (i = 0; i < nfuncs; i++) {
		struct vl_func *f = funcs[i];
		char name[512];

		if (f->is_static && tag) {
			snprintf(name, sizeof(name), "%s@%s", f->name, tag);
			f->link_name = vl_intern(&prog->strs, name);
		}
	}
	for (i = 0; i < nfuncs; i++) {
		struct vl_func *f = funcs[i];

		if (f->loc != VL_NONE)
			f->loc += loc_base;
		if (f->end_loc != VL_NONE)
			f->end_loc += loc_base;
		for (j = 0; j < f->nevents; j++) {
			struct vl_event *e = &f->events[j];
			uint32_t k;

			if (e->loc != VL_NONE)
				e->loc += loc_base;
			if (e->kind != VL_EV_CALL || !e->name ||
			    e->callee != VL_NONE)
				continue;
			/* A call to a static function of this unit. */
			for (k = 0; k < nfuncs; k++)
				if (funcs[k]->link_name &&
				    funcs[k]->name == e->name) {
					e->link = funcs[k]->link_name;
					break;
				}
		}
	}
	for (i = 0; i < nfuncs; i++) {
		VL_PUSH(prog->funcs, prog->nfuncs, prog->capfuncs) = funcs[i];
		funcs[i] = NULL;
	}
	for (i = 0; i < ncbregs; i++) {
		struct vl_cbreg *c = &VL_PUSH(prog->cbregs, prog->ncbregs,
					      prog->capcbregs);
		uint32_t k;

		*c = cbregs[i];
		cbregs[i].sibs = NULL;
		for (k = 0; k < nfuncs; k++)
			if (prog->funcs[prog->nfuncs - nfuncs + k]->name ==
				    c->func &&
			    prog->funcs[prog->nfuncs - nfuncs + k]->link_name)
				c->func = prog->funcs[prog->nfuncs - nfuncs + k]
						  ->link_name;
	}
	for (i = 0; i < nannots; i++) {
		VL_PUSH(prog->annots, prog->nannots, prog->capannots) =
			annots[i];
		annots[i].params = NULL;
	}
	for (i = 0; i < nconsts; i++)
		vl_unit_const_field(prog, consts[i].global, consts[i].field,
				    consts[i].value);
	rc = 0;
out:
	for (i = 0; i < nfuncs; i++)
		if (funcs[i])
			vl_func_free(funcs[i]);
	for (i = 0; i < ncbregs; i++)
		free(cbregs[i].sibs);
	for (i = 0; i < nannots; i++)
		free(annots[i].params);
	free(funcs);
	free(cbregs);
	free(consts);
	free(annots);
	free(locs);
	free(files);
	free(file_map);
	free(r.strs);
	return rc;
}

static const struct vl_unit *dup_unit;

static int func_name_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(vl_func_link_name(dup_unit->funcs[x]),
		       vl_func_link_name(dup_unit->funcs[y]));

	return c ? c : x < y ? -1 : x > y;
}

uint32_t vl_unit_drop_duplicate_functions(struct vl_unit *u)
{
	uint32_t *ix = vl_xmalloc(sizeof(*ix) * (u->nfuncs + 1));
	bool *drop = vl_xcalloc(u->nfuncs + 1, sizeof(*drop));
	uint32_t i, n = 0, dropped = 0;

	for (i = 0; i < u->nfuncs; i++)
		ix[i] = i;
	dup_unit = u;
	qsort(ix, u->nfuncs, sizeof(*ix), func_name_cmp);
	dup_unit = NULL;
	for (i = 1; i < u->nfuncs; i++)
		if (strcmp(vl_func_link_name(u->funcs[ix[i]]),
			   vl_func_link_name(u->funcs[ix[i - 1]])) == 0) {
			drop[ix[i]] = true;
			dropped++;
		}
	for (i = 0; i < u->nfuncs; i++) {
		if (drop[i])
			vl_func_free(u->funcs[i]);
		else
			u->funcs[n++] = u->funcs[i];
	}
	u->nfuncs = n;
	free(ix);
	free(drop);
	return dropped;
}
