/*
 * Building, finishing and printing the lowered IR (see ir.h).
 */
#include "ir.h"
#include "summary.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "spec.h"

/* ---- unit ---- */

struct vl_unit *vl_unit_new(const struct vl_spec *spec, const char *main_file)
{
	struct vl_unit *u = vl_xcalloc(1, sizeof(*u));

	vl_strtab_init(&u->strs);
	u->spec = spec;
	u->main_file = vl_intern(&u->strs, main_file ? main_file : "");
	return u;
}

void vl_func_free(struct vl_func *f)
{
	free(f->locals);
	free(f->exprs);
	free(f->events);
	free(f->args);
	free(f->blocks);
	free(f->edges);
	free(f);
}

void vl_unit_free(struct vl_unit *u)
{
	uint32_t i;

	if (!u)
		return;
	for (i = 0; i < u->nfuncs; i++)
		vl_func_free(u->funcs[i]);
	for (i = 0; i < u->nfndecls; i++)
		free(u->fndecls[i].refs);
	for (i = 0; i < u->nfindings; i++)
		vl_finding_release(&u->findings[i]);
	for (i = 0; i < u->ncbregs; i++)
		free(u->cbregs[i].sibs);
	free(u->cbregs);
	free(u->consts);
	free(u->const_slots);
	free(u->funcs);
	free(u->fndecls);
	free(u->files);
	free(u->locs);
	free(u->findings);
	for (i = 0; i < u->nannots; i++)
		free(u->annots[i].params);
	free(u->annots);
	free(u->line_texts);
	vl_summaries_free(u->sums);
	vl_strtab_free(&u->strs);
	free(u);
}

const char *vl_unit_intern(struct vl_unit *u, const char *s)
{
	return vl_intern(&u->strs, s);
}

uint32_t vl_unit_file(struct vl_unit *u, const char *path)
{
	const char *p = vl_intern(&u->strs, path);
	uint32_t i;

	/* Units have few files with locations; a linear scan from the end
	 * (the most recent file) is enough. */
	for (i = u->nfiles; i-- > 0;) {
		if (u->files[i] == p)
			return i;
	}
	VL_PUSH(u->files, u->nfiles, u->capfiles) = p;
	return u->nfiles - 1;
}

uint32_t vl_unit_loc(struct vl_unit *u, uint32_t file, uint32_t line,
		     uint32_t col, uint64_t cookie)
{
	struct vl_loc *l = &VL_PUSH(u->locs, u->nlocs, u->caplocs);

	l->file = file;
	l->line = line;
	l->col = col;
	l->cookie = cookie;
	return u->nlocs - 1;
}

void vl_unit_annotation(struct vl_unit *u, uint8_t kind, const char *name,
			const char *field, const char *const *params,
			uint32_t nparams, const char *text, const char *file,
			uint32_t line, uint32_t col)
{
	struct vl_annot *a = &VL_PUSH(u->annots, u->nannots, u->capannots);
	uint32_t i;

	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->name = name ? vl_intern(&u->strs, name) : NULL;
	a->field = field ? vl_intern(&u->strs, field) : NULL;
	a->nparams = nparams;
	a->params = vl_xcalloc(nparams + 1, sizeof(*a->params));
	for (i = 0; i < nparams; i++)
		a->params[i] = vl_intern(&u->strs, params[i]);
	a->text = vl_intern(&u->strs, text);
	a->file = file ? vl_intern(&u->strs, file) : NULL;
	a->line = line;
	a->col = col;
}

/* ---- function selection ---- */

uint32_t vl_unit_fndecl(struct vl_unit *u, const char *name, bool is_static,
			bool has_body)
{
	struct vl_fndecl *d = &VL_PUSH(u->fndecls, u->nfndecls, u->capfndecls);

	memset(d, 0, sizeof(*d));
	d->name = vl_intern(&u->strs, name);
	d->is_static = is_static;
	d->has_body = has_body;
	return u->nfndecls - 1;
}

void vl_unit_fnref(struct vl_unit *u, uint32_t from, uint32_t to)
{
	struct vl_fndecl *d;

	if (to >= u->nfndecls)
		return;
	if (from == VL_NONE) {
		/* Referenced from file scope: a root (callback tables). */
		u->fndecls[to].selected = true;
		return;
	}
	if (from >= u->nfndecls)
		return;
	d = &u->fndecls[from];
	VL_PUSH(d->refs, d->nrefs, d->caprefs) = to;
}

/* Grow *seen (*nseen entries) to n entries, the new ones false. */
static void grow_seen(bool **seen, uint32_t *nseen, uint32_t n)
{
	if (*nseen >= n)
		return;
	*seen = vl_xrealloc(*seen, n * sizeof(**seen));
	memset(*seen + *nseen, 0, (n - *nseen) * sizeof(**seen));
	*nseen = n;
}

void vl_unit_select_functions(struct vl_unit *u,
			      void (*add_refs)(void *ctx, uint32_t id),
			      void *ctx)
{
	uint32_t *work = NULL;
	bool *seen = NULL;
	uint32_t n = 0, cap = 0, nseen = 0, i, j;

	grow_seen(&seen, &nseen, u->nfndecls);
	for (i = 0; i < u->nfndecls; i++) {
		struct vl_fndecl *d = &u->fndecls[i];

		/* selected may already be set by a file-scope reference. */
		if (d->selected || (!d->is_static && d->has_body)) {
			VL_PUSH(work, n, cap) = i;
			seen[i] = true;
		}
		d->selected = false;
	}
	while (n) {
		uint32_t id = work[--n];

		if (!u->fndecls[id].has_body ||
		    !vl_spec_analyses_body(u->spec, u->fndecls[id].name))
			continue;
		u->fndecls[id].selected = true;
		if (add_refs) {
			/* It may declare functions: u->fndecls may move. */
			add_refs(ctx, id);
			grow_seen(&seen, &nseen, u->nfndecls);
		}
		for (j = 0; j < u->fndecls[id].nrefs; j++) {
			uint32_t to = u->fndecls[id].refs[j];

			if (!seen[to]) {
				seen[to] = true;
				VL_PUSH(work, n, cap) = to;
			}
		}
	}
	free(work);
	free(seen);
}

void vl_unit_callback(struct vl_unit *u, const char *func, const char *rec,
		      const char *field, const struct vl_sibling *sibs,
		      uint32_t nsibs)
{
	struct vl_cbreg *r = &VL_PUSH(u->cbregs, u->ncbregs, u->capcbregs);
	uint32_t i;

	r->func = vl_intern(&u->strs, func);
	r->rec = vl_intern(&u->strs, rec ? rec : "");
	r->field = vl_intern(&u->strs, field);
	r->nsibs = nsibs;
	r->sibs = vl_xcalloc(nsibs + 1, sizeof(*r->sibs));
	for (i = 0; i < nsibs; i++) {
		r->sibs[i].field = vl_intern(&u->strs, sibs[i].field);
		r->sibs[i].name = sibs[i].name ?
					  vl_intern(&u->strs, sibs[i].name) :
					  NULL;
		r->sibs[i].value = sibs[i].value;
	}
}

void vl_unit_const_field(struct vl_unit *u, const char *global,
			 const char *field, int64_t value)
{
	struct vl_constfield *c = &VL_PUSH(u->consts, u->nconsts,
					   u->capconsts);

	c->global = vl_intern(&u->strs, global);
	c->field = vl_intern(&u->strs, field);
	c->value = value;
	free(u->const_slots);	/* rebuilt on the next lookup */
	u->const_slots = NULL;
	u->nconst_slots = 0;
}

static uint32_t const_slot(const struct vl_unit *u, const char *global,
			   const char *field)
{
	uint64_t h = VL_HASH_INIT;

	h = vl_hash_bytes(h, &global, sizeof(global));
	h = vl_hash_bytes(h, &field, sizeof(field));
	return (uint32_t)h & (u->nconst_slots - 1);
}

static void const_index(struct vl_unit *u)
{
	uint32_t i, n = 16;

	while (n < 2 * u->nconsts)
		n *= 2;
	u->const_slots = vl_xcalloc(n, sizeof(*u->const_slots));
	u->nconst_slots = n;
	for (i = 0; i < u->nconsts; i++) {
		struct vl_constfield *c = &u->consts[i];
		uint32_t s = const_slot(u, c->global, c->field);

		c->ambiguous = false;
		for (;; s = (s + 1) & (n - 1)) {
			struct vl_constfield *o;

			if (!u->const_slots[s]) {
				u->const_slots[s] = i + 1;
				break;
			}
			o = &u->consts[u->const_slots[s] - 1];
			if (o->global != c->global || o->field != c->field)
				continue;
			/* The same field again (a static global of the
			 * same name in another unit): keep it only if
			 * the values agree. */
			if (o->value != c->value)
				o->ambiguous = true;
			break;
		}
	}
}

bool vl_unit_const_lookup(struct vl_unit *u, const char *global,
			  const char *field, int64_t *value)
{
	uint32_t s, mask;

	if (!u->nconsts)
		return false;
	if (!u->const_slots)
		const_index(u);
	mask = u->nconst_slots - 1;
	for (s = const_slot(u, global, field);; s = (s + 1) & mask) {
		const struct vl_constfield *c;

		if (!u->const_slots[s])
			return false;
		c = &u->consts[u->const_slots[s] - 1];
		if (c->global == global && c->field == field) {
			if (c->ambiguous)
				return false;
			*value = c->value;
			return true;
		}
	}
}

/* ---- functions ---- */

struct vl_func *vl_func_new(struct vl_unit *u, const char *name,
			    bool is_static, uint32_t loc, uint32_t end_loc)
{
	struct vl_func *f = vl_xcalloc(1, sizeof(*f));

	f->name = vl_intern(&u->strs, name);
	f->is_static = is_static;
	f->loc = loc;
	f->end_loc = end_loc;
	f->entry = VL_NONE;
	f->exit = VL_NONE;
	f->cur_block = VL_NONE;
	VL_PUSH(u->funcs, u->nfuncs, u->capfuncs) = f;
	return f;
}

uint32_t vl_func_local(struct vl_unit *u, struct vl_func *f, const char *name,
		       const char *type, const char *rec, int32_t param)
{
	struct vl_local *l = &VL_PUSH(f->locals, f->nlocals, f->caplocals);

	l->name = vl_intern(&u->strs, name ? name : "");
	l->type = vl_intern(&u->strs, type ? type : "");
	l->rec = rec ? vl_intern(&u->strs, rec) : NULL;
	l->param = param;
	l->addr_taken = false;
	l->is_record = false;
	if (param >= 0 && (uint32_t)param + 1 > f->nparams)
		f->nparams = (uint32_t)param + 1;
	return f->nlocals - 1;
}

uint32_t vl_func_find_local(const struct vl_func *f, const char *name)
{
	uint32_t i;

	for (i = f->nlocals; i-- > 0;) {
		if (strcmp(f->locals[i].name, name) == 0)
			return i;
	}
	return VL_NONE;
}

void vl_func_set_blocks(struct vl_func *f, uint32_t nblocks, uint32_t entry,
			uint32_t exit)
{
	uint32_t i;

	f->blocks = vl_xcalloc(nblocks ? nblocks : 1, sizeof(*f->blocks));
	f->nblocks = nblocks;
	for (i = 0; i < nblocks; i++)
		f->blocks[i].first_event = VL_NONE;
	f->entry = entry;
	f->exit = exit;
}

void vl_func_begin_block(struct vl_func *f, uint32_t block)
{
	if (block >= f->nblocks)
		return;
	f->cur_block = block;
	f->blocks[block].first_event = f->nevents;
	f->blocks[block].nevents = 0;
}

uint32_t vl_func_new_site(struct vl_func *f)
{
	return f->nsites++;
}

/* ---- expressions ---- */

static uint32_t new_expr(struct vl_func *f, enum vl_xkind kind, uint32_t a,
			 int64_t k)
{
	struct vl_expr *e = &VL_PUSH(f->exprs, f->nexprs, f->capexprs);

	memset(e, 0, sizeof(*e));
	e->kind = (uint8_t)kind;
	e->a = a;
	e->k = k;
	return f->nexprs - 1;
}

uint32_t vl_x_unknown(struct vl_func *f)
{
	return new_expr(f, VL_X_UNKNOWN, 0, 0);
}

uint32_t vl_x_const(struct vl_func *f, int64_t k)
{
	return new_expr(f, VL_X_CONST, 0, k);
}

uint32_t vl_x_local(struct vl_func *f, uint32_t local)
{
	if (local >= f->nlocals)
		return vl_x_unknown(f);
	return new_expr(f, VL_X_LOCAL, local, 0);
}

uint32_t vl_x_addr_local(struct vl_func *f, uint32_t local)
{
	if (local >= f->nlocals)
		return vl_x_unknown(f);
	f->locals[local].addr_taken = true;
	return new_expr(f, VL_X_ADDR_LOCAL, local, 0);
}

uint32_t vl_x_global_addr(struct vl_unit *u, struct vl_func *f,
			  const char *name)
{
	uint32_t e = new_expr(f, VL_X_GLOBAL_ADDR, 0, 0);

	f->exprs[e].name = vl_intern(&u->strs, name);
	return e;
}

uint32_t vl_x_func_addr(struct vl_unit *u, struct vl_func *f,
			const char *name)
{
	uint32_t e = new_expr(f, VL_X_FUNC_ADDR, 0, 0);

	f->exprs[e].name = vl_intern(&u->strs, name);
	return e;
}

uint32_t vl_x_field_addr(struct vl_unit *u, struct vl_func *f, uint32_t base,
			 const char *rec, const char *field)
{
	uint32_t e;

	if (base >= f->nexprs)
		return vl_x_unknown(f);
	if (f->exprs[base].kind == VL_X_FIELD_ADDR) {
		/* &(&p->a)->b is one field path "a.b" of p's struct.  (Copy
		 * the base first: new_expr() may move the array.) */
		struct vl_expr b = f->exprs[base];
		struct vl_buf path;

		vl_buf_init(&path);
		vl_buf_printf(&path, "%s.%s", b.name, field);
		e = new_expr(f, VL_X_FIELD_ADDR, b.a, 0);
		f->exprs[e].rec = b.rec;
		f->exprs[e].name = vl_intern(&u->strs, vl_buf_cstr(&path));
		vl_buf_free(&path);
		return e;
	}
	e = new_expr(f, VL_X_FIELD_ADDR, base, 0);
	f->exprs[e].rec = rec ? vl_intern(&u->strs, rec) : NULL;
	f->exprs[e].name = vl_intern(&u->strs, field);
	return e;
}

uint32_t vl_x_load(struct vl_func *f, uint32_t addr)
{
	if (addr >= f->nexprs)
		return vl_x_unknown(f);
	if (f->exprs[addr].kind == VL_X_ADDR_LOCAL)
		return vl_x_local(f, f->exprs[addr].a);
	return new_expr(f, VL_X_LOAD, addr, 0);
}

uint32_t vl_x_call(struct vl_func *f, uint32_t site)
{
	if (site >= f->nsites)
		return vl_x_unknown(f);
	return new_expr(f, VL_X_CALL, site, 0);
}

uint32_t vl_x_test(struct vl_func *f, uint32_t e, enum vl_pred pred,
		   int64_t k)
{
	uint32_t t;

	if (e >= f->nexprs)
		return vl_x_unknown(f);
	t = new_expr(f, VL_X_TEST, e, k);
	f->exprs[t].pred = (uint8_t)pred;
	return t;
}

uint32_t vl_x_logic(struct vl_func *f, bool is_or, uint32_t a, uint32_t b)
{
	if (a >= f->nexprs || b >= f->nexprs)
		return vl_x_unknown(f);
	return new_expr(f, is_or ? VL_X_LOR : VL_X_LAND, a, b);
}

uint32_t vl_x_eq(struct vl_func *f, uint32_t a, uint32_t b)
{
	if (a >= f->nexprs || b >= f->nexprs)
		return vl_x_unknown(f);
	return new_expr(f, VL_X_EQ, a, b);
}

uint32_t vl_x_bitand(struct vl_func *f, uint32_t e, int64_t mask)
{
	if (e >= f->nexprs)
		return vl_x_unknown(f);
	return new_expr(f, VL_X_BITAND, e, mask);
}

uint32_t vl_x_bitor(struct vl_func *f, uint32_t e, int64_t mask)
{
	if (e >= f->nexprs)
		return vl_x_unknown(f);
	return new_expr(f, VL_X_BITOR, e, mask);
}

uint32_t vl_x_offset(struct vl_func *f, uint32_t e, int64_t n)
{
	if (e >= f->nexprs)
		return vl_x_unknown(f);
	return new_expr(f, VL_X_OFFSET, e, n);
}

/* ---- parsing access paths from text ---- */

struct xparse {
	struct vl_unit *u;
	struct vl_func *f;
	const char *p;
	bool failed;
};

/* An lvalue is represented by its address expression. */
struct xval {
	uint32_t e;
	bool lvalue;
};

static void xp_skip(struct xparse *xp)
{
	while (isspace((unsigned char)*xp->p))
		xp->p++;
}

static bool xp_eat(struct xparse *xp, const char *tok)
{
	size_t n = strlen(tok);

	xp_skip(xp);
	if (strncmp(xp->p, tok, n) != 0)
		return false;
	xp->p += n;
	return true;
}

static bool xp_ident(struct xparse *xp, char *out, size_t outsz)
{
	const char *s;
	size_t n;

	xp_skip(xp);
	s = xp->p;
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	while (isalnum((unsigned char)*xp->p) || *xp->p == '_')
		xp->p++;
	n = (size_t)(xp->p - s);
	if (n >= outsz) {
		xp->failed = true;
		return false;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

static uint32_t xp_rvalue(struct xparse *xp, struct xval v)
{
	if (!v.lvalue)
		return v.e;
	return vl_x_load(xp->f, v.e);
}

static struct xval xp_unary(struct xparse *xp);

static struct xval xp_postfix(struct xparse *xp, struct xval v)
{
	char id[128];

	for (;;) {
		if (xp_eat(xp, "->")) {
			if (!xp_ident(xp, id, sizeof(id)))
				break;
			v.e = vl_x_field_addr(xp->u, xp->f, xp_rvalue(xp, v),
					      NULL, id);
			v.lvalue = true;
		} else if (xp_eat(xp, ".")) {
			if (!xp_ident(xp, id, sizeof(id)) || !v.lvalue)
				break;
			v.e = vl_x_field_addr(xp->u, xp->f, v.e, NULL, id);
		} else {
			return v;
		}
	}
	xp->failed = true;
	return v;
}

static struct xval xp_primary(struct xparse *xp)
{
	struct xval v = { 0, false };
	char id[128];

	if (xp_eat(xp, "(")) {
		v = xp_unary(xp);
		if (!xp_eat(xp, ")"))
			xp->failed = true;
		return xp_postfix(xp, v);
	}
	if (!xp_ident(xp, id, sizeof(id))) {
		xp->failed = true;
		return v;
	}
	if (strcmp(id, "NULL") == 0) {
		v.e = vl_x_const(xp->f, 0);
		return xp_postfix(xp, v);
	}
	{
		uint32_t l = vl_func_find_local(xp->f, id);

		if (l != VL_NONE)
			v.e = new_expr(xp->f, VL_X_ADDR_LOCAL, l, 0);
		else
			v.e = vl_x_global_addr(xp->u, xp->f, id);
		v.lvalue = true;
	}
	return xp_postfix(xp, v);
}

static struct xval xp_unary(struct xparse *xp)
{
	struct xval v;

	if (xp_eat(xp, "&")) {
		v = xp_unary(xp);
		if (!v.lvalue) {
			xp->failed = true;
			return v;
		}
		if (xp->f->exprs[v.e].kind == VL_X_ADDR_LOCAL)
			xp->f->locals[xp->f->exprs[v.e].a].addr_taken = true;
		v.lvalue = false;
		return v;
	}
	if (xp_eat(xp, "*")) {
		v = xp_unary(xp);
		v.e = xp_rvalue(xp, v);
		v.lvalue = true;
		return v;
	}
	return xp_primary(xp);
}

uint32_t vl_x_parse(struct vl_unit *u, struct vl_func *f, const char *text)
{
	struct xparse xp = { u, f, text, false };
	struct xval v = xp_unary(&xp);

	xp_skip(&xp);
	if (xp.failed || *xp.p)
		return vl_x_unknown(f);
	return xp_rvalue(&xp, v);
}

/* ---- events ---- */

static struct vl_event *new_event(struct vl_func *f, enum vl_evkind kind,
				  uint32_t loc, unsigned flags)
{
	struct vl_event *ev;

	if (f->cur_block >= f->nblocks)
		return NULL;
	ev = &VL_PUSH(f->events, f->nevents, f->capevents);
	memset(ev, 0, sizeof(*ev));
	ev->kind = (uint8_t)kind;
	ev->flags = (uint8_t)flags;
	ev->loc = loc;
	ev->val = VL_NONE;
	ev->callee = VL_NONE;
	f->blocks[f->cur_block].nevents++;
	return ev;
}

void vl_ev_assign(struct vl_func *f, uint32_t loc, uint32_t local,
		  uint32_t val, unsigned flags)
{
	struct vl_event *ev = new_event(f, VL_EV_ASSIGN, loc, flags);

	if (ev) {
		ev->a = local;
		ev->val = val;
	}
}

void vl_ev_write(struct vl_unit *u, struct vl_func *f, uint32_t loc,
		 uint32_t base, const char *rec, const char *field,
		 uint32_t val, unsigned flags)
{
	struct vl_event *ev = new_event(f, VL_EV_WRITE, loc, flags);

	if (ev) {
		ev->a = base;
		ev->val = val;
		ev->rec = rec ? vl_intern(&u->strs, rec) : NULL;
		ev->name = vl_intern(&u->strs, field);
	}
}

void vl_ev_store(struct vl_func *f, uint32_t loc, uint32_t addr, uint32_t val,
		 unsigned flags)
{
	struct vl_event *ev = new_event(f, VL_EV_STORE, loc, flags);

	if (ev) {
		ev->a = addr;
		ev->val = val;
	}
}

void vl_ev_call(struct vl_unit *u, struct vl_func *f, uint32_t loc,
		uint32_t site, const char *name, uint32_t callee,
		const uint32_t *args, uint32_t nargs, unsigned flags)
{
	struct vl_event *ev = new_event(f, VL_EV_CALL, loc, flags);
	uint32_t i;

	if (!ev)
		return;
	ev->a = site;
	ev->name = name ? vl_intern(&u->strs, name) : NULL;
	ev->callee = callee;
	ev->args = f->nargs;
	ev->nargs = nargs;
	for (i = 0; i < nargs; i++)
		VL_PUSH(f->args, f->nargs, f->capargs) = args[i];
}

void vl_ev_return(struct vl_func *f, uint32_t loc, uint32_t val)
{
	struct vl_event *ev = new_event(f, VL_EV_RETURN, loc, 0);

	if (ev)
		ev->val = val;
}

void vl_func_edge(struct vl_func *f, uint32_t from, uint32_t to, uint32_t cond,
		  bool sense)
{
	struct vl_edge *e;

	if (from >= f->nblocks || to >= f->nblocks)
		return;
	e = &VL_PUSH(f->edges, f->nedges, f->capedges);
	e->from = from;
	e->to = to;
	e->cond = cond;
	e->sense = sense;
	e->extra = 0;
	e->nextra = 0;
}

void vl_func_edge_all(struct vl_func *f, uint32_t from, uint32_t to,
		      const uint32_t *conds, uint32_t n)
{
	uint32_t i, first = f->nargs;

	if (from >= f->nblocks || to >= f->nblocks)
		return;
	for (i = 0; i < n; i++)
		VL_PUSH(f->args, f->nargs, f->capargs) = conds[i];
	vl_func_edge(f, from, to, VL_NONE, true);
	f->edges[f->nedges - 1].extra = first;
	f->edges[f->nedges - 1].nextra = n;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void vl_func_finish(struct vl_func *f)
{
	uint32_t i;

	if (f->nedges > 1) {
		/* Sort by (from, insertion index): a block's edges keep the
		 * order they were added in, which keeps analysis stable. */
		uint64_t *keys = vl_xmalloc(sizeof(*keys) * f->nedges);
		struct vl_edge *sorted = vl_xmalloc(sizeof(*sorted) * f->nedges);

		for (i = 0; i < f->nedges; i++)
			keys[i] = ((uint64_t)f->edges[i].from << 32) | i;
		qsort(keys, f->nedges, sizeof(*keys), u64_cmp);
		for (i = 0; i < f->nedges; i++)
			sorted[i] = f->edges[keys[i] & 0xffffffffu];
		memcpy(f->edges, sorted, sizeof(*sorted) * f->nedges);
		free(keys);
		free(sorted);
	}
	for (i = 0; i < f->nblocks; i++) {
		f->blocks[i].first_succ = 0;
		f->blocks[i].nsuccs = 0;
		if (f->blocks[i].first_event == VL_NONE)
			f->blocks[i].first_event = 0;
	}
	for (i = f->nedges; i-- > 0;) {
		struct vl_block *b = &f->blocks[f->edges[i].from];

		b->first_succ = i;
		b->nsuccs++;
	}
	f->cur_block = VL_NONE;
}

/* ---- dumping ---- */

static const char *pred_str(enum vl_pred p)
{
	static const char *const names[] = {
		[VL_P_EQ] = "==", [VL_P_NE] = "!=", [VL_P_LT] = "<",
		[VL_P_LE] = "<=", [VL_P_GT] = ">", [VL_P_GE] = ">=",
		[VL_P_BITS_ANY] = "&any", [VL_P_BITS_NONE] = "&none",
	};

	return p < VL_ARRAY_SIZE(names) ? names[p] : "?";
}

void vl_expr_dump(const struct vl_unit *u, const struct vl_func *f,
		  uint32_t e, struct vl_buf *b)
{
	const struct vl_expr *x;

	if (e == VL_NONE || e >= f->nexprs) {
		vl_buf_puts(b, "?");
		return;
	}
	x = &f->exprs[e];
	switch (x->kind) {
	case VL_X_UNKNOWN:
		vl_buf_puts(b, "?");
		break;
	case VL_X_CONST:
		vl_buf_printf(b, "%lld", (long long)x->k);
		break;
	case VL_X_LOCAL:
		vl_buf_puts(b, f->locals[x->a].name);
		break;
	case VL_X_ADDR_LOCAL:
		vl_buf_printf(b, "&%s", f->locals[x->a].name);
		break;
	case VL_X_GLOBAL_ADDR:
		vl_buf_printf(b, "&%s", x->name);
		break;
	case VL_X_FUNC_ADDR:
		vl_buf_printf(b, "fn:%s", x->name);
		break;
	case VL_X_FIELD_ADDR:
		vl_buf_puts(b, "&(");
		vl_expr_dump(u, f, x->a, b);
		vl_buf_printf(b, ")->%s:%s", x->rec ? x->rec : "?", x->name);
		break;
	case VL_X_LOAD:
		vl_buf_puts(b, "*");
		vl_expr_dump(u, f, x->a, b);
		break;
	case VL_X_CALL:
		vl_buf_printf(b, "call#%u", x->a);
		break;
	case VL_X_TEST:
		vl_buf_puts(b, "(");
		vl_expr_dump(u, f, x->a, b);
		vl_buf_printf(b, " %s %lld)", pred_str(x->pred),
			      (long long)x->k);
		break;
	case VL_X_LAND:
	case VL_X_LOR:
	case VL_X_EQ:
		vl_buf_puts(b, "(");
		vl_expr_dump(u, f, x->a, b);
		vl_buf_puts(b, x->kind == VL_X_LOR  ? " || " :
			       x->kind == VL_X_LAND ? " && " :
						      " == ");
		vl_expr_dump(u, f, (uint32_t)x->k, b);
		vl_buf_puts(b, ")");
		break;
	case VL_X_BITAND:
	case VL_X_BITOR:
		vl_buf_puts(b, "(");
		vl_expr_dump(u, f, x->a, b);
		vl_buf_printf(b, " %c %#llx)", x->kind == VL_X_BITOR ? '|' : '&',
			      (long long)x->k);
		break;
	case VL_X_OFFSET:
		vl_buf_puts(b, "(");
		vl_expr_dump(u, f, x->a, b);
		vl_buf_printf(b, " + %lld)", (long long)x->k);
		break;
	}
}

void vl_func_dump(const struct vl_unit *u, const struct vl_func *f, FILE *out)
{
	struct vl_buf b;
	uint32_t i, j;

	vl_buf_init(&b);
	fprintf(out, "function %s%s (entry B%u, exit B%u)\n", f->name,
		f->is_static ? " static" : "", f->entry, f->exit);
	for (i = 0; i < f->nlocals; i++) {
		const struct vl_local *l = &f->locals[i];

		fprintf(out, "  local %u %s : %s", i, l->name, l->type);
		if (l->param >= 0)
			fprintf(out, " (param %d)", l->param);
		fprintf(out, "\n");
	}
	for (i = 0; i < f->nblocks; i++) {
		const struct vl_block *bl = &f->blocks[i];

		fprintf(out, " B%u:\n", i);
		for (j = 0; j < bl->nevents; j++) {
			const struct vl_event *ev =
				&f->events[bl->first_event + j];
			const struct vl_loc *l = &u->locs[ev->loc];
			uint32_t k;

			vl_buf_reset(&b);
			switch (ev->kind) {
			case VL_EV_ASSIGN:
				vl_buf_printf(&b, "%s := ",
					      f->locals[ev->a].name);
				vl_expr_dump(u, f, ev->val, &b);
				break;
			case VL_EV_WRITE:
				vl_buf_puts(&b, "write (");
				vl_expr_dump(u, f, ev->a, &b);
				vl_buf_printf(&b, ")->%s:%s = ",
					      ev->rec ? ev->rec : "?",
					      ev->name);
				vl_expr_dump(u, f, ev->val, &b);
				break;
			case VL_EV_STORE:
				vl_buf_puts(&b, "store *");
				vl_expr_dump(u, f, ev->a, &b);
				vl_buf_puts(&b, " = ");
				vl_expr_dump(u, f, ev->val, &b);
				break;
			case VL_EV_CALL:
				vl_buf_printf(&b, "call#%u %s%s(", ev->a,
					      ev->flags & VL_EVF_MACRO ?
						      "macro " : "",
					      ev->name ? ev->name : "");
				if (!ev->name)
					vl_expr_dump(u, f, ev->callee, &b);
				for (k = 0; k < ev->nargs; k++) {
					if (k)
						vl_buf_puts(&b, ", ");
					vl_expr_dump(u, f,
						     f->args[ev->args + k],
						     &b);
				}
				vl_buf_puts(&b, ")");
				break;
			case VL_EV_RETURN:
				vl_buf_puts(&b, "return ");
				vl_expr_dump(u, f, ev->val, &b);
				break;
			}
			if (ev->flags & VL_EVF_COMPOUND)
				vl_buf_puts(&b, " [compound]");
			fprintf(out, "    %s  @%u:%u\n", vl_buf_cstr(&b),
				l->line, l->col);
		}
		for (j = 0; j < bl->nsuccs; j++) {
			const struct vl_edge *e = &f->edges[bl->first_succ + j];
			uint32_t k;

			vl_buf_reset(&b);
			if (e->cond != VL_NONE) {
				vl_buf_puts(&b, e->sense ? " if " : " if !");
				vl_expr_dump(u, f, e->cond, &b);
			}
			for (k = 0; k < e->nextra; k++) {
				vl_buf_puts(&b, k ? " && " : " if ");
				vl_expr_dump(u, f, f->args[e->extra + k], &b);
			}
			fprintf(out, "    -> B%u%s\n", e->to, vl_buf_cstr(&b));
		}
	}
	vl_buf_free(&b);
}
