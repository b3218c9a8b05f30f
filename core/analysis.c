/*
 * Path-sensitive lock-state dataflow over one lowered function (see
 * analysis.h for the overall shape).
 *
 * Terms (term.h) name values; a state (state.h) maps locals to terms and
 * holds locks identified by terms.  Events change states:
 *	assign		the local now names the value
 *	write/store	the old value of the location gets its own name
 *			(OLD), the location now holds the new value
 *	call		arguments are evaluated; the callee's spec clauses
 *			acquire, release, downgrade or assert locks
 *	return		the returned value is remembered for exit checks
 * Edges with conditions add facts and settle try-locks whose result was
 * tested.  At a loop head, locals assigned in the loop name the value of
 * the current iteration (PHI), older iterations' values become OLD.
 */
#include "analysis_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"

#define MAX_STATES VL_MAX_STATES
#define WIDEN_VISITS 24		/* then facts and memory are dropped */
#define GIVEUP_VISITS 400	/* then the function is not reported */
#define MAX_ARGS 32

#define sset vl_sset

/* ---- small accessors ---- */

struct vl_unit *vl_ax_unit(const struct vl_actx *ax)
{
	return ax->u;
}

const struct vl_func *vl_ax_func(const struct vl_actx *ax)
{
	return ax->f;
}

const struct vl_spec *vl_ax_spec(const struct vl_actx *ax)
{
	return ax->spec;
}

struct vl_terms *vl_ax_terms(struct vl_actx *ax)
{
	return &ax->terms;
}

const char *vl_ax_intern(struct vl_actx *ax, const char *s)
{
	return vl_unit_intern(ax->u, s);
}

const struct vl_class *vl_held_class(struct vl_actx *ax,
				     const struct vl_held *h)
{
	if (h->cls == VL_NOCLASS || h->cls >= ax->spec->nclasses)
		return NULL;
	return ax->spec->classes[h->cls];
}

/* ---- evaluation ---- */

static struct vl_phi_globals *phi_globals(struct vl_actx *ax, uint32_t phi)
{
	uint32_t i;

	for (i = 0; i < ax->nphig; i++)
		if (ax->phig[i].phi == phi)
			return &ax->phig[i];
	return NULL;
}

/* The constant field "field" of the object base points to: a const
 * global, or a phi of const globals that all agree on it. */
static bool const_field(struct vl_actx *ax, uint32_t base, const char *field,
			int64_t *k)
{
	const struct vl_term *b = vl_term(&ax->terms, base);
	const struct vl_phi_globals *pg;
	int64_t v;
	uint32_t i;

	if (b->kind == VL_T_GLOBAL)
		return vl_unit_const_lookup(ax->u, b->name, field, k);
	if (b->kind != VL_T_PHI || !(pg = phi_globals(ax, base)) ||
	    pg->invalid || !pg->n)
		return false;
	for (i = 0; i < pg->n; i++) {
		if (!vl_unit_const_lookup(ax->u, pg->names[i], field, &v) ||
		    (i && v != *k))
			return false;
		*k = v;
	}
	return true;
}

/* Values a and b of local l meet at block t: note the globals its phi
 * stands for. */
static void note_phi_values(struct vl_actx *ax, uint32_t t, uint32_t l,
			    uint32_t a, uint32_t b)
{
	uint32_t phi = vl_t_phi(&ax->terms, t, l), vals[2] = { a, b }, i, j;
	struct vl_phi_globals *pg = phi_globals(ax, phi);

	if (!pg) {
		pg = &VL_PUSH(ax->phig, ax->nphig, ax->capphig);
		memset(pg, 0, sizeof(*pg));
		pg->phi = phi;
	}
	for (i = 0; i < 2 && !pg->invalid; i++) {
		const struct vl_term *v = vl_term(&ax->terms, vals[i]);

		if (vals[i] == phi)
			continue;
		if (v->kind != VL_T_GLOBAL) {
			pg->invalid = true;
			break;
		}
		for (j = 0; j < pg->n && pg->names[j] != v->name; j++)
			;
		if (j < pg->n)
			continue;
		if (pg->n == VL_ARRAY_SIZE(pg->names))
			pg->invalid = true;
		else
			pg->names[pg->n++] = v->name;
	}
}

/* State b joins state a at block t: note what the phis of the locals
 * that differ stand for (every join that makes a phi must). */
static void note_join(struct vl_actx *ax, uint32_t t, const struct vl_state *a,
		      const struct vl_state *b)
{
	uint32_t l;

	for (l = 0; l < a->nlocals && l < b->nlocals; l++)
		if (a->env[l] != b->env[l])
			note_phi_values(ax, t, l, a->env[l], b->env[l]);
}

static uint32_t load(struct vl_actx *ax, const struct vl_state *s,
		     uint32_t addr)
{
	const struct vl_term *t = vl_term(&ax->terms, addr);
	uint32_t m;

	int64_t k;

	if (t->kind == VL_T_ADDR_LOCAL && t->a < s->nlocals)
		return s->env[t->a];
	m = vl_state_mem(s, addr);
	if (m != VL_NONE)
		return m;
	/* A field of a const global reads as its initialiser: the walk
	 * mode of &smaps_walk_ops decides what walk_page_vma() needs. */
	if (t->kind == VL_T_FIELD && const_field(ax, t->a, t->name, &k))
		return vl_t_const(&ax->terms, k);
	return vl_t_load(&ax->terms, addr);
}

/* &base->field, folding "a.b" paths: &(&p->a)->b is &p->"a.b". */
static uint32_t field_addr(struct vl_actx *ax, uint32_t base, const char *rec,
			   const char *field)
{
	return vl_t_field(&ax->terms, base, rec, vl_ax_intern(ax, field));
}

static uint32_t eval(struct vl_actx *ax, const struct vl_state *s,
		     uint32_t e)
{
	const struct vl_expr *x;
	struct vl_terms *ts = &ax->terms;

	if (e == VL_NONE || e >= ax->f->nexprs)
		return vl_t_unknown(ts, VL_NONE);
	x = vl_func_expr(ax->f, e);
	switch (x->kind) {
	case VL_X_CONST:
		return vl_t_const(ts, x->k);
	case VL_X_LOCAL:
		return x->a < s->nlocals ? s->env[x->a] : vl_t_unknown(ts, e);
	case VL_X_ADDR_LOCAL:
		return vl_t_addr_local(ts, x->a);
	case VL_X_GLOBAL_ADDR:
		return vl_t_global(ts, x->name);
	case VL_X_FUNC_ADDR:
		return vl_t_func(ts, x->name);
	case VL_X_FIELD_ADDR:
		return vl_t_field(ts, eval(ax, s, x->a), x->rec, x->name);
	case VL_X_LOAD:
		return load(ax, s, eval(ax, s, x->a));
	case VL_X_CALL: {
		uint32_t ct = vl_t_call(ts, x->a, NULL);
		uint32_t m = vl_state_mem(s, ct);

		/* Results of pure calls are recorded under the call term. */
		return m != VL_NONE ? m : ct;
	}
	case VL_X_TEST:
		return vl_t_test(ts, eval(ax, s, x->a), x->pred, x->k);
	case VL_X_BITAND:
		return vl_t_bitand(ts, eval(ax, s, x->a), x->k);
	case VL_X_BITOR:
		return vl_t_bitor(ts, eval(ax, s, x->a), x->k);
	case VL_X_LAND:
	case VL_X_LOR: {
		uint32_t a = eval(ax, s, x->a);
		uint32_t b = eval(ax, s, (uint32_t)x->k);

		return vl_t_logic(ts, x->kind == VL_X_LOR, a, b);
	}
	case VL_X_EQ:
		return vl_t_eq(ts, eval(ax, s, x->a),
			       eval(ax, s, (uint32_t)x->k));
	case VL_X_OFFSET:
		return vl_t_offset(ts, eval(ax, s, x->a), x->k);
	default:
		return vl_t_unknown(ts, e);
	}
}

/* A value that no expression names: an unknown result of event i. */
static uint32_t event_unknown(struct vl_actx *ax, uint32_t ev_index)
{
	return vl_t_unknown(&ax->terms, ax->f->nexprs + ev_index);
}

enum vl_valkind vl_value_kind(struct vl_actx *ax, const struct vl_state *s,
			      uint32_t term)
{
	switch (vl_state_decide(s, &ax->terms, term, VL_P_EQ, 0)) {
	case VL_TRUE:
		return VL_VAL_NULL;
	case VL_FALSE:
		return VL_VAL_NONNULL;
	default:
		return VL_VAL_ANY;
	}
}

/* ---- spec paths and locks ---- */

struct pval {
	uint32_t t;
	bool lvalue;		/* t is the address of the value */
};

static uint32_t pval_rvalue(struct vl_actx *ax, const struct vl_state *s,
			    struct pval v)
{
	return v.lvalue ? load(ax, s, v.t) : v.t;
}

/* Evaluate a spec path; VL_NONE if it cannot be bound here. */
uint32_t vl_eval_path(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_path *p, const struct vl_bind *b)
{
	struct pval v = { VL_NONE, false };
	uint32_t i;
	size_t n;

	switch (p->root) {
	case VL_ROOT_PARAM:
		if (!b || !b->args || p->param >= b->nargs)
			return VL_NONE;
		v.t = b->args[p->param];
		break;
	case VL_ROOT_RETURN:
		if (!b || b->ret == VL_NONE)
			return VL_NONE;
		v.t = b->ret;
		break;
	case VL_ROOT_THIS:
		if (!b || b->this_term == VL_NONE)
			return VL_NONE;
		v.t = b->this_term;
		break;
	case VL_ROOT_GLOBAL:
		v.t = vl_t_global(&ax->terms, vl_ax_intern(ax, p->global));
		v.lvalue = true;
		break;
	case VL_ROOT_CALL:
		v.t = vl_t_pure(&ax->terms, vl_ax_intern(ax, p->global), NULL,
				0);
		break;
	default:
		return VL_NONE;
	}
	for (i = 0; i < p->nsteps; i++) {
		const struct vl_pstep *st = &p->steps[i];

		if (st->op == VL_PS_DOT && v.lvalue) {
			const struct vl_term *bt = vl_term(&ax->terms, v.t);

			if (bt->kind == VL_T_FIELD) {
				struct vl_buf path;

				vl_buf_init(&path);
				vl_buf_printf(&path, "%s.%s", bt->name,
					      st->field);
				v.t = field_addr(ax, bt->a, bt->rec,
						 vl_buf_cstr(&path));
				vl_buf_free(&path);
			} else {
				v.t = field_addr(ax, v.t, NULL, st->field);
			}
		} else {
			uint32_t base = pval_rvalue(ax, s, v);
			const struct vl_term *bt = vl_term(&ax->terms, base);

			/* Noted for requirements: through a NULL pointer a
			 * path names no object to require a lock of. */
			if (bt->kind == VL_T_CONST && bt->k == 0)
				ax->path_through_null = true;
			v.t = field_addr(ax, base, NULL, st->field);
		}
		v.lvalue = true;
	}
	for (n = strlen(p->prefix); n-- > 0;) {
		if (p->prefix[n] == '&') {
			if (!v.lvalue)
				return VL_NONE;
			v.lvalue = false;
		} else {
			v.t = pval_rvalue(ax, s, v);
			v.lvalue = true;
		}
	}
	return pval_rvalue(ax, s, v);
}

/*
 * The owner whose lock at &this->a->b is addr, or VL_NONE: the address
 * must be FIELD(LOAD(FIELD(owner, a)), b).
 */
static uint32_t match_class_path(struct vl_actx *ax, const struct vl_class *c,
				 uint32_t addr)
{
	const struct vl_path *p = c->path;
	uint32_t i = p->nsteps, t = addr;

	while (i-- > 0) {
		const struct vl_term *x = vl_term(&ax->terms, t);

		if (x->kind != VL_T_FIELD ||
		    strcmp(x->name, p->steps[i].field) != 0)
			return VL_NONE;
		t = x->a;
		if (i == 0)
			return t;
		x = vl_term(&ax->terms, t);
		if (p->steps[i].op == VL_PS_DOT)
			continue;	/* (a.b folds into one field path) */
		if (x->kind != VL_T_LOAD)
			return VL_NONE;
		t = x->a;
	}
	return VL_NONE;
}

uint32_t vl_lock_owner(struct vl_actx *ax, const struct vl_class *c,
		       uint32_t addr)
{
	const struct vl_term *t = vl_term(&ax->terms, addr);

	switch (c->where) {
	case VL_LW_FIELD:
		return t->kind == VL_T_FIELD ? t->a : VL_NONE;
	case VL_LW_OBJECT:
		return t->kind == VL_T_LOCKOBJ ? t->a : VL_NONE;
	case VL_LW_PATH:
		return match_class_path(ax, c, addr);
	case VL_LW_ANON:
		return addr;
	default:
		return VL_NONE;
	}
}

const struct vl_class *vl_class_of_addr(struct vl_actx *ax,
					const struct vl_state *s,
					uint32_t addr, uint32_t *owner)
{
	const struct vl_term *t = vl_term(&ax->terms, addr);
	const struct vl_class *c = NULL;
	uint32_t i;

	*owner = addr;
	if (t->kind == VL_T_FIELD) {
		c = vl_spec_field_class(ax->spec, t->rec, t->name);
		if (c) {
			*owner = t->a;
			if (vl_term(&ax->terms, t->a)->kind == VL_T_GLOBAL)
				c = vl_spec_owner_class(
					ax->spec, c,
					vl_term(&ax->terms, t->a)->name);
			return c;
		}
	} else if (t->kind == VL_T_GLOBAL) {
		c = vl_spec_global_class(ax->spec, t->name);
		if (c)
			return c;
	}
	if (t->kind == VL_T_LOAD &&
	    vl_term(&ax->terms, t->a)->kind == VL_T_FIELD) {
		/* A lock pointer kept in a field ("anonymous in
		 * vm_fault.ptl"). */
		const struct vl_term *f = vl_term(&ax->terms, t->a);

		c = vl_spec_pointer_class(ax->spec, f->rec, f->name);
		if (c)
			return c;
	}
	for (i = 0; i < ax->spec->nclasses; i++) {
		const struct vl_class *pc = ax->spec->classes[i];
		uint32_t o;

		if (pc->where != VL_LW_PATH)
			continue;
		o = match_class_path(ax, pc, addr);
		if (o != VL_NONE) {
			*owner = o;
			return pc;
		}
	}
	for (i = 0; s && i < s->nheld; i++) {
		if (s->held[i].addr == addr)
			return vl_held_class(ax, &s->held[i]);
	}
	for (i = 0; s && i < s->ndropped; i++) {
		const struct vl_dropped *d = &s->dropped[i];

		if (d->addr == addr && d->cls != VL_NOCLASS &&
		    d->cls < ax->spec->nclasses)
			return ax->spec->classes[d->cls];
	}
	for (i = 0; i < ax->nhints; i++)
		if (ax->hints[i].addr == addr)
			return ax->spec->classes[ax->hints[i].cls];
	return NULL;
}

static void hint_class(struct vl_actx *ax, uint32_t addr,
		       const struct vl_class *cls)
{
	uint32_t i;

	if (!cls)
		return;
	for (i = 0; i < ax->nhints; i++)
		if (ax->hints[i].addr == addr)
			return;
	VL_PUSH(ax->hints, ax->nhints, ax->caphints).addr = addr;
	ax->hints[ax->nhints - 1].cls = (uint16_t)cls->id;
}

struct vl_lockinst vl_resolve_lock(struct vl_actx *ax,
				   const struct vl_state *s,
				   const struct vl_lockref *l,
				   const struct vl_bind *b)
{
	struct vl_lockinst r;
	uint32_t owner = VL_NONE;

	memset(&r, 0, sizeof(r));
	r.mode = l->mode;
	r.cls = l->cls;
	if (l->owner.root != VL_ROOT_NONE) {
		owner = vl_eval_path(ax, s, &l->owner, b);
		if (owner == VL_NONE)
			return r;
	}
	if (!l->cls) {
		r.addr = owner;
		r.cls = vl_class_of_addr(ax, s, owner, &r.owner);
		r.valid = true;
		return r;
	}
	r.owner = owner;
	/* A class of its own for the lock of one global object. */
	if (l->cls->where == VL_LW_FIELD &&
	    vl_term(&ax->terms, owner)->kind == VL_T_GLOBAL)
		r.cls = vl_spec_owner_class(ax->spec, l->cls,
					    vl_term(&ax->terms, owner)->name);
	switch (l->cls->where) {
	case VL_LW_FIELD:
		r.addr = vl_t_field(&ax->terms, owner, vl_ax_intern(ax, l->cls->rec),
				    vl_ax_intern(ax, l->cls->field));
		break;
	case VL_LW_OBJECT:
		r.addr = vl_t_lockobj(&ax->terms, owner, l->cls->id);
		break;
	case VL_LW_GLOBAL:
		r.addr = vl_t_global(&ax->terms, vl_ax_intern(ax, l->cls->global));
		break;
	case VL_LW_ANON:
		r.addr = owner;
		break;
	case VL_LW_PATH: {
		struct vl_bind tb;

		memset(&tb, 0, sizeof(tb));
		tb.this_term = owner;
		tb.ret = VL_NONE;
		r.addr = vl_eval_path(ax, s, l->cls->path, &tb);
		if (r.addr == VL_NONE)
			return r;
		break;
	}
	}
	r.valid = true;
	return r;
}


/* Held for messages: really held, not assumed after a finding. */
static bool held_shown(const struct vl_held *h)
{
	return vl_held_certain(h) && !(h->flags & VL_HF_ASSUMED);
}

/*
 * The held entry for inst.  Classes with unify_owners (the mmap lock: a
 * function normally works on one mm, and code rarely shows that
 * vma->vm_mm is the mm it locked) also match a lock of the same class on
 * another owner.  With several owners held (dup_mmap() locks the parent's
 * and the child's mm) the code does not show which one vma->vm_mm is
 * either; any of them may be it, so the strongest hold is used.
 */
/* Are a and b the same field of objects the path shows are one, a
 * global and a pointer known equal to its address ("if (mm !=
 * &init_mm)" not taken: mm's mmap lock is init_mm's)? */
static bool same_global_field(struct vl_actx *ax, const struct vl_state *s,
			      uint32_t a, uint32_t b)
{
	const struct vl_term *x = vl_term(&ax->terms, a);
	const struct vl_term *y = vl_term(&ax->terms, b);
	uint32_t g, p;

	if (x->kind != VL_T_FIELD || y->kind != VL_T_FIELD || x->a == y->a ||
	    strcmp(x->name, y->name) != 0)
		return false;
	if (vl_term(&ax->terms, x->a)->kind == VL_T_GLOBAL) {
		g = x->a;
		p = y->a;
	} else if (vl_term(&ax->terms, y->a)->kind == VL_T_GLOBAL) {
		g = y->a;
		p = x->a;
	} else {
		return false;
	}
	p = vl_t_eq_find(&ax->terms, p, g);
	return p != VL_NONE &&
	       vl_state_decide(s, &ax->terms, p, VL_P_NE, 0) == VL_TRUE;
}

uint32_t vl_find_lock(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_lockinst *inst, bool with_uncertain)
{
	uint32_t i, unified = VL_NONE;

	if (!inst->valid)
		return VL_NONE;
	for (i = 0; i < s->nheld; i++) {
		const struct vl_held *h = &s->held[i];

		if (!with_uncertain && !vl_held_certain(h))
			continue;
		if (h->addr == inst->addr &&
		    (!inst->cls || h->cls == VL_NOCLASS ||
		     h->cls == inst->cls->id))
			return i;
		if (same_global_field(ax, s, h->addr, inst->addr))
			return i;
		/* Any lock of a class whose owners unify; for an order-only
		 * class (not balance-checked, its owners not tracked
		 * exactly: xas.xa after xas_load()), a lock of the class
		 * where none has this name. */
		if (inst->cls &&
		    (inst->cls->flags & (VL_CF_UNIFY | VL_CF_ORDER_ONLY)) &&
		    h->cls == inst->cls->id &&
		    (unified == VL_NONE ||
		     (vl_held_certain(h) && !vl_held_certain(&s->held[unified])) ||
		     (vl_held_certain(h) == vl_held_certain(&s->held[unified]) &&
		      h->mode > s->held[unified].mode)))
			unified = i;
	}
	return unified;
}

/* The function's own parameters as the arguments of a spec entry about
 * it (entry and callback lines). */
static void bind_own_params(struct vl_actx *ax, uint32_t *args, uint32_t cap,
			    struct vl_bind *b)
{
	uint32_t i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < ax->f->nparams && i < cap; i++)
		args[i] = vl_t_param(&ax->terms, i);
	b->args = args;
	b->nargs = i;
	b->this_term = VL_NONE;
	b->ret = VL_NONE;
}

/* Does a spec callback entry say the function may return holding h
 * (a lock of the class, of any owner or of the one named)? */
static bool leaves_lock(struct vl_actx *ax, const struct vl_state *s,
			const struct vl_req *r, const struct vl_held *h)
{
	uint32_t args[64], i;
	struct vl_lockinst inst;
	struct vl_bind b;

	if (r->kind == VL_REQ_AND || r->kind == VL_REQ_OR) {
		for (i = 0; i < r->nsubs; i++)
			if (leaves_lock(ax, s, r->subs[i], h))
				return true;
		return false;
	}
	if (r->kind != VL_REQ_LOCK || !r->lock.cls ||
	    r->lock.cls->id != h->cls)
		return false;
	if (r->lock.owner.root == VL_ROOT_WILD)
		return true;
	bind_own_params(ax, args, VL_ARRAY_SIZE(args), &b);
	inst = vl_resolve_lock(ax, s, &r->lock, &b);
	return inst.valid && inst.addr == h->addr;
}

bool vl_exit_handed_over(struct vl_actx *ax, const struct vl_state *s,
			 const struct vl_held *h)
{
	uint32_t i;

	/* The callers' lock, dropped and taken again (madvise_willneed()
	 * around vfs_fadvise()). */
	for (i = 0; i < s->ndropped; i++)
		if (s->dropped[i].addr == h->addr && s->dropped[i].callers &&
		    s->dropped[i].cls == h->cls)
			return true;
	for (i = 0; i < ax->nleaves; i++)
		if (leaves_lock(ax, s, ax->leaves[i], h))
			return true;
	return false;
}

/* "a" or "an" before a word, as it is spoken (a VMA, an i_mmap). */
static const char *article(const char *word)
{
	return strchr("aeiouAEIO", word[0]) && word[0] ? "an" : "a";
}

static bool mode_ok(enum vl_mode want, uint8_t have)
{
	return want != VL_MODE_WRITE || have == VL_MODE_WRITE;
}

static void describe_value(struct vl_actx *ax, const struct vl_state *s,
			   uint32_t t, struct vl_buf *b, int depth);

/* Is class cls in mode held through a class that covers it
 * (mm_take_all_locks())? */
static bool covered(struct vl_actx *ax, const struct vl_state *s,
		    const struct vl_class *cls, enum vl_mode mode)
{
	uint32_t i;

	for (i = 0; cls && i < s->nheld; i++) {
		const struct vl_held *h = &s->held[i];

		if (vl_held_certain(h) &&
		    vl_class_covers(vl_held_class(ax, h), h->mode, cls, mode))
			return true;
	}
	return false;
}

/* The unmet parts of a conjunction, nested conjunctions flattened. */
struct and_parts {
	struct vl_buf *p;
	uint32_t n, cap;
	bool alternatives;	/* some part is "either ... or ..." */
};

enum vl_each_mode vl_each_select(struct vl_actx *ax, const struct vl_state *s,
				 const struct vl_req *r,
				 const struct vl_bind *b, bool sel[16])
{
	bool known[16], possible[16], any_known = false;
	uint32_t i, n = r->nsubs < 16 ? r->nsubs : 16, npossible = 0;

	for (i = 0; i < n; i++) {
		uint32_t g = vl_eval_path(ax, s, &r->guards[i], b);
		enum vl_tri t = g == VL_NONE ?
					VL_MAYBE :
					vl_state_decide(s, &ax->terms, g, VL_P_NE, 0);

		known[i] = t == VL_TRUE;
		possible[i] = t != VL_FALSE;
		any_known |= known[i];
		npossible += possible[i];
	}
	for (i = 0; i < 16; i++)
		sel[i] = false;
	if (!npossible)
		return VL_EACH_TRIVIAL;
	if (any_known || ax->u->strict) {
		for (i = 0; i < n; i++)
			sel[i] = ax->u->strict ? possible[i] : known[i];
		return VL_EACH_ALL;
	}
	for (i = 0; i < n; i++)
		sel[i] = possible[i];
	return VL_EACH_ANY;
}

static bool and_collect(struct vl_actx *ax, const struct vl_state *s,
			const struct vl_req *r, const struct vl_bind *b,
			struct and_parts *out);

/* One conjunct: nested conjunctions and each() in its "all" mode are
 * flattened into the parts. */
static bool and_collect_one(struct vl_actx *ax, const struct vl_state *s,
			    const struct vl_req *sub, const struct vl_bind *b,
			    struct and_parts *out)
{
	struct vl_buf part;
	bool sel[16];

	if (sub->kind == VL_REQ_AND)
		return and_collect(ax, s, sub, b, out);
	if (sub->kind == VL_REQ_EACH &&
	    vl_each_select(ax, s, sub, b, sel) == VL_EACH_ALL) {
		bool ok = true;
		uint32_t i;

		for (i = 0; i < sub->nsubs && i < 16; i++)
			if (sel[i])
				ok &= and_collect_one(ax, s, sub->subs[i], b,
						      out);
		return ok;
	}
	vl_buf_init(&part);
	if (vl_req_holds(ax, s, sub, b, out ? &part : NULL)) {
		vl_buf_free(&part);
		return true;
	}
	if (!out) {
		vl_buf_free(&part);
		return false;
	}
	out->alternatives |= strncmp(vl_buf_cstr(&part), "either ", 7) == 0;
	VL_PUSH(out->p, out->n, out->cap) = part;
	return false;
}

static bool and_collect(struct vl_actx *ax, const struct vl_state *s,
			const struct vl_req *r, const struct vl_bind *b,
			struct and_parts *out)
{
	bool ok = true;
	uint32_t i;

	for (i = 0; i < r->nsubs; i++)
		ok &= and_collect_one(ax, s, r->subs[i], b, out);
	return ok;
}

/* "A", "A and B", "A, B and C"; with alternatives: "A, and either B or
 * C" (the comma keeps the "either" apart). */
static void and_join(struct and_parts *parts, struct vl_buf *b)
{
	uint32_t i;

	for (i = 0; i < parts->n; i++) {
		if (i)
			vl_buf_puts(b, i + 1 < parts->n ? ", " :
				       parts->alternatives ? ", and " : " and ");
		vl_buf_add(b, vl_buf_cstr(&parts->p[i]), parts->p[i].len);
	}
}

static void and_free(struct and_parts *parts)
{
	uint32_t i;

	for (i = 0; i < parts->n; i++)
		vl_buf_free(&parts->p[i]);
	free(parts->p);
}

static bool each_holds(struct vl_actx *ax, const struct vl_state *s,
		       const struct vl_req *r, const struct vl_bind *b,
		       struct vl_buf *missing)
{
	struct and_parts parts = { 0 };
	uint32_t i, nchoices = 0;
	struct vl_buf alts;
	bool sel[16], ok;

	switch (vl_each_select(ax, s, r, b, sel)) {
	case VL_EACH_TRIVIAL:
		return true;
	case VL_EACH_ALL:
		ok = and_collect_one(ax, s, r, b, missing ? &parts : NULL);
		if (!ok && missing)
			and_join(&parts, missing);
		and_free(&parts);
		return ok;
	case VL_EACH_ANY:
		break;
	}
	/* Any one of them. */
	vl_buf_init(&alts);
	for (i = 0; i < r->nsubs && i < 16; i++) {
		struct vl_buf part;

		if (!sel[i])
			continue;
		nchoices++;
		vl_buf_init(&part);
		if (vl_req_holds(ax, s, r->subs[i], b, missing ? &part : NULL)) {
			vl_buf_free(&part);
			vl_buf_free(&alts);
			return true;
		}
		if (alts.len)
			vl_buf_puts(&alts, " or ");
		vl_buf_add(&alts, vl_buf_cstr(&part), part.len);
		vl_buf_free(&part);
	}
	if (missing) {
		if (nchoices > 1)
			vl_buf_puts(missing, "either ");
		vl_buf_add(missing, vl_buf_cstr(&alts), alts.len);
	}
	vl_buf_free(&alts);
	return false;
}

bool vl_req_holds(struct vl_actx *ax, const struct vl_state *s,
		  const struct vl_req *r, const struct vl_bind *b,
		  struct vl_buf *missing)
{
	uint32_t i;

	switch (r->kind) {
	case VL_REQ_TRUE:
	case VL_REQ_USE:
		return true;
	case VL_REQ_PRIVATE: {
		uint32_t t;

		if (ax->held_only)
			return false;
		t = vl_eval_path(ax, s, &r->use_args[0], b);

		/* A local object (a pmd_t built on the stack) is the
		 * function's own until its address is stored elsewhere. */
		if (t == VL_NONE || vl_state_is_private(s, t) ||
		    vl_term(&ax->terms, t)->kind == VL_T_ADDR_LOCAL)
			return true;
		if (missing) {
			describe_value(ax, s, t, missing, 0);
			vl_buf_puts(missing, " to be a new object nobody else sees");
		}
		return false;
	}
	case VL_REQ_EACH:
		return each_holds(ax, s, r, b, missing);
	case VL_REQ_CLASS: {
		/* The lock a callee holds where it needs r->lock is that
		 * lock (a wildcard: of its class). */
		uint32_t t = vl_eval_path(ax, s, &r->use_args[0], b), owner;
		const struct vl_class *c;
		struct vl_lockinst inst;

		if (t == VL_NONE)
			return false;
		if (r->lock.owner.root != VL_ROOT_WILD) {
			inst = vl_resolve_lock(ax, s, &r->lock, b);
			return inst.valid && inst.addr == t;
		}
		c = vl_class_of_addr(ax, s, t, &owner);
		return c && vl_spec_class_is(ax->spec, c->id, r->lock.cls);
	}
	case VL_REQ_LOCK: {
		struct vl_lockinst inst;
		uint32_t idx;

		if (r->lock.owner.root == VL_ROOT_WILD && r->lock.cls) {
			/* cls(*): any lock of the class will do. */
			for (i = 0; i < s->nheld; i++) {
				const struct vl_held *h = &s->held[i];

				if (vl_held_certain(h) &&
				    !(ax->held_only &&
				      (h->flags & VL_HF_ASSUMED)) &&
				    vl_spec_class_is(ax->spec, h->cls,
						     r->lock.cls) &&
				    mode_ok(r->lock.mode, h->mode))
					return true;
			}
			if (missing) {
				vl_buf_printf(missing, "%s %s",
					      article(r->lock.cls->display),
					      r->lock.cls->display);
				if (vl_class_has_modes(r->lock.cls))
					vl_buf_printf(missing, "%s lock",
						      r->lock.mode == VL_MODE_WRITE ? " write" :
						      r->lock.mode == VL_MODE_READ ? " read" : "");
			}
			return false;
		}
		ax->path_through_null = false;
		inst = vl_resolve_lock(ax, s, &r->lock, b);

		/* An owner that cannot be named here cannot be checked;
		 * nor one reached through a NULL pointer
		 * (vma_merge_new_range(&vmg) with vmg.vma still NULL: the
		 * callee sets it before it needs its lock). */
		if (!inst.valid || ax->path_through_null)
			return !ax->held_only;
		idx = vl_find_lock(ax, s, &inst, false);
		if (idx != VL_NONE &&
		    !(ax->held_only && (s->held[idx].flags & VL_HF_ASSUMED)) &&
		    (mode_ok(r->lock.mode, s->held[idx].mode) ||
		     (s->held[idx].flags & VL_HF_ASSUMED_W)))
			return true;
		if (covered(ax, s, r->lock.cls, r->lock.mode))
			return true;
		if (missing) {
			vl_buf_puts(missing, "the ");
			vl_describe_inst(ax, s, &inst, missing);
		}
		return false;
	}
	case VL_REQ_AND: {
		struct and_parts parts = { NULL, 0, 0, false };
		bool ok = and_collect(ax, s, r, b, missing ? &parts : NULL);

		if (!ok && missing)
			and_join(&parts, missing);
		and_free(&parts);
		return ok;
	}
	case VL_REQ_OR: {
		struct vl_buf parts;
		uint32_t nparts = 0;

		vl_buf_init(&parts);
		for (i = 0; i < r->nsubs; i++) {
			struct vl_buf part;
			bool ok;

			vl_buf_init(&part);
			ok = vl_req_holds(ax, s, r->subs[i], b,
					  missing ? &part : NULL);
			if (ok) {
				vl_buf_free(&part);
				vl_buf_free(&parts);
				return true;
			}
			/* "unpublished(x)" is an exemption, not something to
			 * take, and so is a lock passed down being of the
			 * class: messages name the locks only. */
			if (missing && r->subs[i]->kind != VL_REQ_PRIVATE &&
			    r->subs[i]->kind != VL_REQ_CLASS) {
				if (nparts++)
					vl_buf_puts(&parts, " or ");
				vl_buf_add(&parts, vl_buf_cstr(&part),
					   part.len);
			}
			vl_buf_free(&part);
		}
		if (missing) {
			if (nparts > 1)
				vl_buf_puts(missing, "either ");
			vl_buf_add(missing, vl_buf_cstr(&parts), parts.len);
		}
		vl_buf_free(&parts);
		return false;
	}
	}
	return true;
}

/* ---- descriptions ---- */

static void describe_lvalue(struct vl_actx *ax, const struct vl_state *s,
			    uint32_t addr, struct vl_buf *b, int depth);

static void describe_value(struct vl_actx *ax, const struct vl_state *s,
			   uint32_t t, struct vl_buf *b, int depth)
{
	const struct vl_term *x;
	const struct vl_func *f = ax->f;
	uint32_t i;

	if (t == VL_NONE || depth > 8) {
		vl_buf_puts(b, "?");
		return;
	}
	x = vl_term(&ax->terms, t);
	/* A local that holds the value names it best. */
	if (s && x->kind != VL_T_CONST) {
		for (i = 0; i < s->nlocals && i < f->nlocals; i++) {
			if (s->env[i] == t && f->locals[i].name[0]) {
				vl_buf_puts(b, f->locals[i].name);
				return;
			}
		}
	}
	switch (x->kind) {
	case VL_T_PARAM:
		for (i = 0; i < f->nlocals; i++) {
			if (f->locals[i].param == (int32_t)x->a) {
				/* The parameter was reassigned. */
				vl_buf_printf(b, "%s%s", f->locals[i].name,
					      s ? " (earlier value)" : "");
				return;
			}
		}
		vl_buf_printf(b, "parameter %u", x->a + 1);
		return;
	case VL_T_UNINIT:
		vl_buf_printf(b, "uninitialised %s", f->locals[x->a].name);
		return;
	case VL_T_CONST:
		if (x->k == 0)
			vl_buf_puts(b, "NULL");
		else
			vl_buf_printf(b, "%lld", (long long)x->k);
		return;
	case VL_T_CALL: {
		const struct vl_event *call = NULL;

		for (i = 0; i < f->nevents; i++) {
			const struct vl_event *ev = &f->events[i];

			if (ev->kind == VL_EV_CALL && ev->a == x->a) {
				call = ev;
				break;
			}
		}
		/* Results of different calls must read differently. */
		if (call && call->name)
			vl_buf_printf(b, "%s() at line %u", call->name,
				      ax->u->locs[call->loc].line);
		else
			vl_buf_puts(b, "the result of an indirect call");
		return;
	}
	case VL_T_PURE:
		vl_buf_printf(b, "%s(", x->name);
		for (i = 0; i < x->nargs; i++) {
			if (i)
				vl_buf_puts(b, ", ");
			describe_value(ax, s, x->args[i], b, depth + 1);
		}
		vl_buf_puts(b, ")");
		return;
	case VL_T_OUT:
		vl_buf_printf(b, "the value stored by call %u", x->a);
		return;
	case VL_T_PHI:
		/* The local names another value now. */
		vl_buf_printf(b, "%s%s", f->locals[x->b].name,
			      s ? " (earlier value)" : "");
		return;
	case VL_T_LOAD:
		describe_lvalue(ax, s, x->a, b, depth + 1);
		return;
	case VL_T_OLD: {
		const struct vl_term *in = vl_term(&ax->terms, x->a);

		describe_value(ax, NULL, x->a, b, depth + 1);
		if (in->kind != VL_T_CALL)
			vl_buf_puts(b, " (earlier value)");
		return;
	}
	case VL_T_GLOBAL:
	case VL_T_FIELD:
	case VL_T_ADDR_LOCAL:
		vl_buf_puts(b, "&");
		describe_lvalue(ax, s, t, b, depth + 1);
		return;
	case VL_T_FUNC:
		vl_buf_puts(b, x->name);
		return;
	case VL_T_LOCKOBJ:
		vl_buf_puts(b, "lock of ");
		describe_value(ax, s, x->a, b, depth + 1);
		return;
	case VL_T_TEST:
	case VL_T_BITAND:
	case VL_T_UNKNOWN:
	default:
		vl_buf_puts(b, "?");
		return;
	}
}

static void describe_lvalue(struct vl_actx *ax, const struct vl_state *s,
			    uint32_t addr, struct vl_buf *b, int depth)
{
	const struct vl_term *x = vl_term(&ax->terms, addr);

	switch (x->kind) {
	case VL_T_FIELD: {
		const struct vl_term *base = vl_term(&ax->terms, x->a);

		/* A field of a local or global struct: args.lock. */
		if (base->kind == VL_T_ADDR_LOCAL || base->kind == VL_T_GLOBAL) {
			describe_lvalue(ax, s, x->a, b, depth + 1);
			vl_buf_printf(b, ".%s", x->name);
			return;
		}
		describe_value(ax, s, x->a, b, depth + 1);
		vl_buf_printf(b, "->%s", x->name);
		return;
	}
	case VL_T_GLOBAL:
		vl_buf_puts(b, x->name);
		return;
	case VL_T_ADDR_LOCAL:
		vl_buf_puts(b, ax->f->locals[x->a].name);
		return;
	default:
		vl_buf_puts(b, "*");
		describe_value(ax, s, addr, b, depth + 1);
		return;
	}
}

void vl_describe_term(struct vl_actx *ax, const struct vl_state *s,
		      uint32_t term, struct vl_buf *b)
{
	describe_value(ax, s, term, b, 0);
}

void vl_describe_lock(struct vl_actx *ax, const struct vl_state *s,
		      uint32_t addr, const struct vl_class *cls,
		      enum vl_mode mode, struct vl_buf *b)
{
	const struct vl_term *t = vl_term(&ax->terms, addr);
	uint32_t owner = VL_NONE;

	if (t->kind == VL_T_GLOBAL && t->name[0] == '<' && cls) {
		/* A stand-in for some lock of the class (callback entry). */
		vl_buf_printf(b, "%s %s", article(cls->display), cls->display);
		if (vl_class_has_modes(cls))
			vl_buf_printf(b, "%s lock",
				      mode == VL_MODE_WRITE ? " write" :
				      mode == VL_MODE_READ  ? " read" : "");
		return;
	}
	if (!cls) {
		vl_buf_puts(b, "lock ");
		describe_lvalue(ax, s, addr, b, 0);
		return;
	}
	/* A class of one global object's lock names it in its display. */
	if (cls->where == VL_LW_FIELD && t->kind == VL_T_FIELD && !cls->global)
		owner = t->a;
	else if (cls->where == VL_LW_OBJECT && t->kind == VL_T_LOCKOBJ)
		owner = t->a;
	else if (cls->where == VL_LW_PATH)
		owner = match_class_path(ax, cls, addr);
	vl_buf_puts(b, cls->display);
	if (vl_class_has_modes(cls))
		vl_buf_printf(b, "%s lock",
			      mode == VL_MODE_WRITE ? " write" :
			      mode == VL_MODE_READ  ? " read" : "");
	if (cls->where == VL_LW_ANON) {
		vl_buf_puts(b, " ");
		describe_value(ax, s, addr, b, 0);
	} else if (owner != VL_NONE) {
		vl_buf_puts(b, " of ");
		describe_value(ax, s, owner, b, 0);
	}
}

void vl_describe_inst(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_lockinst *l, struct vl_buf *b)
{
	vl_describe_lock(ax, s, l->addr, l->cls, l->mode, b);
}

void vl_describe_held(struct vl_actx *ax, const struct vl_state *s,
		      struct vl_buf *b)
{
	uint32_t i, n = 0;

	for (i = 0; i < s->nheld; i++) {
		const struct vl_held *h = &s->held[i];

		if (!held_shown(h))
			continue;
		if (n++)
			vl_buf_puts(b, ", ");
		vl_describe_lock(ax, s, h->addr, vl_held_class(ax, h), h->mode,
				 b);
	}
	if (!n)
		vl_buf_puts(b, "nothing");
}

/* Is h held (the same lock, certainly, in the same mode) in s? */
static bool held_in(const struct vl_state *s, const struct vl_held *h)
{
	uint32_t idx = vl_state_find_held(s, h->addr);

	return idx != VL_NONE && held_shown(&s->held[idx]) &&
	       s->held[idx].mode == h->mode;
}

/* Add one lock's description to list (", "-separated) unless the same
 * text is there already: two values of one variable read alike ("VMA
 * write lock of vma (earlier value)"). */
static void add_description(struct vl_buf *list, uint32_t *n,
			    struct vl_buf *item)
{
	const char *l = vl_buf_cstr(list), *it = vl_buf_cstr(item), *p;
	size_t len = item->len;

	for (p = l; *n && (p = strstr(p, it)) != NULL; p += len)
		if ((p == l || (p >= l + 2 && p[-2] == ',' && p[-1] == ' ')) &&
		    (p[len] == '\0' || p[len] == ','))
			return;
	if ((*n)++)
		vl_buf_puts(list, ", ");
	vl_buf_add(list, it, len);
}

void vl_describe_held_paths(struct vl_actx *ax, struct vl_state *const *states,
			    uint32_t n, struct vl_buf *b)
{
	struct vl_buf all, some, one;
	uint32_t i, j, k, nall = 0, nsome = 0;

	if (!n) {
		vl_buf_puts(b, "nothing");
		return;
	}
	vl_buf_init(&all);
	vl_buf_init(&some);
	for (i = 0; i < n; i++) {
		for (j = 0; j < states[i]->nheld; j++) {
			const struct vl_held *h = &states[i]->held[j];
			bool everywhere = held_shown(h), seen = false;

			if (!held_shown(h))
				continue;
			for (k = 0; k < n && everywhere; k++)
				everywhere = held_in(states[k], h);
			/* Describe each lock once: at its first state. */
			for (k = 0; k < i && !seen; k++)
				seen = held_in(states[k], h);
			if (seen || (everywhere && i > 0))
				continue;
			vl_buf_init(&one);
			vl_describe_lock(ax, states[i], h->addr,
					 vl_held_class(ax, h), h->mode, &one);
			if (everywhere)
				add_description(&all, &nall, &one);
			else
				add_description(&some, &nsome, &one);
			vl_buf_free(&one);
		}
	}
	vl_buf_add(b, vl_buf_cstr(&all), all.len);
	if (!nall)
		vl_buf_puts(b, "nothing");
	if (nsome)
		vl_buf_printf(b, "; on some paths also: %s",
			      vl_buf_cstr(&some));
	vl_buf_free(&all);
	vl_buf_free(&some);
}

/* ---- findings ---- */

/* The finding's copy of rule, its strings owned by the unit. */
static void keep_rule(struct vl_unit *u, struct vl_finding *f,
		      const struct vl_rule *rule)
{
	if (!rule || !rule->file)
		return;
	f->rule.file = vl_unit_intern(u, rule->file);
	f->rule.line = rule->line;
	f->rule.text = vl_unit_intern(u, rule->text ? rule->text : "");
	f->rule.doc = rule->doc ? vl_unit_intern(u, rule->doc) : NULL;
}

const struct vl_rule *vl_effect_rule(struct vl_actx *ax,
				     const struct vl_effect *e)
{
	const struct vl_summaries *sm = ax->u->sums;

	if (e->node && sm && e->node < sm->nobls)
		return sm->obls[sm->obls[e->node].root].rule;
	return e->rule;
}

struct vl_finding *vl_report(struct vl_actx *ax, const char *checker,
			     uint32_t loc, const char *key,
			     const struct vl_rule *rule, const char *fmt, ...)
{
	struct vl_unit *u = ax->u;
	struct vl_finding *f;
	struct vl_buf msg;
	va_list ap;
	uint32_t i;

	key = vl_ax_intern(ax, key ? key : "");
	if (ax->defer_node) {
		/* Waits for the callers (summary.h). */
		struct vl_finding tmp;

		memset(&tmp, 0, sizeof(tmp));
		vl_buf_init(&msg);
		va_start(ap, fmt);
		vl_buf_vprintf(&msg, fmt, ap);
		va_end(ap);
		tmp.checker = checker;
		tmp.loc = loc;
		tmp.function = ax->f->name;
		tmp.key = key;
		tmp.message = vl_buf_steal(&msg);
		keep_rule(u, &tmp, rule);
		if (!vl_obl_park(u, ax->defer_node, &tmp)) {
			vl_finding_release(&tmp);
			return NULL;
		}
		return u->sums->obls[ax->defer_node].pending;
	}
	for (i = ax->first_finding; i < u->nfindings; i++) {
		f = &u->findings[i];
		if (f->loc == loc && f->key == key &&
		    strcmp(f->checker, checker) == 0)
			return NULL;
	}
	vl_buf_init(&msg);
	va_start(ap, fmt);
	vl_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f = &VL_PUSH(u->findings, u->nfindings, u->capfindings);
	memset(f, 0, sizeof(*f));
	f->checker = checker;
	f->loc = loc;
	f->function = ax->f->name;
	f->key = key;
	f->message = vl_buf_steal(&msg);
	keep_rule(u, f, rule);
	return f;
}

void vl_finding_step(struct vl_actx *ax, struct vl_finding *f, uint32_t loc,
		     const char *fmt, ...)
{
	struct vl_step *st;
	struct vl_buf msg;
	va_list ap;
	uint32_t i;

	if (!f || loc == VL_NONE)
		return;
	vl_buf_init(&msg);
	va_start(ap, fmt);
	vl_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	for (i = 0; i < f->nsteps; i++) {
		if (f->steps[i].loc == loc &&
		    strcmp(f->steps[i].msg, vl_buf_cstr(&msg)) == 0) {
			vl_buf_free(&msg);
			return;
		}
	}
	st = &VL_PUSH(f->steps, f->nsteps, f->capsteps);
	st->loc = loc;
	st->msg = vl_buf_steal(&msg);
	(void)ax;
}

void vl_explain_held(struct vl_actx *ax, struct vl_finding *f,
		     const struct vl_state *s)
{
	vl_explain_held_class(ax, f, s, NULL);
}

const char *vl_lock_det(const char *desc)
{
	return strncmp(desc, "a ", 2) == 0 || strncmp(desc, "an ", 3) == 0 ?
		       "" :
		       "the ";
}

void vl_note_held(struct vl_actx *ax, struct vl_finding *f,
		  const struct vl_state *s, const struct vl_held *h)
{
	struct vl_buf d;

	if (!f || h->loc == VL_NONE)
		return;
	vl_buf_init(&d);
	vl_describe_lock(ax, s, h->addr, vl_held_class(ax, h),
			 h->acq_mode ? h->acq_mode : h->mode, &d);
	if (h->flags & VL_HF_ENTRY)
		vl_finding_step(ax, f, h->loc, "%s held by the caller of %s()",
				vl_buf_cstr(&d), ax->f->name);
	else
		vl_finding_step(ax, f, h->loc, "%s %s here", vl_buf_cstr(&d),
				h->flags & VL_HF_ASSERTED ? "asserted" :
							    "taken");
	vl_buf_free(&d);
}

void vl_explain_held_class(struct vl_actx *ax, struct vl_finding *f,
			   const struct vl_state *s, const struct vl_class *cls)
{
	uint32_t i;

	for (i = 0; f && i < s->nheld; i++) {
		const struct vl_held *h = &s->held[i];

		if (!vl_held_certain(h) || h->loc == VL_NONE ||
		    (h->flags & VL_HF_ASSUMED) ||
		    (cls && vl_held_class(ax, h) != cls))
			continue;
		vl_note_held(ax, f, s, h);
	}
}

void vl_explain_dropped(struct vl_actx *ax, struct vl_finding *f,
			const struct vl_state *s)
{
	vl_explain_dropped_lock(ax, f, s, VL_NONE);
}

void vl_explain_dropped_lock(struct vl_actx *ax, struct vl_finding *f,
			     const struct vl_state *s, uint32_t addr)
{
	uint32_t i;

	for (i = s->ndropped; f && i-- > 0;) {
		const struct vl_dropped *d = &s->dropped[i];
		const struct vl_class *c = d->cls == VL_NOCLASS ?
						   NULL :
						   ax->spec->classes[d->cls];
		struct vl_buf b;

		if (vl_state_find_held(s, d->addr) != VL_NONE ||
		    (addr != VL_NONE && d->addr != addr))
			continue;
		vl_buf_init(&b);
		vl_describe_lock(ax, s, d->addr, c, d->mode, &b);
		vl_finding_step(ax, f, d->loc, "%s released here",
				vl_buf_cstr(&b));
		vl_buf_free(&b);
	}
}

/* ---- hooks ---- */

#define FOR_EACH_CHECKER(c)                                                \
	for (uint32_t ci_ = 0; ci_ < vl_ncheckers; ci_++)                  \
		for (const struct vl_checker *c = vl_checkers[ci_]; c;     \
		     c = NULL)

/* ---- transfer ---- */

/* Is addr inside a local struct or a new object, or a field the spec
 * says is its struct owner's alone ("private"): a place only this
 * function sees? */
static bool private_place(struct vl_actx *ax, const struct vl_state *s,
			  uint32_t addr)
{
	for (;;) {
		const struct vl_term *t = vl_term(&ax->terms, addr);
		const struct vl_field_rule *fr;

		if (t->kind == VL_T_ADDR_LOCAL || vl_state_is_private(s, addr))
			return true;
		if (t->kind != VL_T_FIELD)
			return false;
		fr = vl_spec_field(ax->spec, t->rec, t->name);
		if (fr && fr->keeps_private)
			return true;
		addr = t->a;
	}
}

static void write_location(struct vl_actx *ax, struct vl_state *s,
			   uint32_t addr, uint32_t newv)
{
	const struct vl_term *t = vl_term(&ax->terms, addr);

	/* Storing a new object where others can find it publishes it. */
	if (vl_state_is_private(s, newv) && !private_place(ax, s, addr))
		vl_state_set_private(s, newv, false);
	t = vl_term(&ax->terms, addr);

	if (t->kind == VL_T_ADDR_LOCAL && t->a < s->nlocals) {
		s->env[t->a] = newv;
		return;
	}
	vl_sum_note_store(ax, addr, newv);
	if (vl_state_mem(s, addr) == VL_NONE) {
		/* The value the location held keeps its meaning under a new
		 * name, for locals and locks that still refer to it. */
		uint32_t old = vl_t_load(&ax->terms, addr);
		uint32_t renamed = vl_t_old(&ax->terms, old);

		vl_state_rename(s, &ax->terms, old, renamed);
		newv = vl_term_subst(&ax->terms, newv, old, renamed);
		addr = vl_term_subst(&ax->terms, addr, old, renamed);
	}
	vl_state_set_mem(s, addr, newv);
}

/* A struct local passed by address may be filled in by the callee: forget
 * what was known about its fields (but keep lock identities). */
/* The first-level field of the object at base that addr lies in
 * ("a" of &base->a.b), or NULL if it is not in that object; *kept: the
 * spec says code the analysis does not see leaves it alone. */
static const char *field_under(struct vl_actx *ax, uint32_t addr,
			       uint32_t base, bool *kept)
{
	const struct vl_term *t = vl_term(&ax->terms, addr);
	int depth = 0;

	while (t->kind == VL_T_FIELD && depth++ < 16) {
		if (t->a == base) {
			const struct vl_field_rule *fr =
				t->rec ? vl_spec_field(ax->spec, t->rec,
						       t->name) :
					 NULL;

			*kept = fr && fr->kept;
			return t->name;
		}
		t = vl_term(&ax->terms, t->a);
	}
	return NULL;
}

/* Does a held lock's address go through value v (&v->f, &v->a->b)? */
static bool names_held_lock(struct vl_actx *ax, const struct vl_state *s,
			    uint32_t v)
{
	uint32_t i;

	for (i = 0; i < s->nheld; i++) {
		uint32_t t = s->held[i].addr;
		int depth = 0;

		while (t != VL_NONE && depth++ < 16) {
			const struct vl_term *x = vl_term(&ax->terms, t);

			if (t == v)
				return true;
			if (x->kind != VL_T_FIELD && x->kind != VL_T_LOAD &&
			    x->kind != VL_T_LOCKOBJ)
				break;
			t = x->a;
		}
	}
	return false;
}

/* What is known of the fields of the object at base that the callee
 * (argument i of a summary sum; sum NULL: anything) may store into.
 * A callee whose body is unknown is taken to keep a field that names a
 * lock the caller holds (xas.xa of xas_lock_irq(&xas), across
 * xas_load(&xas)), as it is taken to keep the caller's locks. */
static void forget_object(struct vl_actx *ax, struct vl_state *s,
			  uint32_t base, const struct vl_fnspec *sum,
			  uint32_t i)
{
	uint32_t j, n;

	for (j = 0, n = 0; j < s->nmem; j++) {
		bool kept = false;
		const char *f = field_under(ax, s->mem[j].addr, base, &kept);

		if (f && (sum ? vl_fnspec_stores_field(sum, i, f, kept) :
				!kept && !names_held_lock(ax, s,
							  s->mem[j].val)))
			continue;
		s->mem[n++] = s->mem[j];
	}
	s->nmem = n;
	for (j = 0, n = 0; j < s->nfacts; j++) {
		const struct vl_term *t = vl_term(&ax->terms, s->facts[j].term);
		bool kept = false;
		const char *f = t->kind == VL_T_LOAD ?
					field_under(ax, t->a, base, &kept) :
					NULL;

		if (f && (sum ? vl_fnspec_stores_field(sum, i, f, kept) :
				!kept))
			continue;
		s->facts[n++] = s->facts[j];
	}
	s->nfacts = n;
}

struct callctx {
	uint32_t args[MAX_ARGS];
	struct vl_bind bind;
	/* &local arguments: the callee may store into them.  Conditions
	 * on arguments are decided on the values before the call. */
	uint32_t nclob;
	uint32_t clob_local[8], clob_pre[8];
	/* Memory the callee may change, swapped like the clobbered locals:
	 * fields of &record-local arguments known to be 0 before the call
	 * (omitted from the initialiser; follow_pfnmap_start(&args) sets
	 * args.lock) are unknown after it, and *p for a callee that says
	 * what it leaves there (summary outrels) is that value.  post_val
	 * holds the value of the other side: after the call while the
	 * state is before it, and the reverse. */
	uint32_t npost;
	uint32_t post_addr[8], post_val[8];
};

static void swap_post_mem(struct vl_state *s, struct callctx *cc)
{
	uint32_t i;

	for (i = 0; i < cc->npost; i++) {
		uint32_t v = vl_state_mem(s, cc->post_addr[i]);

		vl_state_set_mem(s, cc->post_addr[i], cc->post_val[i]);
		cc->post_val[i] = v;
	}
}

/* Swap the values of the clobbered locals between before and after the
 * call (called twice: there and back). */
static void swap_pre_call(struct vl_state *s, struct callctx *cc)
{
	uint32_t i;

	for (i = 0; i < cc->nclob; i++) {
		uint32_t l = cc->clob_local[i], v = s->env[l];

		s->env[l] = cc->clob_pre[i];
		cc->clob_pre[i] = v;
	}
	swap_post_mem(s, cc);
}

static void call_prepare(struct vl_actx *ax, struct vl_state *s,
			 const struct vl_event *ev, const struct vl_fnspec *fn,
			 const struct vl_fnspec *sum, struct callctx *cc)
{
	struct vl_terms *ts = &ax->terms;
	const struct vl_func *f = ax->f;
	uint32_t n = ev->nargs < MAX_ARGS ? ev->nargs : MAX_ARGS;
	uint32_t i, ct;
	bool in_loop = ax->in_loop[ax->f->cur_block];

	for (i = 0; i < n; i++)
		cc->args[i] = eval(ax, s, f->args[ev->args + i]);
	ct = vl_t_call(ts, ev->a, NULL);
	if (in_loop) {
		/* This call ran before on an earlier iteration. */
		vl_state_rename(s, ts, ct, vl_t_old(ts, ct));
	}
	cc->bind.this_term = VL_NONE;
	cc->bind.args = cc->args;
	cc->bind.nargs = n;
	cc->bind.ret = ct;
	if (fn && fn->pure) {
		cc->bind.ret = vl_t_pure(ts, fn->name, cc->args, n);
		vl_state_set_mem(s, ct, cc->bind.ret);
	}
	if (fn && fn->returns) {
		/* The result is a known value (pud_lock() returns
		 * &mm->page_table_lock). */
		uint32_t v = vl_eval_path(ax, s, fn->returns, &cc->bind);

		if (v != VL_NONE) {
			cc->bind.ret = v;
			vl_state_set_mem(s, ct, v);
		}
	}
	if (fn && fn->returns_new)
		vl_state_set_private(s, cc->bind.ret, true);
	for (i = 0; i < n; i++) {
		/* (A copy: making terms may move the term array.) */
		struct vl_term a = *vl_term(ts, cc->args[i]);

		if (a.kind == VL_T_ADDR_LOCAL && a.a < s->nlocals &&
		    !f->locals[a.a].is_record &&
		    (!sum || !sum->has_mods ||
		     (sum->param_mods & (i < 31 ? 1u << i : 1u << 31)))) {
			/* &local: the callee may store a value into it
			 * (not one whose summary says it stores nothing
			 * through that parameter). */
			uint32_t out = vl_t_out(ts, ev->a, i);

			if (in_loop)
				vl_state_rename(s, ts, out, vl_t_old(ts, out));
			if (cc->nclob < VL_ARRAY_SIZE(cc->clob_local)) {
				cc->clob_local[cc->nclob] = a.a;
				cc->clob_pre[cc->nclob++] = s->env[a.a];
			}
			if (sum && i < 8 && (sum->bits_known & (1u << i)))
				out = vl_t_keepbits(ts, s->env[a.a], out,
						    (int64_t)sum->changed_bits[i]);
			s->env[a.a] = out;
		} else if (a.kind == VL_T_ADDR_LOCAL && a.a < s->nlocals) {
			uint32_t j;

			for (j = 0; j < s->nmem; j++) {
				const struct vl_term *fa =
					vl_term(ts, s->mem[j].addr);
				const struct vl_term *v =
					vl_term(ts, s->mem[j].val);

				if (fa->kind != VL_T_FIELD ||
				    fa->a != cc->args[i] ||
				    v->kind != VL_T_CONST || v->k != 0 ||
				    cc->npost == VL_ARRAY_SIZE(cc->post_addr))
					continue;
				cc->post_addr[cc->npost] = s->mem[j].addr;
				cc->post_val[cc->npost++] = VL_NONE;
			}
		}
	}
	/* A callee that says what it leaves in *p (summary.h): after the
	 * call *p is what it stored there. */
	for (i = 0; sum && i < sum->noutrels; i++) {
		uint32_t k = sum->outrels[i].param, a;

		if (k >= n || cc->npost == VL_ARRAY_SIZE(cc->post_addr))
			continue;
		a = cc->args[k];
		/* (A local is clobbered above; NULL or a constant names
		 * no memory.) */
		if (vl_term(ts, a)->kind == VL_T_ADDR_LOCAL ||
		    vl_term(ts, a)->kind == VL_T_CONST)
			continue;
		cc->post_addr[cc->npost] = a;
		cc->post_val[cc->npost++] = vl_t_out(ts, ev->a, k);
	}
	/* Now the state after the call. */
	swap_post_mem(s, cc);
}

/* The value *arg k holds after the call, and held before (VL_NONE if
 * not known). */
static uint32_t out_after(struct vl_actx *ax, const struct vl_state *s,
			  const struct callctx *cc, uint32_t k, uint32_t *pre)
{
	const struct vl_term *a = vl_term(&ax->terms, cc->args[k]);
	uint32_t i;

	*pre = VL_NONE;
	if (a->kind == VL_T_ADDR_LOCAL) {
		for (i = 0; i < cc->nclob; i++)
			if (cc->clob_local[i] == a->a) {
				*pre = cc->clob_pre[i];
				return s->env[a->a];
			}
		return VL_NONE;
	}
	for (i = 0; i < cc->npost; i++)
		if (cc->post_addr[i] == cc->args[k]) {
			*pre = cc->post_val[i];
			return vl_state_mem(s, cc->args[k]);
		}
	return VL_NONE;
}

/* Add "if cond then term pred k" and its contrapositive. */
static void add_implication(struct vl_actx *ax, struct vl_state *s,
			    uint32_t cond, uint8_t cpred, int64_t ck,
			    uint32_t term, uint8_t pred, int64_t k)
{
	struct vl_implied x = { .cond = cond, .cpred = cpred, .ck = ck,
				.term = term, .pred = pred, .k = k };
	struct vl_implied contra = { .cond = term,
				     .cpred = vl_pred_negate(pred),
				     .ck = k,
				     .term = cond,
				     .pred = vl_pred_negate(cpred),
				     .k = ck };

	vl_state_add_implied(s, &ax->terms, &x);
	vl_state_add_implied(s, &ax->terms, &contra);
}

/* What the callee's result says of *arg (summary.h, GUP's *locked). */
static void apply_outrels(struct vl_actx *ax, struct vl_state *s,
			  const struct vl_fnspec *fn, const struct callctx *cc)
{
	uint32_t i;

	for (i = 0; i < fn->noutrels; i++) {
		const struct vl_outrel *r = &fn->outrels[i];
		uint8_t cls[2] = { r->c_true, r->c_false };
		uint8_t pred[2];
		int64_t k[2];
		uint32_t out, pre, j;
		bool ok = true;

		if (r->param >= cc->bind.nargs || cc->bind.ret == VL_NONE)
			continue;
		out = out_after(ax, s, cc, r->param, &pre);
		if (out == VL_NONE)
			continue;
		for (j = 0; j < 2; j++) {
			const struct vl_term *p = pre == VL_NONE ? NULL :
						  vl_term(&ax->terms, pre);

			k[j] = 0;
			pred[j] = cls[j] == VL_OUT_ZERO ? VL_P_EQ : VL_P_NE;
			if (cls[j] == VL_OUT_SAME) {
				/* Left as the caller had it: a constant. */
				ok &= p && p->kind == VL_T_CONST;
				pred[j] = VL_P_EQ;
				k[j] = p ? p->k : 0;
			}
		}
		if (!ok)
			continue;
		add_implication(ax, s, cc->bind.ret, r->when.pred, r->when.k,
				out, pred[0], k[0]);
		add_implication(ax, s, cc->bind.ret,
				vl_pred_negate(r->when.pred), r->when.k, out,
				pred[1], k[1]);
	}
}

/* What the callee left in fields of *arg: their values before the call
 * (the callee's terms name what its parameters pointed to on entry). */
static void apply_outfields(struct vl_actx *ax, struct vl_state *s,
			    const struct vl_fnspec *sum, struct callctx *cc)
{
	uint32_t addr[16], val[16], i, n = 0;

	swap_pre_call(s, cc);
	for (i = 0; i < sum->noutfields && n < VL_ARRAY_SIZE(addr); i++) {
		const struct vl_outfield *o = &sum->outfields[i];
		uint32_t base, v;

		if (o->param >= cc->bind.nargs)
			continue;
		base = cc->args[o->param];
		if (vl_term(&ax->terms, base)->kind == VL_T_CONST)
			continue;
		v = o->is_const ? vl_t_const(&ax->terms, o->k) :
				  vl_eval_path(ax, s, &o->value, &cc->bind);
		if (v == VL_NONE)
			continue;
		addr[n] = vl_t_field(&ax->terms, base, o->rec, o->field);
		val[n++] = v;
	}
	swap_pre_call(s, cc);
	for (i = 0; i < n; i++)
		vl_state_set_mem(s, addr[i], val[i]);
}

static void call_finish(struct vl_actx *ax, struct vl_state *s,
			const struct vl_event *ev, const struct vl_fnspec *fn,
			const struct vl_fnspec *sum, struct callctx *cc)
{
	uint32_t i;

	if (sum && sum->noutrels)
		apply_outrels(ax, s, sum, cc);
	/* Bits no return of the callee sets (vmf_error() gives
	 * VM_FAULT_OOM, VM_FAULT_HWPOISON or VM_FAULT_SIGBUS, never
	 * VM_FAULT_RETRY). */
	if (sum && sum->ret_clear && cc->bind.ret != VL_NONE)
		(void)vl_state_assume(s, &ax->terms, cc->bind.ret,
				      VL_P_BITS_NONE,
				      (int64_t)sum->ret_clear);

	for (i = 0; fn && i < fn->npublishes; i++) {
		uint32_t t = vl_eval_path(ax, s, &fn->publishes[i], &cc->bind);

		if (t != VL_NONE)
			vl_state_set_private(s, t, false);
	}
	for (i = 0; fn && i < fn->nimplies; i++) {
		const struct vl_implication *im = &fn->implies[i];
		struct vl_implied x;
		uint32_t t = vl_eval_path(ax, s, &im->path, &cc->bind);

		if (t == VL_NONE)
			continue;
		memset(&x, 0, sizeof(x));
		x.cond = cc->bind.ret;
		x.cpred = im->when.pred;
		x.ck = im->when.k;
		x.term = t;
		if (im->mask) {
			x.pred = im->nonnull ? VL_P_BITS_ANY : VL_P_BITS_NONE;
			x.k = im->mask;
		} else {
			x.pred = im->nonnull ? VL_P_NE : VL_P_EQ;
			x.k = 0;
		}
		vl_state_add_implied(s, &ax->terms, &x);
	}

	vl_sum_note_call(ax, cc->args, cc->bind.nargs, fn, sum);
	for (i = 0; i < cc->bind.nargs; i++) {
		const struct vl_term *a = vl_term(&ax->terms, cc->args[i]);

		/* (A summary says whether the callee stores through it;
		 * a spec function stores only what it "writes".) */
		if (a->kind == VL_T_ADDR_LOCAL && a->a < s->nlocals &&
		    ax->f->locals[a->a].is_record &&
		    (sum ? !sum->has_mods ||
				   (sum->param_mods & (1u << (i < 31 ? i : 31))) :
			   !fn))
			forget_object(ax, s, cc->args[i], sum, i);
	}
	if (sum && sum->noutfields)
		apply_outfields(ax, s, sum, cc);
}

/*
 * Pointers dereferenced to reach addr (p in &p->f, q in &q->a->b) are not
 * NULL on this path from now on: taking a lock through them, or writing
 * a field, shows it.
 */
static void assume_dereferenced(struct vl_actx *ax, struct vl_state *s,
				uint32_t addr)
{
	int depth = 0;

	while (depth++ < 16) {
		struct vl_term t = *vl_term(&ax->terms, addr);

		if (t.kind == VL_T_LOCKOBJ) {
			vl_state_assume(s, &ax->terms, t.a, VL_P_NE, 0);
			return;
		}
		if (t.kind != VL_T_FIELD)
			return;
		vl_state_assume(s, &ax->terms, t.a, VL_P_NE, 0);
		if (vl_term(&ax->terms, t.a)->kind != VL_T_LOAD)
			return;
		addr = vl_term(&ax->terms, t.a)->a;
	}
}

/* "Some lock of class cls" (CLASS(*)): a stand-in object. */
static struct vl_lockinst standin_lock(struct vl_actx *ax,
				       const struct vl_class *cls)
{
	struct vl_lockinst inst;
	struct vl_buf name;

	vl_buf_init(&name);
	vl_buf_printf(&name, "<a %s>", cls->display);
	memset(&inst, 0, sizeof(inst));
	inst.valid = true;
	inst.cls = cls;
	inst.addr = vl_t_global(&ax->terms,
				vl_ax_intern(ax, vl_buf_cstr(&name)));
	inst.owner = inst.addr;
	vl_buf_free(&name);
	return inst;
}

/*
 * After a requirement was found missing (and reported), take it as held
 * from here on: one missing lock is one finding, not one per later use.
 * For alternatives, the first one is assumed.
 */
static void assume_req(struct vl_actx *ax, struct vl_state *s,
		       const struct vl_req *r, const struct vl_bind *b,
		       uint32_t loc)
{
	uint32_t i;

	if (vl_req_holds(ax, s, r, b, NULL))
		return;
	switch (r->kind) {
	case VL_REQ_AND:
		for (i = 0; i < r->nsubs; i++)
			assume_req(ax, s, r->subs[i], b, loc);
		return;
	case VL_REQ_OR:
		for (i = 0; i < r->nsubs; i++) {
			if (r->subs[i]->kind == VL_REQ_PRIVATE ||
			    r->subs[i]->kind == VL_REQ_CLASS)
				continue;
			assume_req(ax, s, r->subs[i], b, loc);
			return;
		}
		return;
	case VL_REQ_EACH: {
		/* The locks of the guards known non-NULL, else (strict: of
		 * every possible guard) the first possible one. */
		bool any_known = false;
		enum vl_tri t[16];
		uint32_t n = r->nsubs < 16 ? r->nsubs : 16;

		for (i = 0; i < n; i++) {
			uint32_t g = vl_eval_path(ax, s, &r->guards[i], b);

			t[i] = g == VL_NONE ? VL_MAYBE :
					      vl_state_decide(s, &ax->terms, g,
							      VL_P_NE, 0);
			any_known |= t[i] == VL_TRUE;
		}
		for (i = 0; i < n; i++) {
			if (ax->u->strict ? t[i] == VL_FALSE :
			    any_known ? t[i] != VL_TRUE : t[i] == VL_FALSE)
				continue;
			assume_req(ax, s, r->subs[i], b, loc);
			if (!any_known && !ax->u->strict)
				return;
		}
		return;
	}
	case VL_REQ_LOCK: {
		const struct vl_lockref *l = &r->lock;
		struct vl_lockinst inst;
		struct vl_held h;
		uint32_t idx;

		if (l->owner.root == VL_ROOT_WILD) {
			if (!l->cls)
				return;
			inst = standin_lock(ax, l->cls);
		} else {
			inst = vl_resolve_lock(ax, s, l, b);
		}
		if (!inst.valid)
			return;
		idx = vl_find_lock(ax, s, &inst, false);
		if (idx != VL_NONE) {
			/* Held for read where write was needed: requirements
			 * count it as write from here on, releases still see
			 * the read hold. */
			if (l->mode == VL_MODE_WRITE &&
			    s->held[idx].mode != VL_MODE_WRITE)
				s->held[idx].flags |= VL_HF_ASSUMED_W;
			return;
		}
		memset(&h, 0, sizeof(h));
		h.addr = inst.addr;
		h.cls = inst.cls ? (uint16_t)inst.cls->id : VL_NOCLASS;
		h.mode = (uint8_t)(l->mode == VL_MODE_WRITE ||
						   (inst.cls &&
						    !vl_class_has_modes(inst.cls)) ?
					   VL_MODE_WRITE :
					   VL_MODE_READ);
		h.acq_mode = h.mode;
		h.flags = VL_HF_ASSERTED | VL_HF_ASSUMED;
		h.cond = VL_NONE;
		h.loc = loc;
		vl_state_add_held(s, &h);
		return;
	}
	default:
		return;
	}
}

/* The value a 'when' condition tests: the result, or what a path names
 * after the call (*locked). */
static uint32_t when_term(struct vl_actx *ax, const struct vl_state *s,
			  const struct vl_effect *e, const struct vl_bind *b)
{
	uint32_t v = e->when.subject ? vl_eval_path(ax, s, e->when.subject, b) :
				       b->ret;
	const struct vl_fnspec *fn;

	if (!e->when.subject_fn || v == VL_NONE)
		return v;
	/* The term a call of that pure function gives (call_prepare()). */
	fn = vl_spec_function(ax->spec, e->when.subject_fn);
	if (!fn || !fn->pure)
		return VL_NONE;
	return vl_t_pure(&ax->terms, fn->name, &v, 1);
}

static enum vl_mode acquire_mode(const struct vl_effect *e,
				 const struct vl_class *cls)
{
	if (cls && !vl_class_has_modes(cls))
		return VL_MODE_WRITE;
	return e->lock.mode == VL_MODE_ANY ? VL_MODE_WRITE : e->lock.mode;
}

/* The held entry an acquire effect e on inst makes (certainly, no
 * condition yet): apply_effect(), apply_open(), apply_maybe(). */
static struct vl_held held_of_effect(const struct vl_effect *e,
				     const struct vl_lockinst *inst,
				     uint32_t loc)
{
	struct vl_held h;

	memset(&h, 0, sizeof(h));
	h.addr = inst->addr;
	h.cls = inst->cls ? (uint16_t)inst->cls->id : VL_NOCLASS;
	h.mode = (uint8_t)acquire_mode(e, inst->cls);
	h.acq_mode = h.mode;
	h.cond = VL_NONE;
	h.loc = loc;
	h.node = e->node;
	return h;
}

static void apply_effect(struct vl_actx *ax, struct vl_state *s,
			 const struct vl_effect *e,
			 const struct vl_lockinst *inst,
			 const struct vl_bind *b, uint32_t loc)
{
	struct vl_held h;
	uint32_t idx, i;

	if (e->kind == VL_EFF_REQUIRE) {
		assume_req(ax, s, e->req, b, loc);
		return;
	}
	if (e->kind == VL_EFF_RELEASE && e->lock.owner.root == VL_ROOT_WILD) {
		/* Releasing one lock releases every lock of a class (e.g.
		 * mmap_write_unlock drops all VMA write locks). */
		for (i = 0; i < s->nheld;) {
			const struct vl_held *x = &s->held[i];

			if (e->lock.cls && x->cls == e->lock.cls->id &&
			    (e->lock.mode == VL_MODE_ANY ||
			     x->mode == e->lock.mode)) {
				vl_obl_discharge(ax->u, x->node);
				vl_state_note_dropped(s, x, loc);
				vl_state_remove_held(s, i);
				continue;
			}
			i++;
		}
		return;
	}
	if (!inst->valid)
		return;
	idx = vl_find_lock(ax, s, inst, true);
	/* Taking a lock on another owner is another lock, even for a
	 * class whose owners unify (dup_mmap() locks two mms). */
	if (e->kind == VL_EFF_ACQUIRE && idx != VL_NONE &&
	    s->held[idx].addr != inst->addr)
		idx = VL_NONE;
	switch (e->kind) {
	case VL_EFF_NAME:
		hint_class(ax, inst->addr, inst->cls);
		return;
	case VL_EFF_ACQUIRE:
		hint_class(ax, inst->addr, inst->cls);
		h = held_of_effect(e, inst, loc);
		if (e->when.present) {
			h.cond = when_term(ax, s, e, b);
			h.cond_pred = e->when.pred;
			h.cond_k = e->when.k;
			if (h.cond == VL_NONE)
				return;
		}
		if (idx != VL_NONE && (s->held[idx].flags & VL_HF_ASSUMED) &&
		    h.cond == VL_NONE) {
			/* Assumed after a finding: now it is really taken. */
			struct vl_held *x = &s->held[idx];

			x->flags = 0;
			x->mode = h.mode;
			x->acq_mode = h.mode;
			x->loc = loc;
			return;
		}
		if (idx != VL_NONE) {
			struct vl_held *x = &s->held[idx];

			/* Held already (reported by double-acquire unless
			 * the class is reentrant in that mode): one entry,
			 * and for a recursive hold one more release to come.
			 * A second hold in the other mode deadlocks; the
			 * entry keeps the mode it had, so the releases that
			 * follow match the first hold. */
			if (!vl_held_certain(x) && h.cond == VL_NONE) {
				x->flags &= (uint8_t)~VL_HF_MAYBE;
				x->cond = VL_NONE;
				x->loc = loc;
				if (h.mode > x->mode && !x->depth)
					x->mode = h.mode;
			} else if (vl_held_certain(x) && h.cond == VL_NONE &&
				   !vl_class_flag(inst->cls, VL_CF_REENTRANT_R,
						  VL_CF_REENTRANT_W, h.mode) &&
				   x->depth < 2) {
				/* (A try-lock of a held lock is taken to fail,
				 * as it does for exclusive locks.) */
				x->depth++;
			}
			return;
		}
		vl_state_add_held(s, &h);
		if (h.cond != VL_NONE)
			vl_state_settle(s, &ax->terms, h.cond);
		else
			assume_dereferenced(ax, s, h.addr);
		return;
	case VL_EFF_RELEASE:
		if (idx != VL_NONE && e->when.present) {
			/* Released only on some results: held iff not. */
			struct vl_held *x = &s->held[idx];
			uint32_t t = when_term(ax, s, e, b);

			if (vl_held_certain(x) && t != VL_NONE) {
				x->cond = t;
				x->cond_pred = vl_pred_negate(e->when.pred);
				x->cond_k = e->when.k;
				x->flags |= VL_HF_COND_REL;
				x->rel_loc = loc;
				vl_state_settle(s, &ax->terms, t);
			}
			return;
		}
		if (idx != VL_NONE && s->held[idx].depth) {
			s->held[idx].depth--;
			return;
		}
		if (idx != VL_NONE) {
			/* A lock a callee returned holding: its caller
			 * releases it (summary.h). */
			vl_obl_discharge(ax->u, s->held[idx].node);
			vl_state_note_dropped(s, &s->held[idx], loc);
			vl_state_remove_held(s, idx);
		} else if (inst->valid && vl_state_has_entry(s, inst->addr)) {
			/* The callers' lock, let go here: a later take of
			 * it is not a second one (collapse_huge_page()). */
			memset(&h, 0, sizeof(h));
			h.addr = inst->addr;
			h.cls = inst->cls ? (uint16_t)inst->cls->id :
					    VL_NOCLASS;
			h.mode = (uint8_t)e->lock.mode;
			h.flags = VL_HF_ENTRY;
			h.loc = loc;
			vl_state_note_dropped(s, &h, loc);
			s->dropped[0].unseen = true;
		}
		return;
	case VL_EFF_DOWNGRADE:
		if (idx != VL_NONE) {
			s->held[idx].mode = VL_MODE_READ;
		} else if (inst->valid && vl_state_has_entry(s, inst->addr)) {
			/* The callers' write lock, held for read from here
			 * on: a read unlock later on this path is its end,
			 * and this path stays apart from those that left it
			 * alone (vms_complete_munmap_vmas() downgrades and
			 * unlocks under the same "if (vms->unlock)"). */
			memset(&h, 0, sizeof(h));
			h.addr = inst->addr;
			h.cls = inst->cls ? (uint16_t)inst->cls->id :
					    VL_NOCLASS;
			h.mode = VL_MODE_READ;
			h.acq_mode = VL_MODE_READ;
			h.flags = VL_HF_ASSERTED | VL_HF_ASSUMED;
			h.cond = VL_NONE;
			h.loc = loc;
			vl_state_add_held(s, &h);
		}
		return;
	case VL_EFF_ASSERT:
		if (idx != VL_NONE) {
			struct vl_held *x = &s->held[idx];

			x->flags &= (uint8_t)~VL_HF_MAYBE;
			x->cond = VL_NONE;
			if (e->lock.mode == VL_MODE_WRITE)
				x->mode = VL_MODE_WRITE;
			return;
		}
		memset(&h, 0, sizeof(h));
		h.addr = inst->addr;
		h.cls = inst->cls ? (uint16_t)inst->cls->id : VL_NOCLASS;
		h.mode = (uint8_t)(e->lock.mode == VL_MODE_WRITE ||
						   (inst->cls &&
						    !vl_class_has_modes(inst->cls)) ?
					   VL_MODE_WRITE :
					   VL_MODE_READ);
		h.flags = VL_HF_ASSERTED;
		h.acq_mode = h.mode;
		h.cond = VL_NONE;
		h.loc = loc;
		vl_state_add_held(s, &h);
		return;
	default:
		return;
	}
}

static bool kind_matches(enum vl_valkind want, enum vl_valkind have)
{
	return want == VL_VAL_ANY || have == VL_VAL_ANY || want == have;
}

/*
 * The requirement a field write misses on s: of the rule's cases that the
 * old and new values may match, none holds; the first one is it.  NULL if
 * the write is fine (or unchecked, or to a new object).
 */
static const struct vl_req *rule_unmet(struct vl_actx *ax,
				       const struct vl_state *s,
				       const struct vl_field_rule *rule,
				       uint32_t oldv, uint32_t newv,
				       const struct vl_bind *b)
{
	enum vl_valkind oldk = vl_value_kind(ax, s, oldv);
	enum vl_valkind newk = vl_value_kind(ax, s, newv);
	const struct vl_req *first = NULL;
	uint32_t j;

	if (rule->unchecked || vl_state_is_private(s, b->this_term))
		return NULL;
	for (j = 0; j < rule->ncases; j++) {
		const struct vl_field_case *fc = &rule->cases[j];

		if (!kind_matches(fc->from, oldk) || !kind_matches(fc->to, newk))
			continue;
		if (vl_req_holds(ax, s, fc->req, b, NULL))
			return NULL;
		if (!first)
			first = fc->req_or_new ? fc->req_or_new : fc->req;
	}
	return first;
}

/* After a field write: its rule's locks, taken as held from here on. */
static void assume_rule(struct vl_actx *ax, struct vl_state *s,
			const struct vl_field_rule *rule, uint32_t oldv,
			uint32_t newv, const struct vl_bind *b, uint32_t loc)
{
	const struct vl_req *r = rule_unmet(ax, s, rule, oldv, newv, b);

	if (r)
		assume_req(ax, s, r, b, loc);
}

/* ---- requirements the callers may meet (summary.h) ---- */

struct deferral {
	uint32_t node;
	uint32_t n;
	const struct vl_req **req;	/* per state: unmet, or NULL */
	bool *can;			/* per state: the callers can meet it */
	bool *cond_only;		/* ... by making its condition false */
	const struct vl_effect *via;	/* a callee's summary requirement */
};

static const char *intern_printf(struct vl_actx *ax, const char *fmt, ...)
	VL_PRINTF(2, 3);

static const char *intern_printf(struct vl_actx *ax, const char *fmt, ...)
{
	struct vl_buf b;
	const char *r;
	va_list ap;

	vl_buf_init(&b);
	va_start(ap, fmt);
	vl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r = vl_ax_intern(ax, vl_buf_cstr(&b));
	vl_buf_free(&b);
	return r;
}

/*
 * A requirement met by the locks held, not by a new object alone: only
 * such a caller shows that the callers are the ones to take the locks.
 * Where every caller either passes a new object or lacks the locks, the
 * helper that needs them is the one to blame (anon_vma_clone() clears
 * dst->anon_vma on its error path without the anon_vma lock; its callers
 * pass new VMAs or hold no anon_vma lock).
 */
static bool met_by_locks(struct vl_actx *ax, const struct vl_state *s,
			 const struct vl_req *r, const struct vl_bind *b)
{
	bool saved = ax->held_only, met;

	ax->held_only = true;
	met = vl_req_holds(ax, s, r, b, NULL);
	ax->held_only = saved;
	return met;
}

/*
 * Before the checkers see a requirement (reqs[i] on states[i], NULL where
 * it does not apply): where it holds, the callee obligation it comes from
 * (parent) is met; if every path missing it can pass it to the callers,
 * the finding waits in an obligation node (vl_report parks it there).
 * A callee's requirement that cannot go further fails here for good.
 * rule: the spec entry of a requirement that starts here (parent 0).
 */
static void defer_begin(struct vl_actx *ax, struct deferral *d,
			struct vl_state *const *states, uint32_t n,
			const struct vl_req *const *reqs,
			const struct vl_bind *binds, uint32_t parent,
			const struct vl_effect *via, uint32_t loc,
			const char *note, bool asserted, uint64_t key,
			const struct vl_rule *rule)
{
	uint32_t i, nunmet = 0, ncan = 0;
	bool held_fail = false;

	memset(d, 0, sizeof(*d));
	d->n = n;
	d->via = via;
	d->req = vl_xcalloc(n + 1, sizeof(*d->req));
	d->can = vl_xcalloc(n + 1, sizeof(*d->can));
	d->cond_only = vl_xcalloc(n + 1, sizeof(*d->cond_only));
	if (!ax->sb)
		return;
	for (i = 0; i < n; i++) {
		if (!reqs[i])
			continue;
		if (vl_req_holds(ax, states[i], reqs[i], &binds[i], NULL)) {
			if (parent && ax->reporting &&
			    met_by_locks(ax, states[i], reqs[i], &binds[i]))
				vl_obl_discharge(ax->u, parent);
			continue;
		}
		d->req[i] = reqs[i];
		nunmet++;
		{
			bool held;

			d->can[i] = vl_sum_can_defer(ax, states[i], reqs[i],
						     &binds[i], &held);
			/* The lock is held here in a weaker mode, but the
			 * callee needs it only under a condition on this
			 * function's arguments: its callers must make that
			 * false (migrate_to_node() holds the mmap read lock
			 * and passes its flags on to queue_pages_range(),
			 * which needs the write lock with MPOL_MF_WRLOCK). */
			if (!d->can[i] && held && via &&
			    vl_sum_open_cond(ax, states[i], via, &binds[i])) {
				ax->defer_cond_only = true;
				d->can[i] = vl_sum_can_defer(ax, states[i],
							     reqs[i],
							     &binds[i], &held);
				ax->defer_cond_only = false;
				d->cond_only[i] = d->can[i];
			}
			held_fail |= held;
		}
		ncan += d->can[i];
	}
	if (!ax->reporting || !nunmet)
		return;
	if (ncan == nunmet)
		d->node = vl_obl_node(ax->u, parent, VL_OBL_REQUIRE, ax->fidx,
				      loc, note, asserted, false, key);
	else if (parent) {
		d->node = vl_obl_node(ax->u, parent, VL_OBL_REQUIRE, ax->fidx,
				      loc, note, false, true, key);
		if (d->node)
			ax->u->sums->obls[d->node].held_fail |= held_fail;
	}
	if (d->node && !parent)
		ax->u->sums->obls[d->node].rule = rule;
	ax->defer_node = d->node;
}

/* After the checkers: the missing locks become the callers' (entry
 * locks, in both passes alike), recorded for the summary. */
static void defer_end(struct vl_actx *ax, struct deferral *d,
		      struct vl_state *const *states,
		      const struct vl_bind *binds)
{
	bool record = d->node && !ax->u->sums->obls[d->node].terminal;
	uint32_t i;

	ax->defer_node = 0;
	for (i = 0; i < d->n; i++) {
		if (!d->req[i] || !d->can[i])
			continue;
		ax->defer_cond_only = d->cond_only[i];
		vl_sum_defer_req(ax, states[i], d->req[i], &binds[i],
				 d->node, record, d->via);
		ax->defer_cond_only = false;
	}
	free(d->req);
	free(d->can);
	free(d->cond_only);
}

static uint64_t key_of(const char *a, const char *b, uint32_t k)
{
	uint64_t h = vl_hash_str(0x9e3779b97f4a7c15ull, a ? a : "");

	h = vl_hash_str(h, b ? b : "");
	return vl_hash_bytes(h, &k, sizeof(k));
}

bool vl_defer_leak(struct vl_actx *ax, const struct vl_state *s,
		   const struct vl_held *h, uint32_t loc)
{
	const struct vl_class *cls = vl_held_class(ax, h);
	uint32_t node = 0;

	ax->defer_node = 0;
	if (!ax->sb || !ax->reporting)
		return false;
	if (vl_sum_can_pass_lock(ax, s, h->addr, cls)) {
		node = vl_obl_node(ax->u, h->node, VL_OBL_LEAK, ax->fidx,
				   h->node ? h->loc : h->loc,
				   h->node ? intern_printf(ax,
							   "%s() gets it from this call",
							   ax->f->name) :
					     intern_printf(ax, "taken in %s() here",
							   ax->f->name),
				   false, false,
				   key_of("leak", cls ? cls->name : "", h->addr));
		vl_sum_note_leak(ax, h->addr, node);
	} else if (h->node) {
		node = vl_obl_node(ax->u, h->node, VL_OBL_LEAK, ax->fidx, loc,
				   NULL, false, true,
				   key_of("leak", cls ? cls->name : "", h->addr));
	}
	(void)loc;
	ax->defer_node = node;
	return node != 0;
}

void vl_defer_end(struct vl_actx *ax)
{
	ax->defer_node = 0;
}

/* Does an effect's argument condition ("if flags & 0x1000") hold? */
static enum vl_tri guard_holds(struct vl_actx *ax, const struct vl_state *s,
			       const struct vl_effect *e,
			       const struct vl_bind *b)
{
	uint32_t t;
	enum vl_tri r;

	if (!e->guard.present)
		return VL_TRUE;
	t = vl_eval_path(ax, s, &e->guard.path, b);
	if (t == VL_NONE)
		return VL_MAYBE;
	if (e->guard.nset) {
		uint32_t i, nfalse = 0;

		r = VL_MAYBE;
		for (i = 0; i < e->guard.nset && r == VL_MAYBE; i++) {
			enum vl_tri x = vl_state_decide(s, &ax->terms, t,
							VL_P_EQ,
							e->guard.set[i]);

			if (x == VL_TRUE)
				r = VL_TRUE;
			nfalse += x == VL_FALSE;
		}
		if (r == VL_MAYBE && nfalse == e->guard.nset)
			r = VL_FALSE;
	} else if (e->guard.cmp && e->guard.rhs_is_path) {
		/* Two values are the same if they are the same term: "mm ==
		 * &init_mm" holds only where mm is known to be &init_mm. */
		uint32_t u = vl_eval_path(ax, s, &e->guard.rhs, b);

		r = u == VL_NONE ? VL_MAYBE : t == u ? VL_TRUE : VL_FALSE;
	} else if (e->guard.cmp) {
		r = vl_state_decide(s, &ax->terms, t, VL_P_EQ, e->guard.k);
	} else if (e->guard.has_mask)
		r = vl_state_decide(s, &ax->terms, t, VL_P_BITS_ANY,
				    e->guard.mask);
	else
		r = vl_state_decide(s, &ax->terms, t, VL_P_NE, 0);
	if (e->guard.cmp == '!' && r != VL_MAYBE)
		r = r == VL_TRUE ? VL_FALSE : VL_TRUE;
	if (e->guard.negate && r != VL_MAYBE)
		r = r == VL_TRUE ? VL_FALSE : VL_TRUE;
	return r;
}

/* An effect that may or may not happen: what it touches becomes maybe. */
/*
 * A summary's take or release that happens where one condition on the
 * arguments holds, which this path leaves open: a take is held iff the
 * test holds, and a release of a lock held under the same test ends it
 * (zap_page_range_single(): hugetlb_zap_begin() and hugetlb_zap_end()
 * take and drop the i_mmap lock when the VMA is hugetlb).  False where
 * the effect only may happen.
 */
static bool apply_open(struct vl_actx *ax, struct vl_state *s,
		       const struct vl_effect *e,
		       const struct vl_lockinst *inst,
		       const struct vl_bind *b, uint32_t loc)
{
	struct vl_held h;
	uint32_t t, idx;
	uint8_t pred;
	int64_t k;

	if (e->maybe || e->when.present || !inst->valid ||
	    (e->kind != VL_EFF_ACQUIRE && e->kind != VL_EFF_RELEASE) ||
	    !vl_sum_open_test(ax, s, e, b, inst->addr, &t, &pred, &k))
		return false;
	idx = vl_find_lock(ax, s, inst, true);
	if (e->kind == VL_EFF_ACQUIRE) {
		if (idx != VL_NONE)
			return false;
		h = held_of_effect(e, inst, loc);
		h.cond = t;
		h.cond_pred = pred;
		h.cond_k = k;
		vl_state_add_held(s, &h);
		vl_state_settle(s, &ax->terms, t);
		return true;
	}
	if (idx == VL_NONE || s->held[idx].cond != t ||
	    s->held[idx].cond_pred != pred || s->held[idx].cond_k != k ||
	    (s->held[idx].flags & (VL_HF_MAYBE | VL_HF_COND_REL)))
		return false;
	vl_state_note_dropped(s, &s->held[idx], loc);
	vl_state_remove_held(s, idx);
	return true;
}

/* Does a summary's requirement hold where it applies: under its one open
 * condition, which a lock held under the same test meets? */
static bool met_where_it_applies(struct vl_actx *ax, const struct vl_state *s,
				 const struct vl_effect *e,
				 const struct vl_bind *b)
{
	struct vl_lockinst inst;
	struct vl_state *c;
	uint32_t t, i;
	uint8_t pred;
	int64_t k;
	bool any = false, met;

	if (!e->req || e->req->kind != VL_REQ_LOCK ||
	    e->req->lock.owner.root == VL_ROOT_WILD)
		return false;
	inst = vl_resolve_lock(ax, s, &e->req->lock, b);
	if (!inst.valid ||
	    !vl_sum_open_test(ax, s, e, b, inst.addr, &t, &pred, &k))
		return false;
	for (i = 0; i < s->nheld && !any; i++)
		any = s->held[i].cond == t;
	if (!any)
		return false;
	c = vl_state_clone(s);
	met = vl_state_assume(c, &ax->terms, t, pred, k) &&
	      vl_req_holds(ax, c, e->req, b, NULL);
	vl_state_free(c);
	return met;
}

static void apply_maybe(struct vl_actx *ax, struct vl_state *s,
			const struct vl_effect *e,
			const struct vl_lockinst *inst, uint32_t loc)
{
	struct vl_held h;
	uint32_t idx;

	if (!inst->valid)
		return;
	idx = vl_find_lock(ax, s, inst, true);
	if (e->kind == VL_EFF_RELEASE && idx != VL_NONE) {
		s->held[idx].flags |= VL_HF_MAYBE;
	} else if (e->kind == VL_EFF_ACQUIRE && idx == VL_NONE) {
		h = held_of_effect(e, inst, loc);
		h.flags = VL_HF_MAYBE;
		vl_state_add_held(s, &h);
	}
}

/*
 * A field write on states[0..n): the checkers, then the rule's locks
 * assumed held.  Where the callers can provide what is missing, the
 * finding waits for them (summary.h).
 */
static void write_checks(struct vl_actx *ax, const struct vl_event *ev,
			 struct vl_state **states, uint32_t n,
			 const struct vl_bind *binds, const char *rec,
			 const char *field, const uint32_t *oldv,
			 const uint32_t *newv)
{
	const struct vl_field_rule *rule = vl_spec_field(ax->spec, rec, field);
	const struct vl_req **unmet = vl_xcalloc(n + 1, sizeof(*unmet));
	const struct vl_rule *entry = NULL;
	const char *note = NULL;
	struct deferral d;
	uint32_t i, j;

	for (i = 0; rule && i < n; i++)
		unmet[i] = rule_unmet(ax, states[i], rule, oldv[i], newv[i],
				      &binds[i]);
	/* The entry of the first unmet case (annotations add cases). */
	for (i = 0; rule && i < n && !entry; i++)
		for (j = 0; unmet[i] && j < rule->ncases; j++)
			if (rule->cases[j].req_or_new == unmet[i] ||
			    rule->cases[j].req == unmet[i])
				entry = rule->cases[j].rule;
	if (ax->reporting && n) {
		struct vl_buf lv;

		vl_buf_init(&lv);
		vl_describe_term(ax, states[0], binds[0].this_term, &lv);
		note = intern_printf(ax, "%s() writes %s->%s here",
				     ax->f->name, vl_buf_cstr(&lv), field);
		vl_buf_free(&lv);
	}
	defer_begin(ax, &d, states, n, unmet, binds, 0, NULL, ev->loc, note,
		    false, key_of(rec, field, 0), entry);
	if (ax->reporting) {
		struct vl_check c = { ax, ev, ev->loc, states, n, binds };
		struct vl_write w = { rec, field, rule, oldv, newv };

		FOR_EACH_CHECKER(ck)
		if (ck->field_write)
			ck->field_write(&c, &w);
	}
	defer_end(ax, &d, states, binds);
	for (i = 0; rule && i < n; i++)
		assume_rule(ax, states[i], rule, oldv[i], newv[i], &binds[i],
			    ev->loc);
	free(unmet);
}

/*
 * A call that writes a field ("writes &vma->x": atomic_long_set()): the
 * field's rule is checked as for an assignment.
 */
/* A spec function's "writes" clause (effect j): what it stores is a value
 * of this call (named like an out-argument past the real ones, so that
 * facts the result implies about it hold: page_vma_mapped_walk() leaves a
 * non-NULL pvmw->ptl when it returns true). */
static void call_writes(struct vl_actx *ax, struct vl_state **states,
			uint32_t n, const struct vl_event *ev,
			const struct vl_effect *e, uint32_t j,
			const struct vl_bind *cb)
{
	uint32_t stored = vl_t_out(&ax->terms, ev->a, MAX_ARGS + j);
	bool in_loop = ax->in_loop[ax->f->cur_block];
	uint32_t *oldv = vl_xcalloc(n + 1, sizeof(*oldv));
	uint32_t *newv = vl_xcalloc(n + 1, sizeof(*newv));
	uint32_t *addrs = vl_xcalloc(n + 1, sizeof(*addrs));
	struct vl_bind *binds = vl_xcalloc(n + 1, sizeof(*binds));
	struct vl_state **sel = vl_xcalloc(n + 1, sizeof(*sel));
	const struct vl_term *t;
	const char *rec = NULL, *field = NULL;
	uint32_t i, m = 0;

	for (i = 0; i < n; i++) {
		uint32_t a = vl_eval_path(ax, states[i], &e->target, &cb[i]);

		if (a == VL_NONE)
			continue;
		t = vl_term(&ax->terms, a);
		if (t->kind == VL_T_CONST)
			continue;
		if (t->kind != VL_T_FIELD) {
			/* Not a field (*locked): only the value changes. */
			if (in_loop)
				vl_state_rename(states[i], &ax->terms, stored,
						vl_t_old(&ax->terms, stored));
			write_location(ax, states[i], a, stored);
			continue;
		}
		rec = t->rec;
		field = t->name;
		sel[m] = states[i];
		addrs[m] = a;
		binds[m].this_term = t->a;
		binds[m].ret = VL_NONE;
		oldv[m] = load(ax, states[i], a);
		/* (A value stored on an earlier iteration is another.) */
		if (in_loop)
			vl_state_rename(states[i], &ax->terms, stored,
					vl_t_old(&ax->terms, stored));
		newv[m] = stored;
		m++;
	}
	if (m && field) {
		write_checks(ax, ev, sel, m, binds, rec, field, oldv, newv);
		for (i = 0; i < m; i++)
			write_location(ax, sel[i], addrs[i], newv[i]);
	}
	free(oldv);
	free(newv);
	free(addrs);
	free(binds);
	free(sel);
}

/* The lock a RELEASE or ASSERT effect names, as a requirement. */
static void lock_req(struct vl_req *r, const struct vl_effect *e,
		     enum vl_mode mode)
{
	memset(r, 0, sizeof(*r));
	r->kind = VL_REQ_LOCK;
	r->lock = e->lock;
	r->lock.mode = mode;
}

/*
 * The effects of one callee description (its spec entry or its summary)
 * at a call: checkers see the states where an effect applies, then the
 * effect is applied.
 */
static void call_effects(struct vl_actx *ax, struct vl_state **states,
			 uint32_t n, const struct vl_event *ev,
			 const struct vl_fnspec *fn, struct callctx *cc,
			 const struct vl_bind *binds)
{
	struct vl_lockinst *insts = vl_xcalloc(n + 1, sizeof(*insts));
	struct vl_state **sel = vl_xcalloc(n + 1, sizeof(*sel));
	struct vl_bind *selb = vl_xcalloc(n + 1, sizeof(*selb));
	enum vl_tri *guard = vl_xcalloc(n + 1, sizeof(*guard));
	const struct vl_req **reqs = vl_xcalloc(n + 1, sizeof(*reqs));
	uint32_t i, j;

	for (j = 0; j < fn->neffects; j++) {
		const struct vl_effect *e = &fn->effects[j];
		struct vl_req lr;
		struct deferral d;
		bool deferring = false, pre;
		uint32_t m = 0;

		if (e->kind == VL_EFF_WRITE) {
			call_writes(ax, states, n, ev, e, j, binds);
			continue;
		}

		/* The states where the effect applies for sure are
		 * checked; where its argument condition is unknown it
		 * only may apply.  A summary's conditions the caller
		 * cannot decide: its requirements apply if they can be
		 * passed on to the caller's callers (else they are not
		 * checked), its effects may happen. */
		/* Requirements and checks of what a callee takes see the
		 * values before the call; lock effects, those after (a lock
		 * returned through &ptl). */
		pre = e->kind == VL_EFF_REQUIRE || e->check_only;
		for (i = 0; pre && i < n; i++)
			swap_pre_call(states[i], &cc[i]);
		for (i = 0; i < n; i++) {
			if (!pre)
				swap_pre_call(states[i], &cc[i]);
			if (fn->summary) {
				bool pass;
				int r = vl_sum_conds(ax, states[i], e,
						     &binds[i], &pass);

				guard[i] = r == VL_FALSE ? VL_FALSE :
					   r == VL_TRUE	 ? VL_TRUE :
					   e->kind == VL_EFF_REQUIRE ?
							   VL_TRUE :
							   VL_MAYBE;
				if (r == VL_MAYBE &&
				    e->kind == VL_EFF_REQUIRE &&
				    met_where_it_applies(ax, states[i], e,
							 &binds[i]))
					guard[i] = VL_FALSE;
				/* A release tied to the result, under the
				 * conditions its releases share: those
				 * only rule it out where the caller decides
				 * them false (vm_brk_flags() passes unlock =
				 * false to do_vmi_munmap()); left open, the
				 * result decides, as without them. */
				if (r == VL_MAYBE &&
				    e->kind == VL_EFF_RELEASE &&
				    e->when.present)
					guard[i] = VL_TRUE;
				if (e->maybe && guard[i] == VL_TRUE)
					guard[i] = VL_MAYBE;
				/* Locking an object only if it exists is
				 * locking it: where the test fails there
				 * is no such lock for anyone to need or
				 * release (a requirement reached through
				 * NULL names nothing). */
				if (guard[i] == VL_MAYBE && !e->maybe &&
				    (e->kind == VL_EFF_ACQUIRE ||
				     e->kind == VL_EFF_RELEASE) &&
				    !e->check_only) {
					struct vl_lockinst x = vl_resolve_lock(
						ax, states[i], &e->lock,
						&binds[i]);

					if (x.valid &&
					    vl_sum_conds_existence(
						    ax, states[i], e,
						    &binds[i], x.addr))
						guard[i] = VL_TRUE;
				}
				(void)pass;
			} else {
				guard[i] = guard_holds(ax, states[i], e,
						       &binds[i]);
			}
			if (!pre)
				swap_pre_call(states[i], &cc[i]);
			if (guard[i] != VL_TRUE)
				continue;
			sel[m] = states[i];
			selb[m] = binds[i];
			if (e->kind == VL_EFF_REQUIRE)
				memset(&insts[m], 0, sizeof(insts[m]));
			else if (e->check_only &&
				 e->lock.owner.root == VL_ROOT_WILD &&
				 e->lock.cls)
				insts[m] = standin_lock(ax, e->lock.cls);
			else
				insts[m] = vl_resolve_lock(ax, states[i],
							   &e->lock, &binds[i]);
			insts[m].mode = e->lock.mode;
			m++;
		}

		/* Requirements the callers may meet instead. */
		if (m && e->kind == VL_EFF_REQUIRE) {
			for (i = 0; i < m; i++)
				reqs[i] = e->req;
			defer_begin(ax, &d, sel, m, reqs, selb,
				    fn->summary ? e->node : 0, e, ev->loc,
				    ax->reporting ?
					    intern_printf(ax,
							  "%s() calls %s() here",
							  ax->f->name, fn->name) :
					    NULL,
				    false, key_of(fn->name, "requires", j),
				    e->rule);
			deferring = true;
		} else if (m && !fn->summary &&
			   (((e->kind == VL_EFF_RELEASE ||
			      e->kind == VL_EFF_DOWNGRADE) &&
			     !e->when.present &&
			     e->lock.owner.root != VL_ROOT_WILD) ||
			    e->kind == VL_EFF_ASSERT)) {
			/* Releasing or downgrading a lock the callers hold
			 * (for write); asserting one: a contract for them. */
			bool dg = e->kind == VL_EFF_DOWNGRADE;
			bool rel = e->kind == VL_EFF_RELEASE || dg;

			lock_req(&lr, e, dg ? VL_MODE_WRITE : e->lock.mode);
			/* (Classes outside the balance rules, such as RCU,
			 * are not passed to the callers.) */
			for (i = 0; i < m; i++)
				reqs[i] = vl_class_balanced(insts[i].cls) &&
							  (!rel ||
							   vl_find_lock(ax, sel[i],
									&insts[i],
									true) ==
								   VL_NONE) ?
						  &lr :
						  NULL;
			defer_begin(ax, &d, sel, m, reqs, selb, 0, e,
				    ev->loc,
				    ax->reporting ?
					    intern_printf(ax,
							  dg ? "%s() downgrades it here" :
							  rel ? "%s() releases it here" :
								"%s() asserts it here",
							  ax->f->name) :
					    NULL,
				    !rel, key_of(fn->name, "lock", j), e->rule);
			deferring = true;
		}
		if (ax->reporting && m) {
			struct vl_check c = { ax, ev, ev->loc, sel, m, selb };
			struct vl_lockop op = {
				fn, e, e->is_try,
				e->lock.owner.root == VL_ROOT_WILD, insts
			};

			FOR_EACH_CHECKER(ck)
			{
				if (e->kind == VL_EFF_REQUIRE &&
				    ck->call_requires)
					ck->call_requires(&c, fn, e);
				/* (A summary's releases are checked as
				 * its requirements.) */
				if (e->kind != VL_EFF_REQUIRE &&
				    e->kind != VL_EFF_NAME &&
				    !(fn->summary &&
				      e->kind == VL_EFF_RELEASE) &&
				    ck->lock_op)
					ck->lock_op(&c, &op);
			}
		}
		if (deferring)
			defer_end(ax, &d, sel, selb);
		/* Locks taken, for the order checks of the callers (also
		 * where the callee only may take them). */
		if (ax->reporting && e->kind == VL_EFF_ACQUIRE && !e->is_try)
			for (i = 0; i < n; i++) {
				struct vl_lockinst inst;

				if (guard[i] == VL_FALSE)
					continue;
				inst = e->check_only &&
						       e->lock.owner.root ==
							       VL_ROOT_WILD &&
						       e->lock.cls ?
					       standin_lock(ax, e->lock.cls) :
					       vl_resolve_lock(ax, states[i],
							       &e->lock,
							       &binds[i]);
				if (!pre)
					swap_pre_call(states[i], &cc[i]);
				vl_sum_note_take(ax, states[i], &inst,
						 acquire_mode(e, inst.cls),
						 ev->loc,
						 !fn->summary ? NULL :
						 e->check_only ? e->via_fn :
								 fn->name,
						 e->check_only ? e->via_loc :
								 ev->loc,
						 fn->summary ? e : NULL,
						 &binds[i]);
				if (!pre)
					swap_pre_call(states[i], &cc[i]);
			}
		if (e->check_only) {
			for (i = 0; i < n; i++)
				swap_pre_call(states[i], &cc[i]);
			continue;
		}
		for (i = 0; i < n; i++) {
			struct vl_lockinst inst;

			if (guard[i] == VL_FALSE || e->kind == VL_EFF_REQUIRE)
				continue;
			inst = vl_resolve_lock(ax, states[i], &e->lock,
					       &binds[i]);
			if (e->kind == VL_EFF_RELEASE)
				vl_sum_note_release(
					ax, states[i], &inst,
					e->lock.owner.root == VL_ROOT_WILD ?
						e->lock.cls :
						NULL,
					e, &binds[i]);
			if (guard[i] == VL_TRUE)
				apply_effect(ax, states[i], e, &inst,
					     &binds[i], ev->loc);
			else if (!fn->summary ||
				 !apply_open(ax, states[i], e, &inst,
					     &binds[i], ev->loc))
				apply_maybe(ax, states[i], e, &inst, ev->loc);
		}
		for (i = 0; i < n; i++) {
			if (guard[i] != VL_TRUE || e->kind != VL_EFF_REQUIRE)
				continue;
			apply_effect(ax, states[i], e, NULL, &binds[i],
				     ev->loc);
		}
		for (i = 0; pre && i < n; i++)
			swap_pre_call(states[i], &cc[i]);
	}
	free(insts);
	free(sel);
	free(selb);
	free(guard);
	free(reqs);
}

/*
 * Run one event over the states of a block in lockstep: the checkers
 * (when reporting) see all states before the event, then each state
 * takes the event's effect.
 */
static void transfer(struct vl_actx *ax, struct vl_state **states,
		     uint32_t n, uint32_t ev_index)
{
	const struct vl_event *ev = &ax->f->events[ev_index];
	struct vl_terms *ts = &ax->terms;
	uint32_t i;

	switch (ev->kind) {
	case VL_EV_ASSIGN:
		for (i = 0; i < n; i++) {
			uint32_t v = (ev->flags & VL_EVF_COMPOUND) &&
						     !(ev->flags & VL_EVF_BITS) ?
					     event_unknown(ax, ev_index) :
					     eval(ax, states[i], ev->val);

			if (ev->a < states[i]->nlocals)
				states[i]->env[ev->a] = v;
		}
		return;
	case VL_EV_RETURN:
		for (i = 0; i < n; i++) {
			states[i]->ret = ev->val == VL_NONE ?
						 VL_NONE :
						 eval(ax, states[i], ev->val);
			states[i]->ret_loc = ev->loc;
		}
		/* What the callers get back (a void function: its exit). */
		if (ax->reporting && ev->val != VL_NONE)
			vl_sum_note_return(ax, states, n);
		return;
	case VL_EV_STORE:
	case VL_EV_WRITE: {
		uint32_t addrs[MAX_STATES * 2], newv[MAX_STATES * 2],
			oldv[MAX_STATES * 2];
		struct vl_bind binds[MAX_STATES * 2];

		for (i = 0; i < n && i < VL_ARRAY_SIZE(addrs); i++) {
			struct vl_state *s = states[i];
			uint32_t base = eval(ax, s, ev->a);

			addrs[i] = ev->kind == VL_EV_WRITE ?
					   field_addr(ax, base, ev->rec,
						      ev->name) :
					   base;
			newv[i] = (ev->flags & VL_EVF_COMPOUND) &&
						  !(ev->flags & VL_EVF_BITS) ?
					  event_unknown(ax, ev_index) :
					  ev->val == VL_NONE ?
					  event_unknown(ax, ev_index) :
					  eval(ax, s, ev->val);
			oldv[i] = load(ax, s, addrs[i]);
			memset(&binds[i], 0, sizeof(binds[i]));
			binds[i].this_term = base;
			binds[i].ret = VL_NONE;
		}
		if (ev->kind == VL_EV_WRITE)
			write_checks(ax, ev, states,
				     n < VL_ARRAY_SIZE(addrs) ? n :
								VL_ARRAY_SIZE(addrs),
				     binds, ev->rec, ev->name, oldv, newv);
		for (i = 0; i < n && i < VL_ARRAY_SIZE(addrs); i++) {
			write_location(ax, states[i], addrs[i], newv[i]);
			if (ev->kind == VL_EV_WRITE)
				assume_dereferenced(ax, states[i], addrs[i]);
		}
		return;
	}
	case VL_EV_CALL: {
		const struct vl_fnspec *fn =
			ev->name ? vl_spec_function(ax->spec, ev->name) : NULL;
		const struct vl_fnspec *sum = NULL;
		struct callctx *cc = vl_xcalloc(n ? n : 1, sizeof(*cc));
		struct vl_bind *binds = vl_xcalloc(n ? n : 1, sizeof(*binds));

		/* A function with a body: its summary, after what the spec
		 * says of it (a requirement). */
		if (ev->name && !(ev->flags & VL_EVF_MACRO) &&
		    (!fn || !vl_fnspec_is_primitive(fn)))
			sum = vl_summary_of(ax->u,
					    ev->link ? ev->link : ev->name);
		for (i = 0; i < n; i++) {
			call_prepare(ax, states[i], ev, fn, sum, &cc[i]);
			binds[i] = cc[i].bind;
		}
		if (fn)
			call_effects(ax, states, n, ev, fn, cc, binds);
		if (sum)
			call_effects(ax, states, n, ev, sum, cc, binds);
		for (i = 0; i < n; i++)
			call_finish(ax, states[i], ev, fn, sum, &cc[i]);
		free(binds);
		free(cc);
		(void)ts;
		return;
	}
	}
}

/* ---- block order and loops ---- */

static void compute_order(struct vl_actx *ax)
{
	struct vl_func *f = ax->f;
	uint32_t nb = f->nblocks, i, n = 0, sp = 0;
	uint32_t *stack = vl_xmalloc(sizeof(*stack) * (nb + 1));
	uint32_t *next_edge = vl_xcalloc(nb + 1, sizeof(*next_edge));
	uint8_t *color = vl_xcalloc(nb + 1, 1);	/* 0 new, 1 open, 2 done */
	uint32_t *post = vl_xmalloc(sizeof(*post) * (nb + 1));

	ax->rpo_pos = vl_xmalloc(sizeof(*ax->rpo_pos) * (nb + 1));
	ax->loop_head = vl_xcalloc(nb + 1, sizeof(*ax->loop_head));
	ax->in_loop = vl_xcalloc(nb + 1, sizeof(*ax->in_loop));
	for (i = 0; i < nb; i++)
		ax->rpo_pos[i] = VL_NONE;
	if (f->entry < nb) {
		stack[sp++] = f->entry;
		color[f->entry] = 1;
	}
	while (sp) {
		uint32_t b = stack[sp - 1];
		const struct vl_block *bl = &f->blocks[b];

		if (next_edge[b] < bl->nsuccs) {
			uint32_t to = f->edges[bl->first_succ + next_edge[b]].to;

			next_edge[b]++;
			if (color[to] == 0) {
				color[to] = 1;
				stack[sp++] = to;
			} else if (color[to] == 1) {
				ax->loop_head[to] = true;
			}
			continue;
		}
		color[b] = 2;
		post[n++] = b;
		sp--;
	}
	ax->rpo = vl_xmalloc(sizeof(*ax->rpo) * (n + 1));
	ax->nrpo = n;
	for (i = 0; i < n; i++) {
		ax->rpo[i] = post[n - 1 - i];
		ax->rpo_pos[ax->rpo[i]] = i;
	}
	free(stack);
	free(next_edge);
	free(color);
	free(post);
}

/*
 * For every back edge b -> h, the loop body is every block that reaches b
 * without passing h.  Locals assigned in the body become PHI at h.
 */
static void compute_loops(struct vl_actx *ax)
{
	struct vl_func *f = ax->f;
	uint32_t nb = f->nblocks, nl = f->nlocals, e, i, j;
	uint32_t *preds_n = vl_xcalloc(nb + 1, sizeof(uint32_t));
	uint32_t *preds_off = vl_xcalloc(nb + 2, sizeof(uint32_t));
	uint32_t *preds = vl_xmalloc(sizeof(uint32_t) * (f->nedges + 1));
	uint32_t *work = vl_xmalloc(sizeof(uint32_t) * (nb + 1));
	uint8_t *body = vl_xmalloc(nb + 1);
	bool any = false;

	for (i = 0; i < nb; i++)
		any |= ax->loop_head[i];
	if (!any)
		goto out;
	ax->loop_locals = vl_xcalloc((size_t)nb * (nl ? nl : 1), 1);
	for (e = 0; e < f->nedges; e++)
		preds_n[f->edges[e].to]++;
	for (i = 0; i < nb; i++)
		preds_off[i + 1] = preds_off[i] + preds_n[i];
	memset(preds_n, 0, sizeof(uint32_t) * (nb + 1));
	for (e = 0; e < f->nedges; e++) {
		uint32_t to = f->edges[e].to;

		preds[preds_off[to] + preds_n[to]++] = f->edges[e].from;
	}
	for (e = 0; e < f->nedges; e++) {
		uint32_t from = f->edges[e].from, h = f->edges[e].to, sp = 0;

		if (ax->rpo_pos[from] == VL_NONE || ax->rpo_pos[h] == VL_NONE ||
		    ax->rpo_pos[from] < ax->rpo_pos[h])
			continue;
		/* Back edge from -> h. */
		memset(body, 0, nb);
		body[h] = 1;
		if (!body[from]) {
			body[from] = 1;
			work[sp++] = from;
		}
		while (sp) {
			uint32_t b = work[--sp];

			for (j = preds_off[b]; j < preds_off[b + 1]; j++) {
				uint32_t p = preds[j];

				if (!body[p] && ax->rpo_pos[p] != VL_NONE) {
					body[p] = 1;
					work[sp++] = p;
				}
			}
		}
		for (i = 0; i < nb; i++) {
			const struct vl_block *bl = &f->blocks[i];

			if (!body[i])
				continue;
			ax->in_loop[i] = true;
			for (j = 0; j < bl->nevents; j++) {
				const struct vl_event *ev =
					&f->events[bl->first_event + j];
				uint32_t k;

				if (ev->kind == VL_EV_ASSIGN && ev->a < nl)
					ax->loop_locals[(size_t)h * nl + ev->a] = 1;
				if (ev->kind != VL_EV_CALL)
					continue;
				/* A callee may store through &local. */
				for (k = 0; k < ev->nargs; k++) {
					const struct vl_expr *x = vl_func_expr(
						f, f->args[ev->args + k]);

					if (x->kind == VL_X_ADDR_LOCAL &&
					    x->a < nl)
						ax->loop_locals[(size_t)h * nl +
								x->a] = 1;
				}
			}
		}
	}
out:
	free(preds_n);
	free(preds_off);
	free(preds);
	free(work);
	free(body);
}

/*
 * Is local l's value one only locals and memory hold (a call's result,
 * a value stored by a callee, an overwritten value) that no other local
 * or stored value is made of?  Then a lock named through it
 * is named through the loop head's phi from there on: the lock an
 * iteration took on the object it looked up ("src_anon_vma =
 * folio_get_anon_vma(); lock it; goto retry") is the one the code after
 * the loop releases through the same local.
 */
static bool iteration_value(struct vl_actx *ax, const struct vl_state *s,
			    uint32_t l)
{
	uint32_t v = s->env[l], k;
	enum vl_tkind kind = vl_term(&ax->terms, v)->kind;

	if (kind != VL_T_CALL && kind != VL_T_OUT && kind != VL_T_OLD)
		return false;
	for (k = 0; k < s->nlocals; k++)
		if (k != l && vl_term_contains(&ax->terms, s->env[k], v))
			return false;
	for (k = 0; k < s->nmem; k++)
		if (vl_term_contains(&ax->terms, s->mem[k].val, v))
			return false;
	return true;
}

/* A state enters block b: at a loop head, start a new iteration. */
static void enter_block(struct vl_actx *ax, struct vl_state *s, uint32_t b)
{
	uint32_t l, nl = ax->f->nlocals;

	if (!ax->loop_head[b] || !ax->loop_locals)
		return;
	for (l = 0; l < nl && l < s->nlocals; l++) {
		uint32_t phi;

		if (!ax->loop_locals[(size_t)b * nl + l])
			continue;
		phi = vl_t_phi(&ax->terms, b, l);
		if (s->env[l] == phi)
			continue;
		/* A parameter's own value, not changed on the way here
		 * (the path into the loop, or one around it that kept it),
		 * stays its name: what the path needs of it, its callers can
		 * give (mfill_atomic_hugetlb() unlocks dst_vma in its loop,
		 * which a retry replaces by a VMA it locks itself).  Where
		 * a path that changed it joins this one, it becomes the
		 * phi (vl_state_join()). */
		if (vl_term(&ax->terms, s->env[l])->kind == VL_T_PARAM)
			continue;
		/* The value of two iterations ago is gone: what was known
		 * of it must not mix with what is known of the last one. */
		vl_state_forget_fact(s, vl_t_old(&ax->terms, phi));
		vl_state_rename(s, &ax->terms, phi,
				vl_t_old(&ax->terms, phi));
		/* What this path knows of the value stays known of the
		 * phi: the lock held iff "locked" is set (GUP), locked
		 * == 1 after it was taken. */
		vl_state_carry(s, &ax->terms, s->env[l], phi);
		if (iteration_value(ax, s, l))
			vl_state_rename_locks(s, &ax->terms, s->env[l], phi);
		s->env[l] = phi;
	}
}

/* ---- fixed point ---- */

static void sset_push(struct sset *ss, struct vl_state *s)
{
	VL_PUSH(ss->s, ss->n, ss->cap) = s;
}

/*
 * Before the states at block t merge: a local whose values differ
 * becomes the join's phi, so a lock named through its value on one path
 * (a lookup's result, locked) is named through the phi, as at a loop
 * head (iteration_value()).
 */
static void phi_lock_names(struct vl_actx *ax, uint32_t t, struct sset *ss,
			   struct vl_state *st)
{
	uint32_t l, i;

	for (l = 0; l < st->nlocals; l++) {
		uint32_t phi = vl_t_phi(&ax->terms, t, l);
		bool differ = false;

		for (i = 0; i < ss->n && !differ; i++)
			differ = l >= ss->s[i]->nlocals ||
				 ss->s[i]->env[l] != st->env[l];
		if (!differ)
			continue;
		for (i = 0; i <= ss->n; i++) {
			struct vl_state *x = i < ss->n ? ss->s[i] : st;

			if (l < x->nlocals && x->env[l] != phi &&
			    iteration_value(ax, x, l))
				vl_state_rename_locks(x, &ax->terms, x->env[l],
						      phi);
		}
	}
}

/* Are two states with the same locks still to be kept apart?  Where a
 * local holds two different globals' addresses, or, a local pointer to a
 * struct, a parameter's own value in one and NULL in the other (the
 * callers' object and none): joined, a later test of the local could no
 * longer tell which, nor whose lock the path has (mfill_atomic_hugetlb()
 * sets dst_vma = NULL and goes back to "retry:", where "if (!dst_vma)"
 * looks the VMA up and locks it). */
static bool keep_apart(struct vl_actx *ax, const struct vl_state *a,
		       const struct vl_state *b)
{
	uint32_t l;

	for (l = 0; l < a->nlocals && l < b->nlocals; l++) {
		const struct vl_local *loc = &ax->f->locals[l];
		uint32_t va = a->env[l], vb = b->env[l];

		if (va == vb)
			continue;
		/* Two different globals (operations tables chosen by ?:):
		 * what each one's constant fields say stays known
		 * (queue_pages_range()'s walk ops, whose walk_lock decides
		 * the mmap lock mode walk_page_range() needs). */
		if (vl_term(&ax->terms, va)->kind == VL_T_GLOBAL &&
		    vl_term(&ax->terms, vb)->kind == VL_T_GLOBAL)
			return true;
		if (!loc->rec || loc->is_record)
			continue;
		if ((vl_term(&ax->terms, va)->kind == VL_T_PARAM &&
		     vl_state_decide(b, &ax->terms, vb, VL_P_EQ, 0) ==
			     VL_TRUE) ||
		    (vl_term(&ax->terms, vb)->kind == VL_T_PARAM &&
		     vl_state_decide(a, &ax->terms, va, VL_P_EQ, 0) ==
			     VL_TRUE))
			return true;
	}
	return false;
}

/* Add st (owned) to the states at block t; true if they changed. */
static bool join_into(struct vl_actx *ax, uint32_t t, struct vl_state *st)
{
	struct sset *ss = &ax->in[t];
	uint32_t i;
	bool changed;

	if (ax->visits[t] > WIDEN_VISITS) {
		st->nfacts = 0;
		st->nmem = 0;
	}
	for (i = 0; i < ss->n; i++) {
		if (vl_state_same_locks(ss->s[i], st) &&
		    !keep_apart(ax, ss->s[i], st)) {
			note_join(ax, t, ss->s[i], st);
			changed = vl_state_join(ss->s[i], st, &ax->terms, t);
			if (ax->visits[t] > WIDEN_VISITS && ss->s[i]->nfacts) {
				ss->s[i]->nfacts = 0;
				ss->s[i]->nmem = 0;
				changed = true;
			}
			vl_state_free(st);
			return changed;
		}
	}
	if (ss->n < MAX_STATES) {
		sset_push(ss, st);
		return true;
	}
	/* Too many lock states here: merge them all, but keep a path that
	 * released its callers' lock apart from one that did not: what the
	 * callers hold after the call depends on it
	 * (__collapse_huge_page_swapin() drops the mmap lock where it
	 * fails, and its loop around do_swap_page() makes many states). */
	phi_lock_names(ax, t, ss, st);
	sset_push(ss, st);
	for (i = 0; i < ss->n; i++) {
		uint32_t j = 0, k;

		for (k = 0; k < ss->n; k++) {
			if (k > i &&
			    vl_state_same_released(ss->s[i], ss->s[k])) {
				note_join(ax, t, ss->s[i], ss->s[k]);
				vl_state_join_locks(ss->s[i], ss->s[k],
						    &ax->terms, t);
				vl_state_free(ss->s[k]);
				continue;
			}
			ss->s[j++] = ss->s[k];
		}
		ss->n = j;
	}
	return true;
}

static void process_block(struct vl_actx *ax, uint32_t b)
{
	struct vl_func *f = ax->f;
	const struct vl_block *bl = &f->blocks[b];
	struct sset *ss = &ax->in[b];
	uint32_t n = ss->n, i, j, k;
	struct vl_state **work = vl_xmalloc(sizeof(*work) * (n ? n : 1));

	for (i = 0; i < n; i++)
		work[i] = vl_state_clone(ss->s[i]);
	f->cur_block = b;
	for (k = 0; k < n; k++)
		for (j = 0; j < bl->nevents; j++)
			transfer(ax, &work[k], 1, bl->first_event + j);
	for (k = 0; k < n; k++) {
		for (j = 0; j < bl->nsuccs; j++) {
			const struct vl_edge *e = &f->edges[bl->first_succ + j];
			struct vl_state *st = vl_state_clone(work[k]);

			bool feasible = true;
			uint32_t x;

			if (e->cond != VL_NONE &&
			    !vl_state_assume(st, &ax->terms,
					     eval(ax, st, e->cond),
					     e->sense ? VL_P_NE : VL_P_EQ, 0))
				feasible = false;
			for (x = 0; feasible && x < e->nextra; x++)
				feasible = vl_state_assume(
					st, &ax->terms,
					eval(ax, st, f->args[e->extra + x]),
					VL_P_NE, 0);
			if (!feasible) {
				vl_state_free(st);
				continue;
			}
			enter_block(ax, st, e->to);
			if (join_into(ax, e->to, st))
				ax->dirty[e->to] = true;
		}
		vl_state_free(work[k]);
	}
	free(work);
}

/* One entry state: base plus the locks of a conjunction, held by the
 * caller, and the objects it names unpublished: a VMA an mmap handler is
 * given is not in the tree yet. */
static void entry_alternative(struct vl_actx *ax, const struct vl_state *base,
			      const struct vl_req *conj,
			      const struct vl_bind *b)
{
	const struct vl_req *one = conj;
	const struct vl_req *const *locks = &one;
	uint32_t n = 1, i;
	struct vl_state *s = vl_state_clone(base);

	if (conj->kind == VL_REQ_AND) {
		locks = (const struct vl_req *const *)conj->subs;
		n = conj->nsubs;
	}
	for (i = 0; i < n; i++) {
		struct vl_lockinst inst;
		struct vl_held h;

		if (locks[i]->kind == VL_REQ_PRIVATE) {
			uint32_t t = vl_eval_path(ax, s,
						  &locks[i]->use_args[0], b);

			if (t != VL_NONE)
				vl_state_set_private(s, t, true);
			continue;
		}
		if (locks[i]->kind != VL_REQ_LOCK)
			continue;
		if (locks[i]->lock.owner.root == VL_ROOT_WILD &&
		    locks[i]->lock.cls) {
			inst = standin_lock(ax, locks[i]->lock.cls);
		} else {
			inst = vl_resolve_lock(ax, s, &locks[i]->lock, b);
		}
		if (!inst.valid || vl_find_lock(ax, s, &inst, true) != VL_NONE)
			continue;
		memset(&h, 0, sizeof(h));
		h.addr = inst.addr;
		h.cls = inst.cls ? (uint16_t)inst.cls->id : VL_NOCLASS;
		h.mode = (uint8_t)(locks[i]->lock.mode == VL_MODE_WRITE ||
						   (inst.cls &&
						    !vl_class_has_modes(inst.cls)) ?
					   VL_MODE_WRITE :
					   VL_MODE_READ);
		h.acq_mode = h.mode;
		h.flags = VL_HF_ASSERTED | VL_HF_ENTRY;
		h.cond = VL_NONE;
		h.loc = ax->f->loc;
		vl_state_add_held(s, &h);
	}
	enter_block(ax, s, ax->f->entry);
	if (join_into(ax, ax->f->entry, s))
		ax->dirty[ax->f->entry] = true;
}

static bool sibling_matches(const struct vl_cbreg *reg,
			    const struct vl_callback *cb)
{
	uint32_t i;

	if (!cb->when_field)
		return true;
	for (i = 0; i < reg->nsibs; i++) {
		const struct vl_sibling *sb = &reg->sibs[i];

		if (strcmp(sb->field, cb->when_field) != 0)
			continue;
		if (cb->when_name)
			return sb->name && strcmp(sb->name, cb->when_name) == 0;
		return sb->value == cb->when_value;
	}
	return false;
}

/* One entry state per alternative of what the callers hold, where the
 * entry line's argument condition holds (false: it cannot). */
static void enter_holding(struct vl_actx *ax, const struct vl_state *base,
			  const struct vl_callback *cb,
			  const struct vl_bind *b)
{
	const struct vl_req *holds = cb->holds;
	const struct vl_argcond *g = &cb->guard;
	struct vl_state *s = vl_state_clone(base);
	uint32_t k, t;

	t = g->present && !g->rhs_is_path ?
		    vl_eval_path(ax, s, &g->path, b) :
		    VL_NONE;
	if (t != VL_NONE && g->nset && !g->negate) {
		/* "if x in (a, b)": a state for each value. */
		struct vl_callback one = *cb;

		for (k = 0; k < g->nset; k++) {
			one.guard.set = NULL;
			one.guard.nset = 0;
			one.guard.cmp = '=';
			one.guard.k = g->set[k];
			s->apart = k + 1;
			enter_holding(ax, s, &one, b);
		}
		vl_state_free(s);
		return;
	}
	if (t != VL_NONE && g->nset) {
		/* "unless x in (a, b)": none of them. */
		for (k = 0; k < g->nset; k++)
			if (!vl_state_assume(s, &ax->terms, t, VL_P_NE,
					     g->set[k])) {
				vl_state_free(s);
				return;
			}
		t = VL_NONE;
	}
	if (t != VL_NONE) {
		uint8_t pred = g->cmp == '=' ? VL_P_EQ :
			       g->cmp	     ? VL_P_NE :
			       g->has_mask   ? VL_P_BITS_ANY :
					       VL_P_NE;
		int64_t k = g->cmp ? g->k : g->has_mask ? g->mask : 0;

		if (g->negate)
			pred = pred == VL_P_EQ	     ? VL_P_NE :
			       pred == VL_P_NE	     ? VL_P_EQ :
						       VL_P_BITS_NONE;
		if (!vl_state_assume(s, &ax->terms, t, pred, k)) {
			vl_state_free(s);
			return;
		}
	}
	if (holds->kind != VL_REQ_OR)
		entry_alternative(ax, s, holds, b);
	for (k = 0; holds->kind == VL_REQ_OR && k < holds->nsubs; k++)
		entry_alternative(ax, s, holds->subs[k], b);
	vl_state_free(s);
}

/* Does no analysed function outside its recursive group call this one?
 * (A static one is analysed then only if its address is taken: a
 * callback passed as an argument, madvise_walk_vmas()'s visitors.) */
static bool is_entry_point(const struct vl_actx *ax)
{
	const struct vl_summaries *sm = ax->u->sums;

	return sm && ax->fidx != VL_NONE && ax->fidx < sm->nfuncs &&
	       !sm->outside_callers[ax->fidx];
}

/*
 * The states the function starts in: nothing held, or, for a callback
 * stored in an operations table the spec describes, one state for each
 * alternative of what its callers hold.
 */
static void entry_states(struct vl_actx *ax, struct vl_state *base)
{
	const struct vl_unit *u = ax->u;
	const struct vl_spec *spec = ax->spec;
	uint32_t args[64], i, j, found = 0;
	struct vl_bind b;
	bool entry;

	bind_own_params(ax, args, VL_ARRAY_SIZE(args), &b);
	for (i = 0; i < u->ncbregs; i++) {
		const struct vl_cbreg *reg = &u->cbregs[i];

		if (strcmp(reg->func, vl_func_link_name(ax->f)) != 0)
			continue;
		for (j = 0; j < spec->ncallbacks; j++) {
			const struct vl_callback *cb = spec->callbacks[j];

			if (!cb->rec || strcmp(cb->rec, reg->rec) != 0 ||
			    strcmp(cb->field, reg->field) != 0 ||
			    !sibling_matches(reg, cb))
				continue;
			if (cb->leaves)
				VL_PUSH(ax->leaves, ax->nleaves,
					ax->capleaves) = cb->leaves;
			if (!cb->holds)
				continue;
			enter_holding(ax, base, cb, &b);
			found++;
		}
	}
	/* An entry point whose callers the spec describes ("entry"): only
	 * when no analysed code calls it, so analysed callers are checked;
	 * or a function whose callers apply what the spec says of it (its
	 * body is analysed only for an entry line: handle_mm_fault()). */
	entry = !found && (is_entry_point(ax) ||
			   vl_fnspec_is_primitive(
				   vl_spec_function(spec, ax->f->name)));
	for (j = 0; j < spec->ncallbacks && entry; j++) {
		const struct vl_callback *cb = spec->callbacks[j];

		if (cb->rec || !cb->holds ||
		    strcmp(cb->field, ax->f->name) != 0)
			continue;
		enter_holding(ax, base, cb, &b);
		found++;
	}
	if (!found) {
		struct vl_state *s = vl_state_clone(base);

		enter_block(ax, s, ax->f->entry);
		sset_push(&ax->in[ax->f->entry], s);
		ax->dirty[ax->f->entry] = true;
	}
}

static bool fixpoint(struct vl_actx *ax)
{
	struct vl_func *f = ax->f;
	struct vl_state *init = vl_state_new(f->nlocals);
	bool again = true;
	uint32_t i;

	for (i = 0; i < f->nlocals; i++) {
		int32_t p = f->locals[i].param;

		init->env[i] = p >= 0 ? vl_t_param(&ax->terms, (uint32_t)p) :
					vl_t_uninit(&ax->terms, i);
	}
	entry_states(ax, init);
	vl_state_free(init);
	while (again) {
		again = false;
		for (i = 0; i < ax->nrpo; i++) {
			uint32_t b = ax->rpo[i];

			if (!ax->dirty[b])
				continue;
			ax->dirty[b] = false;
			if (++ax->visits[b] > GIVEUP_VISITS)
				return false;
			process_block(ax, b);
			again = true;
		}
	}
	return true;
}

static void report_pass(struct vl_actx *ax)
{
	struct vl_func *f = ax->f;
	uint32_t i, j, k;

	ax->reporting = true;
	for (i = 0; i < ax->nrpo; i++) {
		uint32_t b = ax->rpo[i];
		const struct vl_block *bl = &f->blocks[b];
		struct sset *ss = &ax->in[b];
		struct vl_state **work;

		if (!ss->n || !bl->nevents)
			continue;
		work = vl_xmalloc(sizeof(*work) * ss->n);
		for (k = 0; k < ss->n; k++)
			work[k] = vl_state_clone(ss->s[k]);
		f->cur_block = b;
		for (j = 0; j < bl->nevents; j++)
			transfer(ax, work, ss->n, bl->first_event + j);
		for (k = 0; k < ss->n; k++)
			vl_state_free(work[k]);
		free(work);
	}
	if (f->exit < f->nblocks && ax->in[f->exit].n) {
		struct sset *ss = &ax->in[f->exit];
		struct vl_check c = { ax, NULL, f->end_loc, ss->s, ss->n,
				      NULL };

		FOR_EACH_CHECKER(ck)
		if (ck->exit)
			ck->exit(&c);
	}
	ax->reporting = false;
}

void vl_analyse_function(struct vl_unit *u, struct vl_func *f)
{
	struct vl_actx ax;
	uint32_t i, j;

	if (!f->nblocks || f->entry >= f->nblocks)
		return;
	memset(&ax, 0, sizeof(ax));
	ax.u = u;
	ax.spec = u->spec;
	ax.f = f;
	ax.first_finding = u->nfindings;
	ax.fidx = VL_NONE;
	if (u->sums) {
		/* Summaries are being built (unit.c): this function's. */
		ax.fidx = vl_unit_func_index(u, vl_func_link_name(f));
		if (ax.fidx != VL_NONE) {
			ax.sb = vl_sumbuild_new();
			vl_obl_reset_func(u, ax.fidx);
		}
	}
	vl_terms_init(&ax.terms);
	ax.in = vl_xcalloc(f->nblocks, sizeof(*ax.in));
	ax.visits = vl_xcalloc(f->nblocks, sizeof(*ax.visits));
	ax.dirty = vl_xcalloc(f->nblocks, sizeof(*ax.dirty));
	compute_order(&ax);
	compute_loops(&ax);
	if (fixpoint(&ax)) {
		report_pass(&ax);
		vl_sum_finish(&ax);
	} else {
		ax.gave_up = true;
	}
	vl_sumbuild_free(ax.sb);
	for (i = 0; i < f->nblocks; i++) {
		for (j = 0; j < ax.in[i].n; j++)
			vl_state_free(ax.in[i].s[j]);
		free(ax.in[i].s);
	}
	f->cur_block = VL_NONE;
	free(ax.in);
	free(ax.visits);
	free(ax.dirty);
	free(ax.rpo);
	free(ax.rpo_pos);
	free(ax.loop_head);
	free(ax.in_loop);
	free(ax.loop_locals);
	free(ax.hints);
	free(ax.phig);
	free(ax.leaves);
	vl_terms_free(&ax.terms);
}
