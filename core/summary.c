/*
 * Function summaries and obligations (see summary.h).
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "analysis_int.h"
#include "finding.h"

#define MAX_CONDS 4		/* conditions kept per requirement */
/* Pointer parameters whose pointee the summary relates to the result. */
#define MAX_OUT_PARAMS 8
#define MAX_REQS 24		/* requirement entries per summary */
#define MAX_TAKES 24		/* "takes" entries per summary */
#define MAX_OBS 64		/* returning states looked at */
#define MAX_OUT_FIELDS 16	/* fields of *param kept per summary */
#define MAX_MOD_FIELDS 16	/* fields of *param stored into, listed */

/* ====================================================================
 * Obligation nodes
 * ==================================================================== */

struct vl_summaries *vl_summaries_new(uint32_t nfuncs)
{
	struct vl_summaries *sm = vl_xcalloc(1, sizeof(*sm));

	vl_arena_init(&sm->arena);
	sm->nfuncs = nfuncs;
	sm->byfunc = vl_xcalloc(nfuncs + 1, sizeof(*sm->byfunc));
	sm->scc = vl_xcalloc(nfuncs + 1, sizeof(*sm->scc));
	sm->outside_callers = vl_xcalloc(nfuncs + 1,
					 sizeof(*sm->outside_callers));
	memset(&VL_PUSH(sm->obls, sm->nobls, sm->capobls), 0,
	       sizeof(*sm->obls)); /* [0]: none */
	return sm;
}

void vl_summaries_free(struct vl_summaries *sm)
{
	uint32_t i;

	if (!sm)
		return;
	for (i = 0; i < sm->nobls; i++) {
		if (sm->obls[i].pending) {
			vl_finding_release(sm->obls[i].pending);
			free(sm->obls[i].pending);
		}
	}
	free(sm->obls);
	free(sm->obl_slots);
	free(sm->fslots);
	free(sm->byfunc);
	free(sm->scc);
	free(sm->outside_callers);
	free(sm->scc_callers);
	vl_arena_free(&sm->arena);
	free(sm);
}

static uint32_t obl_find(struct vl_summaries *sm, uint64_t key, bool *found)
{
	uint32_t mask = sm->nobl_slots - 1, i = (uint32_t)key & mask;

	while (sm->obl_slots[i]) {
		if (sm->obls[sm->obl_slots[i]].key == key) {
			*found = true;
			return i;
		}
		i = (i + 1) & mask;
	}
	*found = false;
	return i;
}

uint32_t vl_obl_node(struct vl_unit *u, uint32_t parent, uint8_t kind,
		     uint32_t func, uint32_t loc, const char *note,
		     bool asserted, bool terminal, uint64_t key)
{
	struct vl_summaries *sm = u->sums;
	struct vl_obl *o;
	uint32_t slot, id;
	bool found;

	if (!sm)
		return 0;
	key = vl_hash_bytes(key, &parent, sizeof(parent));
	key = vl_hash_bytes(key, &func, sizeof(func));
	key = vl_hash_bytes(key, &loc, sizeof(loc));
	key = vl_hash_bytes(key, &kind, sizeof(kind));
	key |= 1;
	if (2 * (sm->nobls + 1) >= sm->nobl_slots) {
		uint32_t n = sm->nobl_slots ? 2 * sm->nobl_slots : 256, i;

		free(sm->obl_slots);
		sm->obl_slots = vl_xcalloc(n, sizeof(*sm->obl_slots));
		sm->nobl_slots = n;
		for (i = 1; i < sm->nobls; i++) {
			slot = obl_find(sm, sm->obls[i].key, &found);
			sm->obl_slots[slot] = i;
		}
	}
	slot = obl_find(sm, key, &found);
	if (found) {
		o = &sm->obls[sm->obl_slots[slot]];
		o->terminal |= terminal;
		return sm->obl_slots[slot];
	}
	id = sm->nobls;
	o = &VL_PUSH(sm->obls, sm->nobls, sm->capobls);
	memset(o, 0, sizeof(*o));
	o->root = parent ? sm->obls[parent].root : id;
	o->parent = parent;
	o->func = func;
	o->loc = loc;
	o->kind = kind;
	o->asserted = asserted;
	o->terminal = terminal;
	o->note = note;
	o->key = key;
	sm->obl_slots[slot] = id;
	return id;
}

void vl_obl_discharge(struct vl_unit *u, uint32_t node)
{
	if (u->sums && node && node < u->sums->nobls)
		u->sums->obls[u->sums->obls[node].root].discharged = true;
}

bool vl_obl_park(struct vl_unit *u, uint32_t node, struct vl_finding *f)
{
	struct vl_obl *o;

	if (!u->sums || !node || node >= u->sums->nobls)
		return false;
	o = &u->sums->obls[node];
	if (o->pending)
		return false;
	o->pending = vl_xmalloc(sizeof(*f));
	*o->pending = *f;
	return true;
}

void vl_obl_reset_func(struct vl_unit *u, uint32_t fidx)
{
	uint32_t i;

	if (!u->sums)
		return;
	for (i = 1; i < u->sums->nobls; i++) {
		struct vl_obl *o = &u->sums->obls[i];

		if (o->func == fidx && o->pending) {
			vl_finding_release(o->pending);
			free(o->pending);
			o->pending = NULL;
		}
	}
}

/*
 * Can a node still be passed up to callers?  Within a recursive group a
 * function called only by the group's other members passes it to them,
 * and so on round to a member called from outside; a group nothing
 * outside calls is an entry point as a whole.
 */
static bool obl_is_terminal(const struct vl_unit *u, const struct vl_obl *o)
{
	const struct vl_summaries *sm = u->sums;

	if (o->terminal || o->func >= u->nfuncs)
		return true;
	return sm->scc_callers ? !sm->scc_callers[sm->scc[o->func]] :
				 !sm->outside_callers[o->func];
}

static void emit(struct vl_unit *u, struct vl_finding *f)
{
	uint32_t i;

	for (i = 0; i < u->nfindings; i++) {
		const struct vl_finding *g = &u->findings[i];

		if (g->loc == f->loc && strcmp(g->checker, f->checker) == 0 &&
		    strcmp(g->message, f->message) == 0) {
			vl_finding_release(f);
			return;
		}
	}
	VL_PUSH(u->findings, u->nfindings, u->capfindings) = *f;
	memset(f, 0, sizeof(*f));
}

static void add_step(struct vl_finding *f, uint32_t loc, const char *msg)
{
	struct vl_step *st;
	uint32_t i;

	if (loc == VL_NONE)
		return;
	for (i = 0; i < f->nsteps; i++)
		if (f->steps[i].loc == loc && strcmp(f->steps[i].msg, msg) == 0)
			return;
	st = &VL_PUSH(f->steps, f->nsteps, f->capsteps);
	st->loc = loc;
	st->msg = vl_xstrdup(msg);
}

void vl_obl_resolve(struct vl_unit *u)
{
	struct vl_summaries *sm = u->sums;
	uint32_t i, *nfail;

	if (!sm)
		return;
	nfail = vl_xcalloc(sm->nobls + 1, sizeof(*nfail));
	/* Children that fail where they cannot go further. */
	for (i = 1; i < sm->nobls; i++) {
		struct vl_obl *o = &sm->obls[i];
		struct vl_obl *r = &sm->obls[o->root];
		uint32_t p;

		if (o->root == i || !o->pending || !obl_is_terminal(u, o))
			continue;
		/* A contract (an assertion) on a lock its callers cannot
		 * name, with no lock of its own in the way: the kernel
		 * checks it where it runs; there is nothing to say here
		 * (walk_page_range() asserts the write lock of each VMA it
		 * finds when the walk says so). */
		if (o->terminal && !o->held_fail && r->asserted)
			continue;
		nfail[o->root]++;
		if (!r->discharged && !r->asserted) {
			/* Blamed on the root: say where it is missed. */
			if (r->pending && nfail[o->root] <= 3) {
				struct vl_buf m;

				vl_buf_init(&m);
				vl_buf_printf(&m, o->kind == VL_OBL_LEAK ?
							  "%s, and does not release it" :
							  "%s, without it",
					      o->note ? o->note : "called here");
				add_step(r->pending, o->loc, vl_buf_cstr(&m));
				vl_buf_free(&m);
			}
			continue;
		}
		/* The chain down to what needs it. */
		for (p = o->parent; p; p = sm->obls[p].parent)
			if (sm->obls[p].note)
				add_step(o->pending, sm->obls[p].loc,
					 sm->obls[p].note);
		emit(u, o->pending);
		free(o->pending);
		o->pending = NULL;
	}
	/* Roots met nowhere, and missed somewhere: in the function itself
	 * if nothing analysed calls it, else at a call.  (Callers whose
	 * arguments never take the path that needs it neither meet nor
	 * miss it.) */
	for (i = 1; i < sm->nobls; i++) {
		struct vl_obl *o = &sm->obls[i];

		if (o->root != i || !o->pending || o->discharged ||
		    o->asserted || (!obl_is_terminal(u, o) && !nfail[i]))
			continue;
		emit(u, o->pending);
		free(o->pending);
		o->pending = NULL;
	}
	free(nfail);
}

/* ====================================================================
 * Call graph
 * ==================================================================== */

uint32_t vl_unit_func_index(const struct vl_unit *u, const char *name)
{
	struct vl_summaries *sm = u->sums;
	uint32_t i, mask;

	if (!name)
		return VL_NONE;
	if (!sm || !sm->nfslots) {
		for (i = 0; i < u->nfuncs; i++)
			if (strcmp(vl_func_link_name(u->funcs[i]), name) == 0)
				return i;
		return VL_NONE;
	}
	mask = sm->nfslots - 1;
	for (i = (uint32_t)vl_hash_str(0, name) & mask; sm->fslots[i];
	     i = (i + 1) & mask) {
		uint32_t f = sm->fslots[i] - 1;

		if (strcmp(vl_func_link_name(u->funcs[f]), name) == 0)
			return f;
	}
	return VL_NONE;
}

/* The name -> function table (the first of several same names wins). */
static void index_functions(struct vl_unit *u)
{
	struct vl_summaries *sm = u->sums;
	uint32_t n = 16, i, mask;

	while (n < 2 * u->nfuncs + 2)
		n *= 2;
	sm->fslots = vl_xcalloc(n, sizeof(*sm->fslots));
	sm->nfslots = n;
	mask = n - 1;
	for (i = 0; i < u->nfuncs; i++) {
		const char *name = vl_func_link_name(u->funcs[i]);
		uint32_t j;

		for (j = (uint32_t)vl_hash_str(0, name) & mask; sm->fslots[j];
		     j = (j + 1) & mask)
			if (strcmp(vl_func_link_name(u->funcs[sm->fslots[j] - 1]),
				   name) == 0)
				break;
		if (!sm->fslots[j])
			sm->fslots[j] = i + 1;
	}
}

const struct vl_fnspec *vl_summary_of(const struct vl_unit *u,
				      const char *name)
{
	uint32_t i;

	if (!u->sums || !name)
		return NULL;
	i = vl_unit_func_index(u, name);
	return i == VL_NONE ? NULL : u->sums->byfunc[i];
}

struct cg {
	uint32_t **succ;
	uint32_t *nsucc;
};

uint32_t vl_callgraph(struct vl_unit *u, uint32_t *order, uint32_t *scc_start)
{
	uint32_t n = u->nfuncs, i, j, nout = 0, nscc = 0, counter = 0, sp = 0;
	uint32_t *index = vl_xcalloc(n + 1, sizeof(*index));
	uint32_t *low = vl_xcalloc(n + 1, sizeof(*low));
	bool *on = vl_xcalloc(n + 1, sizeof(*on));
	uint32_t *stack = vl_xcalloc(n + 1, sizeof(*stack));
	uint32_t *cs_node = vl_xcalloc(n + 1, sizeof(*cs_node));
	uint32_t *cs_edge = vl_xcalloc(n + 1, sizeof(*cs_edge));
	struct cg g;

	index_functions(u);
	/* Direct calls, by name, to functions of this unit (sorted by
	 * name: a stable order whatever the source order). */
	g.succ = vl_xcalloc(n + 1, sizeof(*g.succ));
	g.nsucc = vl_xcalloc(n + 1, sizeof(*g.nsucc));
	for (i = 0; i < n; i++) {
		const struct vl_func *f = u->funcs[i];
		uint32_t cap = 0;

		for (j = 0; j < f->nevents; j++) {
			const struct vl_event *ev = &f->events[j];
			uint32_t t, k;

			if (ev->kind != VL_EV_CALL || !ev->name ||
			    ev->callee != VL_NONE || (ev->flags & VL_EVF_MACRO))
				continue;
			t = vl_unit_func_index(u, ev->link ? ev->link :
							      ev->name);
			/* (A call to a function the spec gives lock effects
			 * applies those, not its summary.) */
			if (t == VL_NONE ||
			    vl_fnspec_is_primitive(vl_spec_function(u->spec,
								   ev->name)))
				continue;
			for (k = 0; k < g.nsucc[i]; k++)
				if (g.succ[i][k] == t)
					break;
			if (k < g.nsucc[i])
				continue;
			VL_PUSH(g.succ[i], g.nsucc[i], cap) = t;
		}
	}
	/* Tarjan, iteratively: SCCs come out callees first. */
	for (i = 0; i < n; i++) {
		uint32_t csp = 0;

		if (index[i])
			continue;
		cs_node[csp] = i;
		cs_edge[csp++] = 0;
		index[i] = low[i] = ++counter;
		stack[sp++] = i;
		on[i] = true;
		while (csp) {
			uint32_t v = cs_node[csp - 1];

			if (cs_edge[csp - 1] < g.nsucc[v]) {
				uint32_t w = g.succ[v][cs_edge[csp - 1]++];

				if (!index[w]) {
					index[w] = low[w] = ++counter;
					stack[sp++] = w;
					on[w] = true;
					cs_node[csp] = w;
					cs_edge[csp++] = 0;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			csp--;
			if (csp && low[v] < low[cs_node[csp - 1]])
				low[cs_node[csp - 1]] = low[v];
			if (low[v] == index[v]) {
				scc_start[nscc] = nout;
				do {
					uint32_t w = stack[--sp];

					on[w] = false;
					u->sums->scc[w] = nscc;
					order[nout++] = w;
				} while (order[nout - 1] != v);
				nscc++;
			}
		}
	}
	scc_start[nscc] = nout;
	free(u->sums->scc_callers);
	u->sums->scc_callers = vl_xcalloc(nscc + 1,
					  sizeof(*u->sums->scc_callers));
	for (i = 0; i < n; i++)
		for (j = 0; j < g.nsucc[i]; j++) {
			uint32_t t = g.succ[i][j];

			if (u->sums->scc[t] != u->sums->scc[i]) {
				u->sums->outside_callers[t]++;
				u->sums->scc_callers[u->sums->scc[t]]++;
			}
		}
	for (i = 0; i < n; i++)
		free(g.succ[i]);
	free(g.succ);
	free(g.nsucc);
	free(index);
	free(low);
	free(on);
	free(stack);
	free(cs_node);
	free(cs_edge);
	return nscc;
}

/* ====================================================================
 * Naming values from the callers' side
 * ==================================================================== */

/* A path under construction: root, steps, prefix. */
struct tpath {
	uint8_t root;
	uint32_t param;
	const char *global;
	char prefix[8];
	const char *steps[8];
	uint8_t ops[8];
	uint32_t nsteps;
};

/*
 * The path from the function's parameters, globals or its result (ret,
 * if not VL_NONE) that names term t, if there is one.
 */
static bool term_tpath(struct vl_actx *ax, uint32_t t, uint32_t ret,
		       struct tpath *p, int depth)
{
	const struct vl_term *x;

	if (depth > 8 || t == VL_NONE)
		return false;
	if (ret != VL_NONE && t == ret) {
		memset(p, 0, sizeof(*p));
		p->root = VL_ROOT_RETURN;
		return true;
	}
	x = vl_term(&ax->terms, t);
	switch (x->kind) {
	case VL_T_PARAM:
		memset(p, 0, sizeof(*p));
		p->root = VL_ROOT_PARAM;
		p->param = x->a;
		return true;
	case VL_T_PURE:
		/* get_current(): the same value in the callers. */
		if (x->nargs)
			return false;
		memset(p, 0, sizeof(*p));
		p->root = VL_ROOT_CALL;
		p->global = x->name;
		return true;
	case VL_T_GLOBAL:
		if (x->name[0] == '<')
			return false;
		memset(p, 0, sizeof(*p));
		p->root = VL_ROOT_GLOBAL;
		p->global = x->name;
		p->prefix[0] = '&';
		return true;
	case VL_T_LOAD: {
		const struct vl_term *a = vl_term(&ax->terms, x->a);

		if (a->kind == VL_T_GLOBAL) {
			if (a->name[0] == '<')
				return false;
			memset(p, 0, sizeof(*p));
			p->root = VL_ROOT_GLOBAL;
			p->global = a->name;
			return true;
		}
		if (a->kind == VL_T_FIELD) {
			const char *name = a->name, *dot;
			uint8_t op = VL_PS_ARROW;

			if (!term_tpath(ax, a->a, ret, p, depth + 1) ||
			    p->prefix[0])
				return false;
			/* "a.b" folds nested members: ->a then .b */
			while (name) {
				char buf[128];
				size_t len;

				dot = strchr(name, '.');
				len = dot ? (size_t)(dot - name) : strlen(name);
				if (p->nsteps >= VL_ARRAY_SIZE(p->steps) ||
				    len >= sizeof(buf))
					return false;
				memcpy(buf, name, len);
				buf[len] = 0;
				p->steps[p->nsteps] = vl_ax_intern(ax, buf);
				p->ops[p->nsteps++] = op;
				op = VL_PS_DOT;
				name = dot ? dot + 1 : NULL;
			}
			return true;
		}
		/* *p */
		if (!term_tpath(ax, x->a, ret, p, depth + 1) ||
		    strlen(p->prefix) + 1 >= sizeof(p->prefix))
			return false;
		memmove(p->prefix + 1, p->prefix, strlen(p->prefix) + 1);
		p->prefix[0] = '*';
		return true;
	}
	case VL_T_FIELD: {
		/* &base->f: the address of a field. */
		uint32_t l = vl_t_load(&ax->terms, t);

		if (!term_tpath(ax, l, ret, p, depth + 1) ||
		    strlen(p->prefix) + 1 >= sizeof(p->prefix))
			return false;
		memmove(p->prefix + 1, p->prefix, strlen(p->prefix) + 1);
		p->prefix[0] = '&';
		return true;
	}
	default:
		return false;
	}
}

static void tpath_to_path(struct vl_actx *ax, const struct tpath *tp,
			  struct vl_path *out)
{
	struct vl_arena *a = &ax->u->sums->arena;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	out->root = tp->root;
	out->param = tp->param;
	out->global = tp->global;
	out->prefix = vl_ax_intern(ax, tp->prefix);
	out->nsteps = tp->nsteps;
	if (tp->nsteps)
		out->steps = vl_arena_alloc(a, sizeof(*out->steps) *
						       tp->nsteps);
	for (i = 0; i < tp->nsteps; i++) {
		out->steps[i].op = tp->ops[i];
		out->steps[i].field = tp->steps[i];
	}
}

static bool term_path(struct vl_actx *ax, uint32_t t, uint32_t ret,
		      struct vl_path *out)
{
	struct tpath tp;

	if (!term_tpath(ax, t, ret, &tp, 0))
		return false;
	if (out)
		tpath_to_path(ax, &tp, out);
	return true;
}

/* The lock at addr of class cls, as the callers name it. */
static bool lock_ref(struct vl_actx *ax, uint32_t addr,
		     const struct vl_class *cls, enum vl_mode mode,
		     uint32_t ret, struct vl_lockref *out)
{
	uint32_t owner;

	if (!cls)
		return false;
	if (out) {
		memset(out, 0, sizeof(*out));
		out->cls = cls;
		out->cls_name = cls->name;
		out->mode = mode;
	}
	if (cls->where == VL_LW_GLOBAL) {
		if (out)
			out->owner.root = VL_ROOT_NONE;
		return true;
	}
	owner = vl_lock_owner(ax, cls, addr);
	if (owner != VL_NONE && term_path(ax, owner, ret,
					  out ? &out->owner : NULL))
		return true;
	/* Any owner will do for classes whose owners unify. */
	if (cls->flags & VL_CF_UNIFY) {
		if (out) {
			memset(&out->owner, 0, sizeof(out->owner));
			out->owner.root = VL_ROOT_WILD;
			out->owner.prefix = "";
		}
		return true;
	}
	return false;
}

static struct vl_req *new_req(struct vl_actx *ax, enum vl_req_kind kind)
{
	struct vl_req *r = vl_arena_alloc(&ax->u->sums->arena, sizeof(*r));

	r->kind = kind;
	return r;
}

static void req_add_sub(struct vl_actx *ax, struct vl_req *r,
			struct vl_req *sub)
{
	struct vl_req **subs = vl_arena_alloc(&ax->u->sums->arena,
					      sizeof(*subs) * (r->nsubs + 1));

	if (r->nsubs)
		memcpy(subs, r->subs, sizeof(*subs) * r->nsubs);
	subs[r->nsubs++] = sub;
	r->subs = subs;
}

/* A mode for a lock requirement: as asked; exclusive classes: any. */
static enum vl_mode req_mode(const struct vl_class *cls, enum vl_mode m)
{
	return cls && !vl_class_has_modes(cls) ? VL_MODE_ANY : m;
}

/*
 * What of r is still missing in s, named from the callers' side.  Returns
 * NULL with *ok true if r holds, NULL with *ok false if some missing part
 * cannot be named there (make is false: only the test).  Entry locks are
 * noted in *locks.
 */
struct lockset {
	struct vl_lockinst v[16];
	uint32_t n;
};

/* A lock this path released before needing it again. */
static bool dropped_here(const struct vl_state *s,
			 const struct vl_lockinst *inst)
{
	uint32_t i;

	for (i = 0; i < s->ndropped; i++)
		if (s->dropped[i].addr == inst->addr && !s->dropped[i].unseen)
			return true;
	return false;
}

/* A lock this function took itself and holds (maybe, or too weakly). */
static bool held_here(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_lockinst *inst)
{
	uint32_t i;

	(void)ax;
	for (i = 0; i < s->nheld; i++) {
		const struct vl_held *h = &s->held[i];

		if (h->addr == inst->addr &&
		    !(h->flags & (VL_HF_ASSUMED | VL_HF_ENTRY)) &&
		    !vl_state_has_entry(s, h->addr))
			return true;
	}
	return false;
}

/* A path from the parameters to t (not through a global or the
 * result), into *out if out. */
static bool param_path(struct vl_actx *ax, uint32_t t, struct vl_path *out)
{
	struct vl_path p;

	return term_path(ax, t, VL_NONE, &p) && p.root == VL_ROOT_PARAM &&
	       (!out || (*out = p, true));
}

/*
 * Lock ref (the callers' side), missing in s, as the callers'
 * requirement: that lock, or, for each lock of no known class s holds
 * that the callers pass in (spin_lock(ptl) on a spinlock_t *ptl
 * parameter), that lock being the one needed.  The callers know what
 * they passed.
 */
static struct vl_req *lock_or_passed(struct vl_actx *ax,
				     const struct vl_state *s,
				     const struct vl_lockref *ref)
{
	struct vl_req *out = new_req(ax, VL_REQ_LOCK), *alt;
	uint32_t i;

	out->lock = *ref;
	for (i = 0; ref->cls && i < s->nheld; i++) {
		const struct vl_held *h = &s->held[i];
		struct vl_path p;

		if (h->cls != VL_NOCLASS || !vl_held_certain(h) ||
		    (h->flags & (VL_HF_ASSUMED | VL_HF_ENTRY)) ||
		    (ref->mode == VL_MODE_WRITE &&
		     h->mode != VL_MODE_WRITE) ||
		    !param_path(ax, h->addr, &p))
			continue;
		if (out->kind == VL_REQ_LOCK) {
			alt = out;
			out = new_req(ax, VL_REQ_OR);
			req_add_sub(ax, out, alt);
		}
		alt = new_req(ax, VL_REQ_CLASS);
		alt->lock = *ref;
		alt->use_args = vl_arena_alloc(&ax->u->sums->arena,
					       sizeof(*alt->use_args));
		alt->use_args[0] = p;
		alt->nuse_args = 1;
		req_add_sub(ax, out, alt);
	}
	return out;
}

static struct vl_req *residual(struct vl_actx *ax, const struct vl_state *s,
			       const struct vl_req *r, const struct vl_bind *b,
			       bool make, bool *ok, struct lockset *locks)
{
	struct vl_req *out = NULL, *sub;
	uint32_t i, kept = 0;
	bool sel[16], sub_ok;

	*ok = true;
	if (vl_req_holds(ax, s, r, b, NULL))
		return NULL;
	switch (r->kind) {
	case VL_REQ_LOCK: {
		struct vl_lockinst inst;
		struct vl_lockref ref;

		if (r->lock.owner.root == VL_ROOT_WILD) {
			if (!r->lock.cls) {
				*ok = false;
				return NULL;
			}
			ref = r->lock;
		} else {
			inst = vl_resolve_lock(ax, s, &r->lock, b);
			/* A lock this function holds itself (in a weaker
			 * mode) or released on this path: the callers
			 * holding it would not help. */
			if (inst.valid && !ax->defer_cond_only &&
			    (held_here(ax, s, &inst) ||
			     dropped_here(s, &inst))) {
				ax->defer_held_here = true;
				*ok = false;
				return NULL;
			}
			if (!inst.valid || !inst.cls ||
			    !lock_ref(ax, inst.addr, inst.cls,
				      req_mode(inst.cls, r->lock.mode),
				      VL_NONE, make ? &ref : NULL)) {
				*ok = false;
				return NULL;
			}
			if (locks && locks->n < VL_ARRAY_SIZE(locks->v)) {
				inst.mode = r->lock.mode;
				locks->v[locks->n++] = inst;
			}
		}
		if (!make)
			return NULL;
		return lock_or_passed(ax, s, &ref);
	}
	case VL_REQ_CLASS: {
		uint32_t t = vl_eval_path(ax, s, &r->use_args[0], b), owner;
		struct vl_path p;

		/* Still unknown here: the callers may know. */
		if (t == VL_NONE || vl_class_of_addr(ax, s, t, &owner) ||
		    !param_path(ax, t, make ? &p : NULL)) {
			*ok = false;
			return NULL;
		}
		if (!make)
			return NULL;
		out = new_req(ax, VL_REQ_CLASS);
		out->lock = r->lock;
		out->use_args = vl_arena_alloc(&ax->u->sums->arena,
					       sizeof(*out->use_args));
		out->use_args[0] = p;
		out->nuse_args = 1;
		return out;
	}
	case VL_REQ_PRIVATE: {
		uint32_t t = vl_eval_path(ax, s, &r->use_args[0], b);
		struct vl_path p;

		if (t == VL_NONE || !term_path(ax, t, VL_NONE,
					       make ? &p : NULL)) {
			*ok = false;
			return NULL;
		}
		if (!make)
			return NULL;
		out = new_req(ax, VL_REQ_PRIVATE);
		out->use_args = vl_arena_alloc(&ax->u->sums->arena,
					       sizeof(*out->use_args));
		out->use_args[0] = p;
		out->nuse_args = 1;
		return out;
	}
	case VL_REQ_AND:
		if (make)
			out = new_req(ax, VL_REQ_AND);
		for (i = 0; i < r->nsubs; i++) {
			sub = residual(ax, s, r->subs[i], b, make, &sub_ok,
				       locks);
			if (!sub_ok) {
				*ok = false;
				return NULL;
			}
			if (sub && make) {
				req_add_sub(ax, out, sub);
				kept++;
			}
		}
		return make && kept == 1 ? out->subs[0] : out;
	case VL_REQ_OR: {
		struct lockset first;
		bool any = false;

		/* Alternatives the callers cannot name are dropped; the
		 * entry locks are those of the first one kept.  A new
		 * object alone does not make it pass: where no lock can
		 * go to the callers, the exemption is not asked of them. */
		first.n = 0;
		if (make)
			out = new_req(ax, VL_REQ_OR);
		for (i = 0; i < r->nsubs; i++) {
			struct lockset mine;

			mine.n = 0;
			sub = residual(ax, s, r->subs[i], b, make, &sub_ok,
				       &mine);
			if (!sub_ok)
				continue;
			if (!any && r->subs[i]->kind != VL_REQ_PRIVATE)
				first = mine;
			any |= r->subs[i]->kind != VL_REQ_PRIVATE;
			if (sub && make) {
				req_add_sub(ax, out, sub);
				kept++;
			}
		}
		if (!any) {
			*ok = false;
			return NULL;
		}
		for (i = 0; locks && i < first.n &&
			    locks->n < VL_ARRAY_SIZE(locks->v); i++)
			locks->v[locks->n++] = first.v[i];
		return make && kept == 1 ? out->subs[0] : out;
	}
	case VL_REQ_EACH: {
		enum vl_each_mode m = vl_each_select(ax, s, r, b, sel);
		struct vl_req all;

		if (m == VL_EACH_TRIVIAL)
			return NULL;
		/* As an AND or an OR of the selected locks. */
		memset(&all, 0, sizeof(all));
		all.kind = m == VL_EACH_ALL ? VL_REQ_AND : VL_REQ_OR;
		all.subs = vl_xcalloc(r->nsubs + 1, sizeof(*all.subs));
		for (i = 0; i < r->nsubs && i < 16; i++)
			if (sel[i])
				all.subs[all.nsubs++] = r->subs[i];
		out = residual(ax, s, &all, b, make, ok, locks);
		free(all.subs);
		return out;
	}
	default:
		return NULL;
	}
}

/* ---- conditions ---- */

/* A condition's text, and the text of its negation (for matching). */
static void cond_key(const struct vl_argcond *c, struct vl_buf *b, bool neg)
{
	bool n = c->negate != neg;

	vl_buf_puts(b, n ? "!(" : "(");
	vl_path_format(&c->path, NULL, b);
	if (c->cmp) {
		vl_buf_puts(b, c->cmp == '!' ? " != " : " == ");
		if (c->rhs_is_path)
			vl_path_format(&c->rhs, NULL, b);
		else
			vl_buf_printf(b, "%lld", (long long)c->k);
	} else if (c->has_mask) {
		vl_buf_printf(b, " & %#llx", (unsigned long long)c->mask);
	}
	vl_buf_puts(b, ")");
}

/* The conditions on arguments the facts of s state (at most max). */
static uint32_t mask_source(struct vl_actx *ax, uint32_t t, uint64_t mask);

static uint32_t state_conds(struct vl_actx *ax, const struct vl_state *s,
			    struct vl_argcond *out, uint32_t max)
{
	uint32_t i, n = 0;

	for (i = 0; i < s->nfacts && n < max; i++) {
		const struct vl_fact *f = &s->facts[i];
		struct vl_path p;
		uint64_t bits;
		int bit;

		if (vl_term(&ax->terms, f->term)->kind == VL_T_CONST)
			continue;
		if (!term_path(ax, f->term, VL_NONE, &p))
			continue;
		/* One value (a switch case): "walk_lock == 2". */
		if (f->lo == f->hi && f->lo != 0) {
			memset(&out[n], 0, sizeof(out[n]));
			out[n].present = true;
			out[n].path = p;
			out[n].cmp = '=';
			out[n++].k = f->lo;
			continue;
		}
		if (vl_fact_decide(f, VL_P_NE, 0) == VL_TRUE &&
		    !f->set && n < max) {
			memset(&out[n], 0, sizeof(out[n]));
			out[n].present = true;
			out[n++].path = p;
		} else if (vl_fact_decide(f, VL_P_EQ, 0) == VL_TRUE && n < max) {
			memset(&out[n], 0, sizeof(out[n]));
			out[n].present = true;
			out[n].negate = true;
			out[n++].path = p;
			continue;
		}
		for (bits = f->set, bit = 0; bits && n < max; bit++) {
			if (!(bits & (1ull << bit)))
				continue;
			bits &= ~(1ull << bit);
			memset(&out[n], 0, sizeof(out[n]));
			out[n].present = true;
			out[n].path = p;
			out[n].has_mask = true;
			out[n++].mask = (int64_t)(1ull << bit);
		}
		for (bits = f->clear, bit = 0; bits && n < max && bit < 64;
		     bit++) {
			if (!(bits & (1ull << bit)))
				continue;
			bits &= ~(1ull << bit);
			memset(&out[n], 0, sizeof(out[n]));
			out[n].present = true;
			out[n].negate = true;
			out[n].path = p;
			out[n].has_mask = true;
			out[n++].mask = (int64_t)(1ull << bit);
		}
	}
	return n;
}

/* Are t and u surely different objects (two globals' addresses)? */
static bool distinct_objects(struct vl_actx *ax, uint32_t t, uint32_t u)
{
	const struct vl_term *x = vl_term(&ax->terms, t);
	const struct vl_term *y = vl_term(&ax->terms, u);

	return x->kind == VL_T_GLOBAL && y->kind == VL_T_GLOBAL &&
	       x->name != y->name;
}

/*
 * Decide a condition on arguments in s (as guard_holds() does for spec
 * effects, except that two values not known to be the same or different
 * objects are undecided).  *term: the value of its path.
 */
static enum vl_tri cond_decide(struct vl_actx *ax, const struct vl_state *s,
			       const struct vl_argcond *c,
			       const struct vl_bind *b, uint32_t *term)
{
	uint32_t t = vl_eval_path(ax, s, &c->path, b);
	enum vl_tri r;

	*term = t;
	if (t == VL_NONE)
		return VL_MAYBE;
	if (c->cmp && c->rhs_is_path) {
		uint32_t u = vl_eval_path(ax, s, &c->rhs, b);

		if (u == VL_NONE)
			return VL_MAYBE;
		r = t == u ? VL_TRUE :
		    distinct_objects(ax, t, u) ? VL_FALSE : VL_MAYBE;
	} else if (c->cmp) {
		r = vl_state_decide(s, &ax->terms, t, VL_P_EQ, c->k);
	} else if (c->has_mask) {
		r = vl_state_decide(s, &ax->terms, t, VL_P_BITS_ANY, c->mask);
	} else {
		r = vl_state_decide(s, &ax->terms, t, VL_P_NE, 0);
	}
	if (c->cmp == '!' && r != VL_MAYBE)
		r = r == VL_TRUE ? VL_FALSE : VL_TRUE;
	if (c->negate && r != VL_MAYBE)
		r = r == VL_TRUE ? VL_FALSE : VL_TRUE;
	return r;
}

int vl_sum_conds(struct vl_actx *ax, const struct vl_state *s,
		 const struct vl_effect *e, const struct vl_bind *b,
		 bool *passable)
{
	enum vl_tri all = VL_TRUE;
	uint32_t i;

	*passable = true;
	for (i = 0; i < e->nconds; i++) {
		uint32_t t;
		enum vl_tri r = cond_decide(ax, s, &e->conds[i], b, &t);

		if (r == VL_FALSE)
			return VL_FALSE;
		if (r == VL_MAYBE) {
			all = VL_MAYBE;
			if (t == VL_NONE || !term_path(ax, t, VL_NONE, NULL))
				*passable = false;
		}
	}
	return all;
}

bool vl_sum_open_test(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_effect *e, const struct vl_bind *b,
		      uint32_t lock, uint32_t *term, uint8_t *pred,
		      int64_t *k)
{
	uint32_t i, n = 0;

	for (i = 0; i < e->nconds; i++) {
		const struct vl_argcond *c = &e->conds[i];
		enum vl_tri r;
		uint32_t t;

		r = cond_decide(ax, s, c, b, &t);
		if (r == VL_FALSE)
			return false;
		if (r == VL_TRUE)
			continue;
		if (t == VL_NONE || c->cmp || c->nset)
			return false;
		/* (Locking an object only if it exists is locking it.) */
		if (!c->has_mask && !c->negate && lock != VL_NONE &&
		    t != lock && vl_term_contains(&ax->terms, lock, t))
			continue;
		if (n++)
			return false;
		*term = t;
		if (c->has_mask) {
			*pred = c->negate ? VL_P_BITS_NONE : VL_P_BITS_ANY;
			*k = c->mask;
		} else {
			*pred = c->negate ? VL_P_EQ : VL_P_NE;
			*k = 0;
		}
	}
	return n == 1;
}

bool vl_sum_conds_existence(struct vl_actx *ax, const struct vl_state *s,
			    const struct vl_effect *e,
			    const struct vl_bind *b, uint32_t lock)
{
	uint32_t i;

	for (i = 0; i < e->nconds; i++) {
		const struct vl_argcond *c = &e->conds[i];
		uint32_t t;

		if (cond_decide(ax, s, c, b, &t) != VL_MAYBE)
			continue;
		if (c->cmp || c->has_mask || c->negate || t == VL_NONE ||
		    t == lock || !vl_term_contains(&ax->terms, lock, t))
			return false;
	}
	return true;
}

/* ====================================================================
 * Building a summary
 * ==================================================================== */

struct sb_req {
	struct vl_req *req;
	struct vl_argcond conds[MAX_CONDS];
	uint32_t nconds;
	uint32_t node;
	char *key;
};

struct sb_obs_lock {
	uint32_t lock;		/* index into sb->locks */
	bool held;		/* held at return (else: released) */
	struct vl_retcond when;	/* a try-lock returned with its result */
};

struct sb_obs {
	struct sb_obs_lock *locks;
	uint32_t nlocks, caplocks;
	enum vl_tri ret_zero, ret_neg;	/* result == 0, result < 0 */
	uint64_t ret_clear;		/* bits of the result known clear */
	bool ret_known;			/* ret_fact: what the path knows of
					 * the result */
	struct vl_fact ret_fact;
	uint8_t out[MAX_OUT_PARAMS];	/* enum vl_outval of *param k */
	char **ckeys;		/* conditions of the path */
	struct vl_argcond *conds;
	uint32_t nconds;
};

#define MAX_REL_CONDS 32

struct sb_lock {
	struct vl_lockref ref;
	char *key;
	bool entry;		/* required from the callers */
	uint32_t addr;		/* the lock, as this function's term */
	/* Of the callers' lock: the conditions every release of it here
	 * shares (rel_seen: one was noted). */
	bool rel_seen;
	struct vl_argcond rel[MAX_REL_CONDS];
	uint32_t nrel;
};

struct vl_sumbuild {
	struct sb_req *reqs;
	uint32_t nreqs, capreqs;
	struct vl_effect *takes;
	char **take_keys;
	uint32_t ntakes, captakes, captake_keys;
	struct sb_obs *obs;
	uint32_t nobs, capobs;
	struct sb_lock *locks;
	uint32_t nlocks, caplocks;
	struct { uint32_t addr, node; } *leaks;
	uint32_t nleaks, capleaks;
	bool overflow;
	bool obs_lost;		/* a return state not observed (MAX_OBS) */
	/* Stores through parameters (bit k), and the fields of *param
	 * every returning state agrees on (cells_seen: one was looked
	 * at). */
	uint32_t mods;
	/* Of mods, those stored through anywhere; the others only into
	 * these first-level fields. */
	uint32_t wide;
	struct { uint32_t param; const char *field; } mfields[MAX_MOD_FIELDS];
	uint32_t nmfields;
	/* The bits of *param k the stores through it may change (all: a
	 * store of something other than |= or &= a constant). */
	uint64_t changed[MAX_OUT_PARAMS];
	/* The same for every location the function stores to (wbits[i]
	 * for waddr[i]), for naming what it had before the first store. */
	uint32_t *waddr;
	uint64_t *wbits;
	uint32_t nw, capw, capwb;
	struct { uint32_t addr, val; } *cells;
	uint32_t ncells, capcells;
	bool cells_seen;
};

struct vl_sumbuild *vl_sumbuild_new(void)
{
	return vl_xcalloc(1, sizeof(struct vl_sumbuild));
}

void vl_sumbuild_free(struct vl_sumbuild *sb)
{
	uint32_t i, j;

	if (!sb)
		return;
	for (i = 0; i < sb->nreqs; i++)
		free(sb->reqs[i].key);
	free(sb->reqs);
	free(sb->cells);
	free(sb->waddr);
	free(sb->wbits);
	for (i = 0; i < sb->ntakes; i++)
		free(sb->take_keys[i]);
	free(sb->takes);
	free(sb->take_keys);
	for (i = 0; i < sb->nobs; i++) {
		for (j = 0; j < sb->obs[i].nconds; j++)
			free(sb->obs[i].ckeys[j]);
		free(sb->obs[i].ckeys);
		free(sb->obs[i].conds);
		free(sb->obs[i].locks);
	}
	free(sb->obs);
	for (i = 0; i < sb->nlocks; i++)
		free(sb->locks[i].key);
	free(sb->locks);
	free(sb->leaks);
	free(sb);
}

static char *ref_key(const struct vl_lockref *r)
{
	struct vl_buf b;

	vl_buf_init(&b);
	vl_buf_printf(&b, "%s(", r->cls ? r->cls->name : "lock");
	vl_path_format(&r->owner, NULL, &b);
	vl_buf_puts(&b, ")");
	return vl_buf_steal(&b);
}

static uint32_t sb_lock(struct vl_sumbuild *sb, const struct vl_lockref *r)
{
	char *key = ref_key(r);
	uint32_t i;
	struct sb_lock *l;

	for (i = 0; i < sb->nlocks; i++)
		if (strcmp(sb->locks[i].key, key) == 0) {
			free(key);
			return i;
		}
	l = &VL_PUSH(sb->locks, sb->nlocks, sb->caplocks);
	memset(l, 0, sizeof(*l));
	l->ref = *r;
	l->key = key;
	return sb->nlocks - 1;
}

bool vl_sum_can_defer(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_req *r, const struct vl_bind *b,
		      bool *held_here)
{
	bool ok;

	*held_here = false;
	if (!ax->u->sums || !ax->sb)
		return false;
	ax->defer_held_here = false;
	residual(ax, s, r, b, false, &ok, NULL);
	*held_here = !ok && ax->defer_held_here;
	return ok;
}

static uint32_t pass_conds(struct vl_actx *ax, const struct vl_state *s,
			   const struct vl_effect *via, const struct vl_bind *b,
			   struct vl_argcond *out, uint32_t max);

bool vl_sum_defer_req(struct vl_actx *ax, struct vl_state *s,
		      const struct vl_req *r, const struct vl_bind *b,
		      uint32_t node, bool record, const struct vl_effect *via)
{
	struct vl_sumbuild *sb = ax->sb;
	struct lockset locks;
	struct vl_req *res;
	struct sb_req x;
	struct vl_buf key;
	uint32_t i;
	bool ok;

	if (!ax->u->sums || !sb)
		return false;
	locks.n = 0;
	residual(ax, s, r, b, false, &ok, &locks);
	if (!ok)
		return false;
	for (i = 0; i < locks.n && !ax->defer_cond_only; i++) {
		const struct vl_lockinst *l = &locks.v[i];

		vl_state_add_entry(s, l->addr, (uint16_t)l->cls->id,
				   (uint8_t)(l->mode == VL_MODE_WRITE ||
							 !vl_class_has_modes(l->cls) ?
						 VL_MODE_WRITE :
						 l->mode == VL_MODE_READ ?
						 VL_MODE_READ :
						 VL_MODE_ANY));
	}
	if (!record)
		return true;
	res = residual(ax, s, r, b, true, &ok, NULL);
	if (!res)
		return true;
	memset(&x, 0, sizeof(x));
	x.req = res;
	x.node = node;
	x.nconds = pass_conds(ax, s, via, b, x.conds, MAX_CONDS);
	vl_buf_init(&key);
	vl_buf_printf(&key, "%u:", node);
	vl_req_format(res, NULL, &key);
	for (i = 0; i < x.nconds; i++)
		cond_key(&x.conds[i], &key, false);
	for (i = 0; i < sb->nreqs; i++)
		if (strcmp(sb->reqs[i].key, vl_buf_cstr(&key)) == 0) {
			vl_buf_free(&key);
			return true;
		}
	if (sb->nreqs >= MAX_REQS) {
		sb->overflow = true;
		vl_buf_free(&key);
		return true;
	}
	x.key = vl_buf_steal(&key);
	VL_PUSH(sb->reqs, sb->nreqs, sb->capreqs) = x;
	return true;
}

bool vl_sum_can_pass_lock(struct vl_actx *ax, const struct vl_state *s,
			  uint32_t addr, const struct vl_class *cls)
{
	if (!ax->u->sums || !ax->sb || !cls)
		return false;
	return lock_ref(ax, addr, cls, VL_MODE_ANY, s->ret, NULL);
}

/* The value a truth test reads: x for (x != 0), and x with the sense
 * flipped for (x == 0) (vms_complete_munmap_vmas() passes
 * "!vms->unlock" to vms_clear_ptes()). */
static uint32_t truth_source(struct vl_actx *ax, uint32_t t, bool *flip)
{
	for (;;) {
		const struct vl_term *x = vl_term(&ax->terms, t);

		if (x->kind != VL_T_TEST || x->k != 0 ||
		    (x->pred != VL_P_EQ && x->pred != VL_P_NE))
			return t;
		if (x->pred == VL_P_EQ)
			*flip = !*flip;
		t = x->a;
	}
}

/* The conditions of via that s does not decide, named from the callers'
 * side, then those of s itself: at most max. */
static uint32_t via_conds(struct vl_actx *ax, const struct vl_state *s,
			  const struct vl_effect *via, const struct vl_bind *b,
			  struct vl_argcond *out, uint32_t max);

static uint32_t pass_conds(struct vl_actx *ax, const struct vl_state *s,
			   const struct vl_effect *via, const struct vl_bind *b,
			   struct vl_argcond *out, uint32_t max)
{
	uint32_t n = via_conds(ax, s, via, b, out, max);

	return n + state_conds(ax, s, out + n, max - n);
}

bool vl_sum_open_cond(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_effect *via, const struct vl_bind *b)
{
	struct vl_argcond tmp[MAX_CONDS];

	return via && via->nconds && via_conds(ax, s, via, b, tmp, MAX_CONDS);
}

/* The conditions of via, a callee's effect, that s leaves open, as the
 * callers' conditions. */
static uint32_t via_conds(struct vl_actx *ax, const struct vl_state *s,
			  const struct vl_effect *via, const struct vl_bind *b,
			  struct vl_argcond *out, uint32_t max)
{
	uint32_t i, n = 0, nc = via ? via->nconds : 0;

	/* A summary's conditions, or a spec effect's guard ("unless mm ==
	 * &init_mm"), that s leaves open, for the callers to decide. */
	for (i = 0; via && i <= nc && n < max; i++) {
		const struct vl_argcond *c = i < nc ? &via->conds[i] :
				       via->guard.present ? &via->guard :
							    NULL;
		uint32_t t, u;

		bool flip = false;

		if (!c || cond_decide(ax, s, c, b, &t) != VL_MAYBE ||
		    t == VL_NONE)
			continue;
		if (!c->has_mask && !c->cmp && !c->nset)
			t = truth_source(ax, t, &flip);
		if (c->has_mask)
			t = mask_source(ax, t, (uint64_t)c->mask);
		out[n] = *c;
		out[n].negate ^= flip;
		if (!term_path(ax, t, VL_NONE, &out[n].path))
			continue;
		if (c->cmp && c->rhs_is_path) {
			u = vl_eval_path(ax, s, &c->rhs, b);
			if (u == VL_NONE ||
			    !term_path(ax, u, VL_NONE, &out[n].rhs))
				continue;
		}
		n++;
	}
	return n;
}

/* Keep, of the conditions l's releases share, those c has too. */
static void rel_intersect(struct sb_lock *l, const struct vl_argcond *c,
			  uint32_t n)
{
	uint32_t i, j, keep = 0;

	if (!l->rel_seen) {
		l->rel_seen = true;
		l->nrel = n;
		memcpy(l->rel, c, sizeof(*c) * n);
		return;
	}
	for (i = 0; i < l->nrel; i++) {
		struct vl_buf a;
		bool found = false;

		vl_buf_init(&a);
		cond_key(&l->rel[i], &a, false);
		for (j = 0; j < n && !found; j++) {
			struct vl_buf b;

			vl_buf_init(&b);
			cond_key(&c[j], &b, false);
			found = strcmp(vl_buf_cstr(&a), vl_buf_cstr(&b)) == 0;
			vl_buf_free(&b);
		}
		vl_buf_free(&a);
		if (found)
			l->rel[keep++] = l->rel[i];
	}
	l->nrel = keep;
}

/* The class of a lock the callers hold (NULL: not known). */
static const struct vl_class *entry_class(const struct vl_actx *ax,
					  const struct vl_entrylock *e)
{
	return e->cls < ax->spec->nclasses ? ax->spec->classes[e->cls] : NULL;
}

/* Is the lock at addr, of class id cls_id, the callers' lock e (of
 * class cls)?  For a class whose owners unify, a lock of the class under
 * another name is that lock: vma_modify() needs mmap(vma->vm_mm) and
 * finds mmap(mm) held. */
static bool is_entry_lock(const struct vl_entrylock *e,
			  const struct vl_class *cls, uint32_t addr,
			  uint16_t cls_id)
{
	return addr == e->addr ||
	       ((cls->flags & VL_CF_UNIFY) && cls_id == e->cls);
}

void vl_sum_note_release(struct vl_actx *ax, const struct vl_state *s,
			 const struct vl_lockinst *inst,
			 const struct vl_class *cls_all,
			 const struct vl_effect *via, const struct vl_bind *b)
{
	struct vl_sumbuild *sb = ax->sb;
	struct vl_argcond conds[MAX_REL_CONDS];
	uint32_t i, li, n = 0;
	bool named = false;

	if (!sb)
		return;
	for (i = 0; i < s->nentry; i++) {
		const struct vl_entrylock *en = &s->entry[i];
		const struct vl_class *cls = entry_class(ax, en);
		struct vl_lockref ref;
		bool match;

		if (!cls)
			continue;
		match = cls_all ? cls == cls_all :
			inst->valid &&
				is_entry_lock(en, cls, inst->addr,
					      inst->cls ?
						      (uint16_t)inst->cls->id :
						      VL_NOCLASS);
		if (!match ||
		    !lock_ref(ax, en->addr, cls, VL_MODE_ANY, VL_NONE, &ref))
			continue;
		if (!named) {
			n = via_conds(ax, s, via, b, conds, MAX_REL_CONDS);
			n += state_conds(ax, s, conds + n, MAX_REL_CONDS - n);
			named = true;
		}
		li = sb_lock(sb, &ref); /* (may move sb->locks) */
		rel_intersect(&sb->locks[li], conds, n);
	}
}

void vl_sum_note_take(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_lockinst *inst, enum vl_mode mode,
		      uint32_t loc, const char *via_fn, uint32_t via_loc,
		      const struct vl_effect *via, const struct vl_bind *b)
{
	struct vl_sumbuild *sb = ax->sb;
	struct vl_argcond conds[MAX_CONDS];
	struct vl_effect e;
	struct vl_buf key;
	uint32_t i;
	bool released_first = false;

	if (!sb || !inst->valid || !inst->cls ||
	    !vl_class_balanced(inst->cls))
		return;
	memset(&e, 0, sizeof(e));
	e.kind = VL_EFF_ACQUIRE;
	e.check_only = true;
	if (!lock_ref(ax, inst->addr, inst->cls, mode, VL_NONE, &e.lock))
		return;
	/* (A callee's take after it released the lock itself stays one:
	 * collapse_huge_page() under hpage_collapse_scan_pmd().) */
	released_first = via && via->check_only && via->released_first;
	for (i = 0; i < s->ndropped; i++)
		released_first |= s->dropped[i].cls == inst->cls->id;
	e.released_first = released_first;
	e.via_fn = via_fn ? via_fn : ax->f->name;
	e.via_loc = via_fn ? via_loc : loc;
	e.nconds = pass_conds(ax, s, via, b, conds, MAX_CONDS);
	vl_buf_init(&key);
	vl_req_format(&(struct vl_req){ .kind = VL_REQ_LOCK, .lock = e.lock },
		      NULL, &key);
	vl_buf_printf(&key, "%d", released_first);
	for (i = 0; i < e.nconds; i++)
		cond_key(&conds[i], &key, false);
	for (i = 0; i < sb->ntakes; i++)
		if (strcmp(sb->take_keys[i], vl_buf_cstr(&key)) == 0) {
			vl_buf_free(&key);
			return;
		}
	if (sb->ntakes >= MAX_TAKES) {
		vl_buf_free(&key);
		return;
	}
	if (e.nconds) {
		e.conds = vl_arena_alloc(&ax->u->sums->arena,
					 sizeof(*e.conds) * e.nconds);
		memcpy(e.conds, conds, sizeof(*e.conds) * e.nconds);
	}
	VL_RESERVE(sb->take_keys, sb->ntakes, sb->captake_keys,
		   sb->ntakes + 1);
	sb->take_keys[sb->ntakes] = vl_buf_steal(&key);
	VL_PUSH(sb->takes, sb->ntakes, sb->captakes) = e;
}

void vl_sum_note_leak(struct vl_actx *ax, uint32_t addr, uint32_t node)
{
	struct vl_sumbuild *sb = ax->sb;

	if (!sb)
		return;
	VL_PUSH(sb->leaks, sb->nleaks, sb->capleaks).addr = addr;
	sb->leaks[sb->nleaks - 1].node = node;
}

static uint32_t leak_node(const struct vl_sumbuild *sb, uint32_t addr)
{
	uint32_t i;

	for (i = 0; i < sb->nleaks; i++)
		if (sb->leaks[i].addr == addr)
			return sb->leaks[i].node;
	return 0;
}

static void obs_add(struct sb_obs *o, uint32_t lock, bool held,
		    const struct vl_retcond *when)
{
	struct sb_obs_lock *l = &VL_PUSH(o->locks, o->nlocks, o->caplocks);

	l->lock = lock;
	l->held = held;
	memset(&l->when, 0, sizeof(l->when));
	if (when)
		l->when = *when;
}

/* What the path leaves in *param k. */
static uint8_t out_value(struct vl_actx *ax, const struct vl_state *s,
			 uint32_t k)
{
	uint32_t p = vl_t_param(&ax->terms, k);
	uint32_t m = vl_state_mem(s, p);

	if (m == VL_NONE)
		return VL_OUT_SAME;
	switch (vl_state_decide(s, &ax->terms, m, VL_P_EQ, 0)) {
	case VL_TRUE:
		return VL_OUT_ZERO;
	case VL_FALSE:
		return VL_OUT_NONZERO;
	default:
		return m == vl_t_load(&ax->terms, p) ? VL_OUT_SAME :
						       VL_OUT_UNKNOWN;
	}
}

/*
 * Relations between the result and *param k that every return path
 * shows: the result is negative (zero) exactly where *locked is left 0.
 */
static uint32_t out_relations(struct vl_actx *ax, struct vl_outrel *out,
			      uint32_t max)
{
	struct vl_sumbuild *sb = ax->sb;
	/* (In the order find_condition() tries the result, so that the
	 * facts these give decide the conditions of its effects.) */
	struct vl_retcond tried[2] = { { true, VL_P_EQ, 0 },
				       { true, VL_P_LT, 0 } };
	uint32_t k, j, i, n = 0;

	for (k = 0; k < MAX_OUT_PARAMS && k < ax->f->nparams && n < max; k++) {
		for (j = 0; j < VL_ARRAY_SIZE(tried); j++) {
			uint8_t c[2] = { VL_OUT_UNKNOWN, VL_OUT_UNKNOWN };
			bool good = sb->nobs > 1;

			for (i = 0; i < sb->nobs && good; i++) {
				const struct sb_obs *o = &sb->obs[i];
				enum vl_tri t = j == 0 ? o->ret_zero :
							 o->ret_neg;
				uint8_t *want;

				if (t == VL_MAYBE ||
				    o->out[k] == VL_OUT_UNKNOWN) {
					good = false;
					break;
				}
				want = &c[t == VL_TRUE ? 0 : 1];
				if (*want == VL_OUT_UNKNOWN)
					*want = o->out[k];
				good = *want == o->out[k];
			}
			if (!good || c[0] == c[1] || c[0] == VL_OUT_UNKNOWN ||
			    c[1] == VL_OUT_UNKNOWN)
				continue;
			out[n].param = k;
			out[n].when = tried[j];
			out[n].c_true = c[0];
			out[n++].c_false = c[1];
			break;
		}
	}
	return n;
}

/* The parameter whose pointed-to object addr lies in (k of &param_k->f
 * or param_k itself), or -1; *field: the first-level field (f), NULL
 * for param_k itself. */
static int param_base(struct vl_actx *ax, uint32_t addr, const char **field)
{
	const struct vl_term *t = vl_term(&ax->terms, addr);

	*field = NULL;
	while (t->kind == VL_T_FIELD) {
		*field = t->name;
		t = vl_term(&ax->terms, t->a);
	}
	return t->kind == VL_T_PARAM ? (int)t->a : -1;
}

static uint32_t param_bit(uint32_t k)
{
	return 1u << (k < 31 ? k : 31);
}

/* A store through parameter k, into its field (NULL: anywhere). */
static void note_mod(struct vl_sumbuild *sb, uint32_t k, const char *field)
{
	uint32_t i;

	sb->mods |= param_bit(k);
	if (k < MAX_OUT_PARAMS)
		sb->changed[k] = ~0ull;
	if (!field || k >= 31) {
		sb->wide |= param_bit(k);
		return;
	}
	for (i = 0; i < sb->nmfields; i++)
		if (sb->mfields[i].param == k &&
		    strcmp(sb->mfields[i].field, field) == 0)
			return;
	if (sb->nmfields == MAX_MOD_FIELDS) {
		sb->wide |= param_bit(k);
		return;
	}
	sb->mfields[sb->nmfields].param = k;
	sb->mfields[sb->nmfields++].field = field;
}

/* The bits of v that may differ from old: v is old with bits set or
 * cleared by constants (old | 0x8, (old & ~0x400) | 0x2), else all. */
static uint64_t changed_bits(struct vl_actx *ax, uint32_t v, uint32_t old)
{
	uint64_t m = 0;

	for (;;) {
		const struct vl_term *t = vl_term(&ax->terms, v);

		/* (After the first store, the old value is OLD(*addr).) */
		if (v == old || (t->kind == VL_T_OLD && t->a == old))
			return m;
		if (t->kind == VL_T_BITAND)
			m |= ~(uint64_t)t->k;
		else if (t->kind == VL_T_BITOR)
			m |= (uint64_t)t->k;
		else
			return ~0ull;
		v = t->a;
	}
}

static void note_wbits(struct vl_sumbuild *sb, uint32_t addr, uint64_t m)
{
	uint32_t i;

	for (i = 0; i < sb->nw; i++)
		if (sb->waddr[i] == addr) {
			sb->wbits[i] |= m;
			return;
		}
	VL_RESERVE(sb->wbits, sb->nw, sb->capwb, sb->nw + 1);
	VL_PUSH(sb->waddr, sb->nw, sb->capw) = addr;
	sb->wbits[sb->nw - 1] = m;
}

/* The bits the function's own stores to addr may have changed (none if
 * it stores nothing there). */
static uint64_t stored_bits(const struct vl_sumbuild *sb, uint32_t addr)
{
	uint32_t i;

	for (i = 0; sb && i < sb->nw; i++)
		if (sb->waddr[i] == addr)
			return sb->wbits[i];
	return 0;
}

/*
 * The value a test of the bits in mask of t reads, seen through what
 * leaves those bits alone: x for (x | k) and (x & k) that keep them, and
 * the value before the function's first store where its stores change
 * other bits only
 * (handle_pte_fault()'s "vmf->flags |= FAULT_FLAG_ORIG_PTE_VALID" keeps
 * FAULT_FLAG_VMA_LOCK its callers' value).
 */
static uint32_t mask_source(struct vl_actx *ax, uint32_t t, uint64_t mask)
{
	for (;;) {
		const struct vl_term *x = vl_term(&ax->terms, t);

		if (x->kind == VL_T_BITOR && !((uint64_t)x->k & mask))
			t = x->a;
		else if (x->kind == VL_T_BITAND &&
			 ((uint64_t)x->k & mask) == mask)
			t = x->a;
		else if (x->kind == VL_T_OLD &&
			 vl_term(&ax->terms, x->a)->kind == VL_T_LOAD &&
			 !(stored_bits(ax->sb,
				       vl_term(&ax->terms, x->a)->a) & mask))
			t = x->a;
		else
			return t;
	}
}

void vl_sum_note_store(struct vl_actx *ax, uint32_t addr, uint32_t val)
{
	struct vl_sumbuild *sb = ax->sb;
	const char *field;
	uint64_t changed;
	int k;

	if (!sb || !ax->reporting)
		return;
	note_wbits(sb, addr, changed_bits(ax, val,
					  vl_t_load(&ax->terms, addr)));
	k = param_base(ax, addr, &field);
	if (k < 0)
		return;
	/* A store into *param itself of its own value with some bits set
	 * or cleared changes only those bits. */
	changed = field || vl_term(&ax->terms, addr)->kind != VL_T_PARAM ?
			  ~0ull :
			  changed_bits(ax, val, vl_t_load(&ax->terms, addr));
	if (k < MAX_OUT_PARAMS && changed != ~0ull) {
		sb->mods |= param_bit((uint32_t)k);
		sb->wide |= param_bit((uint32_t)k);
		sb->changed[k] |= changed;
		return;
	}
	note_mod(sb, (uint32_t)k, field);
}

bool vl_fnspec_stores_field(const struct vl_fnspec *sum, uint32_t i,
			    const char *field, bool kept)
{
	uint32_t j;

	if (!sum->has_mods)
		return true;
	if (!(sum->param_mods & param_bit(i)))
		return false;
	/* (Stores "anywhere" come from code the analysis does not see,
	 * which leaves a kept field alone; its own stores are listed.) */
	if (!field || ((sum->param_wide & param_bit(i)) && !kept))
		return true;
	for (j = 0; j < sum->nmod_fields; j++)
		if (sum->mod_params[j] == i &&
		    strcmp(sum->mod_fields[j], field) == 0)
			return true;
	return false;
}

void vl_sum_note_call(struct vl_actx *ax, const uint32_t *args, uint32_t n,
		      const struct vl_fnspec *fn, const struct vl_fnspec *sum)
{
	uint32_t i;

	if (!ax->sb || !ax->reporting)
		return;
	for (i = 0; i < n; i++) {
		const char *field;
		int k = param_base(ax, args[i], &field);
		uint32_t j;

		if (k < 0)
			continue;
		/* A spec function stores only what its "writes" say
		 * (noted as stores); a body unknown or not summarised yet
		 * may store anything.  Through &param->f the stores stay
		 * in f; through param itself, in the callee's fields. */
		if (!(sum ? !sum->has_mods || (sum->param_mods & param_bit(i)) :
			    !fn))
			continue;
		if (field || !sum || !sum->has_mods ||
		    (sum->param_wide & param_bit(i))) {
			note_mod(ax->sb, (uint32_t)k, field);
			continue;
		}
		for (j = 0; j < sum->nmod_fields; j++)
			if (sum->mod_params[j] == i)
				note_mod(ax->sb, (uint32_t)k,
					 sum->mod_fields[j]);
	}
}

/* Keep the fields of *param this returning state agrees on. */
static void note_cells(struct vl_actx *ax, const struct vl_state *s)
{
	struct vl_sumbuild *sb = ax->sb;
	uint32_t i, n;

	if (!sb->cells_seen) {
		sb->cells_seen = true;
		for (i = 0; i < s->nmem; i++) {
			const struct vl_term *a =
				vl_term(&ax->terms, s->mem[i].addr);

			if (s->mem[i].val == VL_NONE || a->kind != VL_T_FIELD ||
			    vl_term(&ax->terms, a->a)->kind != VL_T_PARAM ||
			    sb->ncells >= MAX_OUT_FIELDS)
				continue;
			VL_PUSH(sb->cells, sb->ncells, sb->capcells).addr =
				s->mem[i].addr;
			sb->cells[sb->ncells - 1].val = s->mem[i].val;
		}
		return;
	}
	for (i = 0, n = 0; i < sb->ncells; i++)
		if (vl_state_mem(s, sb->cells[i].addr) == sb->cells[i].val)
			sb->cells[n++] = sb->cells[i];
	sb->ncells = n;
}

static void note_state(struct vl_actx *ax, const struct vl_state *s)
{
	struct vl_sumbuild *sb = ax->sb;
	struct vl_argcond conds[8];
	struct sb_obs *o;
	uint32_t i;

	note_cells(ax, s);
	if (sb->nobs >= MAX_OBS) {
		sb->obs_lost = true;
		return;
	}
	o = &VL_PUSH(sb->obs, sb->nobs, sb->capobs);
	memset(o, 0, sizeof(*o));
	o->ret_zero = s->ret == VL_NONE ?
			      VL_MAYBE :
			      vl_state_decide(s, &ax->terms, s->ret, VL_P_EQ, 0);
	o->ret_neg = s->ret == VL_NONE ?
			     VL_MAYBE :
			     vl_state_decide(s, &ax->terms, s->ret, VL_P_LT, 0);
	o->ret_known = s->ret != VL_NONE &&
		       vl_state_value_fact(s, &ax->terms, s->ret, &o->ret_fact);
	o->ret_clear = !o->ret_known ? 0 :
		       o->ret_fact.lo == o->ret_fact.hi ?
						 ~(uint64_t)o->ret_fact.lo :
						 o->ret_fact.clear;
	for (i = 0; i < MAX_OUT_PARAMS && i < ax->f->nparams; i++)
		o->out[i] = out_value(ax, s, i);
	o->nconds = state_conds(ax, s, conds, VL_ARRAY_SIZE(conds));
	o->conds = vl_xcalloc(o->nconds + 1, sizeof(*o->conds));
	o->ckeys = vl_xcalloc(o->nconds + 1, sizeof(*o->ckeys));
	for (i = 0; i < o->nconds; i++) {
		struct vl_buf k;

		o->conds[i] = conds[i];
		vl_buf_init(&k);
		cond_key(&conds[i], &k, false);
		o->ckeys[i] = vl_buf_steal(&k);
	}
	/* Locks held at return that the callers get. */
	for (i = 0; i < s->nheld; i++) {
		const struct vl_held *h = &s->held[i];
		const struct vl_class *cls = vl_held_class(ax, h);
		struct vl_lockref ref;
		struct vl_retcond when;
		uint32_t li;

		if ((h->flags & (VL_HF_ASSUMED | VL_HF_ENTRY)) ||
		    vl_state_has_entry(s, h->addr) || !cls ||
		    !vl_class_balanced(cls) || (h->flags & VL_HF_MAYBE))
			continue;
		memset(&when, 0, sizeof(when));
		if (h->cond != VL_NONE) {
			/* A try-lock handed back with its result. */
			if (h->cond != s->ret)
				continue;
			when.present = true;
			when.pred = h->cond_pred;
			when.k = h->cond_k;
		}
		if (!lock_ref(ax, h->addr, cls, (enum vl_mode)h->mode, s->ret,
			      &ref))
			continue;
		li = sb_lock(sb, &ref);
		sb->locks[li].addr = h->addr;
		obs_add(o, li, true, &when);
	}
	/* Locks the callers hold that are gone: released. */
	for (i = 0; i < s->nentry; i++) {
		const struct vl_entrylock *e = &s->entry[i];
		const struct vl_class *cls = entry_class(ax, e);
		struct vl_lockref ref;
		struct vl_retcond when;
		uint32_t j, li;
		bool held = false, named;

		memset(&when, 0, sizeof(when));
		if (!cls ||
		    !lock_ref(ax, e->addr, cls, VL_MODE_ANY, VL_NONE, &ref))
			continue;
		named = ref.owner.root != VL_ROOT_WILD;
		for (j = 0; j < s->nheld; j++) {
			const struct vl_held *h = &s->held[j];

			if (!is_entry_lock(e, cls, h->addr, h->cls) ||
			    (h->flags & VL_HF_MAYBE))
				continue;
			/* Released by a callee on the result it returns,
			 * which is this function's result too ("return
			 * vmf_can_call_fault(vmf)"): released on the
			 * results where it is not held.  (Not for a lock
			 * the callers cannot name, which another entry of
			 * the class may stand for.) */
			if ((h->flags & VL_HF_COND_REL) && h->cond != VL_NONE &&
			    h->cond == s->ret && h->addr == e->addr && named) {
				when.present = true;
				when.pred = vl_pred_negate(h->cond_pred);
				when.k = h->cond_k;
				continue;
			}
			held = true;
		}
		if (held)
			continue;
		li = sb_lock(sb, &ref);
		sb->locks[li].entry = true;
		obs_add(o, li, false, when.present ? &when : NULL);
	}
}

void vl_sum_note_return(struct vl_actx *ax, struct vl_state *const *states,
			uint32_t n)
{
	uint32_t i;

	if (!ax->sb)
		return;
	for (i = 0; i < n; i++)
		note_state(ax, states[i]);
}

/* Does observation o show lock li (held / released)? */
static const struct sb_obs_lock *obs_find(const struct sb_obs *o, uint32_t li,
					  bool held)
{
	uint32_t i;

	for (i = 0; i < o->nlocks; i++)
		if (o->locks[i].lock == li && o->locks[i].held == held)
			return &o->locks[i];
	return NULL;
}


static bool obs_has_cond(const struct sb_obs *o, const char *key)
{
	uint32_t i;

	for (i = 0; i < o->nconds; i++)
		if (strcmp(o->ckeys[i], key) == 0)
			return true;
	return false;
}

/*
 * The condition under which lock li is held (released) at return: the
 * result's value, else a condition on the arguments that all the
 * observations showing it have and all the others contradict.  Returns
 * false if it happens on some paths only, with no such condition.
 */
/*
 * Is lock li released (held: kept) on exactly the paths that leave
 * *param k zero, the others leaving it as it was or non-zero?  Then the
 * callers' test of their variable says (khugepaged's "*mmap_locked =
 * false" after collapse_huge_page() dropped the mmap lock).
 */
static bool out_param_condition(struct vl_actx *ax, uint32_t li, bool held,
				struct vl_effect *e)
{
	struct vl_sumbuild *sb = ax->sb;
	uint32_t k, i;

	for (k = 0; k < MAX_OUT_PARAMS && k < ax->f->nparams; k++) {
		bool good = sb->nobs > 1;
		struct vl_path *p;

		for (i = 0; i < sb->nobs && good; i++) {
			const struct sb_obs *o = &sb->obs[i];

			if (obs_find(o, li, held))
				good = o->out[k] == VL_OUT_ZERO;
			else
				good = o->out[k] == VL_OUT_SAME ||
				       o->out[k] == VL_OUT_NONZERO;
		}
		if (!good)
			continue;
		p = vl_arena_alloc(&ax->u->sums->arena, sizeof(*p));
		memset(p, 0, sizeof(*p));
		p->root = VL_ROOT_PARAM;
		p->param = k;
		p->prefix = vl_ax_intern(ax, "*");
		e->when.present = true;
		e->when.pred = VL_P_EQ;
		e->when.k = 0;
		e->when.subject = p;
		return true;
	}
	return false;
}

/*
 * Is lock li shown (held / released) on exactly the paths whose result
 * is not some constant k, every other path returning k?  Or on exactly
 * those returning k?  (__collapse_huge_page_swapin() drops the mmap lock
 * wherever it fails: it returns SCAN_SUCCEED, 1, otherwise.)
 */
static bool const_result_condition(struct vl_actx *ax, uint32_t li,
				   bool held, struct vl_effect *e)
{
	struct vl_sumbuild *sb = ax->sb;
	uint32_t side, i;

	for (side = 0; side < 2; side++) {
		/* side 0: the paths without it return k; 1: those with. */
		bool have_k = false, good = true;
		int64_t k = 0;

		for (i = 0; i < sb->nobs && good; i++) {
			const struct sb_obs *o = &sb->obs[i];
			bool yes = obs_find(o, li, held) != NULL;

			if (yes != (side == 1))
				continue;
			if (!o->ret_known ||
			    o->ret_fact.lo != o->ret_fact.hi) {
				good = false;
				break;
			}
			if (!have_k) {
				k = o->ret_fact.lo;
				have_k = true;
			}
			good = o->ret_fact.lo == k;
		}
		for (i = 0; i < sb->nobs && good && have_k; i++) {
			const struct sb_obs *o = &sb->obs[i];

			if ((obs_find(o, li, held) != NULL) != (side == 1))
				good = o->ret_known &&
				       vl_fact_decide(&o->ret_fact, VL_P_NE,
						      k) == VL_TRUE;
		}
		if (!good || !have_k)
			continue;
		e->when.present = true;
		e->when.pred = side == 1 ? VL_P_EQ : VL_P_NE;
		e->when.k = k;
		return true;
	}
	return false;
}

static bool find_condition(struct vl_actx *ax, uint32_t li, bool held,
			   struct vl_effect *e)
{
	struct vl_sumbuild *sb = ax->sb;
	uint32_t i, j, nyes = 0;
	struct vl_retcond tried[3] = {
		{ true, VL_P_EQ, 0 }, { true, VL_P_NE, 0 }, { true, VL_P_LT, 0 }
	};
	const struct sb_obs_lock *first = NULL;
	bool same_when = true;

	for (i = 0; i < sb->nobs; i++) {
		const struct sb_obs_lock *l = obs_find(&sb->obs[i], li, held);

		if (!l)
			continue;
		nyes++;
		if (!first)
			first = l;
		else if (l->when.present != first->when.present ||
			 l->when.pred != first->when.pred ||
			 l->when.k != first->when.k)
			same_when = false;
	}
	if (!nyes)
		return false;
	if (first->when.present && same_when) {
		e->when = first->when;
		return true;
	}
	if (nyes == sb->nobs && same_when)
		return true;
	/* By the result. */
	for (j = 0; j < VL_ARRAY_SIZE(tried); j++) {
		bool good = true;

		for (i = 0; i < sb->nobs && good; i++) {
			const struct sb_obs *o = &sb->obs[i];
			enum vl_tri zero = o->ret_zero, neg = o->ret_neg;
			enum vl_tri t = tried[j].pred == VL_P_EQ ? zero :
					tried[j].pred == VL_P_NE ?
					(zero == VL_MAYBE ? VL_MAYBE :
					 zero == VL_TRUE ? VL_FALSE : VL_TRUE) :
					neg;
			bool yes = obs_find(o, li, held) != NULL;

			good = t == (yes ? VL_TRUE : VL_FALSE);
		}
		if (good) {
			e->when = tried[j];
			return true;
		}
	}
	if (const_result_condition(ax, li, held, e))
		return true;
	/* (Releases only: what a function takes it hands back by its
	 * result, which the tries above cover.) */
	if (!held && out_param_condition(ax, li, held, e))
		return true;
	/* By a condition on the arguments. */
	for (i = 0; i < sb->nobs; i++) {
		const struct sb_obs *o = &sb->obs[i];

		if (!obs_find(o, li, held))
			continue;
		for (j = 0; j < o->nconds; j++) {
			struct vl_buf neg;
			uint32_t k;
			bool good = true;

			vl_buf_init(&neg);
			cond_key(&o->conds[j], &neg, true);
			for (k = 0; k < sb->nobs && good; k++) {
				const struct sb_obs *p = &sb->obs[k];

				if (obs_find(p, li, held))
					good = obs_has_cond(p, o->ckeys[j]);
				else
					good = obs_has_cond(p,
							    vl_buf_cstr(&neg));
			}
			vl_buf_free(&neg);
			if (good) {
				e->conds = &o->conds[j];
				e->nconds = 1;
				return true;
			}
		}
		break;
	}
	return false;
}

static void copy_conds(struct vl_actx *ax, struct vl_effect *e,
		       const struct vl_argcond *c, uint32_t n)
{
	if (!n) {
		e->conds = NULL;
		e->nconds = 0;
		return;
	}
	e->conds = vl_arena_alloc(&ax->u->sums->arena, sizeof(*c) * n);
	memcpy(e->conds, c, sizeof(*c) * n);
	e->nconds = n;
}

static void effect_text(const struct vl_effect *e, struct vl_buf *b)
{
	uint32_t i;

	vl_buf_printf(b, "%d%d%d%u:", e->kind, e->maybe, e->check_only,
		      e->node);
	if (e->kind == VL_EFF_REQUIRE)
		vl_req_format(e->req, NULL, b);
	else
		vl_req_format(&(struct vl_req){ .kind = VL_REQ_LOCK,
						.lock = e->lock },
			      NULL, b);
	if (e->when.subject) {
		vl_buf_puts(b, " of ");
		vl_path_format(e->when.subject, NULL, b);
	}
	if (e->when.present)
		vl_buf_printf(b, " when %d %lld", e->when.pred,
			      (long long)e->when.k);
	for (i = 0; i < e->nconds; i++)
		cond_key(&e->conds[i], b, false);
	vl_buf_puts(b, ";");
}

static void outrel_text(const struct vl_outrel *r, struct vl_buf *b)
{
	vl_buf_printf(b, "out %u when %d %lld: %u else %u;", r->param,
		      r->when.pred, (long long)r->when.k, r->c_true,
		      r->c_false);
}

static void outfields_text(const struct vl_fnspec *fn, struct vl_buf *b)
{
	uint32_t i;

	vl_buf_printf(b, "mods %d %x %x;", fn->has_mods, fn->param_mods,
		      fn->param_wide);
	for (i = 0; i < 8; i++)
		if (fn->bits_known & (1u << i))
			vl_buf_printf(b, "bits $%u %llx;", i,
				      (unsigned long long)fn->changed_bits[i]);
	if (fn->ret_clear)
		vl_buf_printf(b, "return clear %llx;",
			      (unsigned long long)fn->ret_clear);
	for (i = 0; i < fn->nmod_fields; i++)
		vl_buf_printf(b, "$%u->%s;", fn->mod_params[i],
			      fn->mod_fields[i]);
	for (i = 0; i < fn->noutfields; i++) {
		const struct vl_outfield *o = &fn->outfields[i];

		vl_buf_printf(b, "$%u->%s = ", o->param, o->field);
		if (o->is_const)
			vl_buf_printf(b, "%lld", (long long)o->k);
		else
			vl_path_format(&o->value, NULL, b);
		vl_buf_puts(b, ";");
	}
}

void vl_sum_finish(struct vl_actx *ax)
{
	struct vl_summaries *sm = ax->u->sums;
	struct vl_sumbuild *sb = ax->sb;
	const struct vl_func *f = ax->f;
	struct vl_fnspec *fn, *old;
	struct vl_effect *eff;
	struct vl_buf newtext, oldtext;
	uint32_t i, n = 0, cap;

	if (!sm || !sb || ax->fidx == VL_NONE || ax->fidx >= sm->nfuncs)
		return;
	/* Void functions that fall off their end: the exit states. */
	if (!sb->nobs && f->exit < f->nblocks)
		for (i = 0; i < ax->in[f->exit].n; i++)
			note_state(ax, ax->in[f->exit].s[i]);
	cap = sb->nreqs + sb->ntakes + 2 * sb->nlocks + 1;
	eff = vl_arena_alloc(&sm->arena, sizeof(*eff) * cap);
	for (i = 0; i < sb->nreqs; i++) {
		struct vl_effect *e = &eff[n++];

		e->kind = VL_EFF_REQUIRE;
		e->req = sb->reqs[i].req;
		e->node = sb->reqs[i].node;
		copy_conds(ax, e, sb->reqs[i].conds, sb->reqs[i].nconds);
	}
	for (i = 0; i < sb->ntakes; i++)
		eff[n++] = sb->takes[i];
	for (i = 0; i < sb->nlocks; i++) {
		const struct sb_lock *l = &sb->locks[i];
		struct vl_effect e;

		memset(&e, 0, sizeof(e));
		e.lock = l->ref;
		e.lock.mode = VL_MODE_ANY;
		if (!l->entry)
			continue;
		e.kind = VL_EFF_RELEASE;
		if (!find_condition(ax, i, false, &e)) {
			e.maybe = true;
			memset(&e.when, 0, sizeof(e.when));
		}
		copy_conds(ax, &e, e.conds, e.nconds);
		/* Released only under what all its releases share: a
		 * callee's release under a flag the callers pass
		 * (vms_complete_munmap_vmas() "if (vms->unlock)"); the
		 * anon_vma unlock of vma_complete() where vp->anon_vma
		 * is set, whether vp->file is or not. */
		if (!e.nconds && l->rel_seen)
			copy_conds(ax, &e, l->rel, l->nrel);
		eff[n++] = e;
	}
	for (i = 0; i < sb->nlocks; i++) {
		const struct sb_lock *l = &sb->locks[i];
		struct vl_effect e;
		bool any = false;
		uint32_t j;

		for (j = 0; j < sb->nobs && !any; j++)
			any = obs_find(&sb->obs[j], i, true) != NULL;
		if (!any)
			continue;
		memset(&e, 0, sizeof(e));
		e.kind = VL_EFF_ACQUIRE;
		e.lock = l->ref;
		e.node = leak_node(sb, l->addr);
		if (!find_condition(ax, i, true, &e)) {
			e.maybe = true;
			memset(&e.when, 0, sizeof(e.when));
		}
		copy_conds(ax, &e, e.conds, e.nconds);
		eff[n++] = e;
	}
	fn = vl_arena_alloc(&sm->arena, sizeof(*fn));
	fn->name = f->name;
	fn->summary = true;
	fn->checker = "call-requires";
	fn->effects = eff;
	fn->neffects = n;
	{
		struct vl_outrel rels[MAX_OUT_PARAMS];

		fn->noutrels = out_relations(ax, rels, VL_ARRAY_SIZE(rels));
		fn->outrels = vl_arena_alloc(&sm->arena, sizeof(*rels) *
						(fn->noutrels + 1));
		memcpy(fn->outrels, rels, sizeof(*rels) * fn->noutrels);
	}
	fn->has_mods = true;
	fn->param_mods = sb->mods;
	fn->param_wide = sb->wide;
	for (i = 0; i < MAX_OUT_PARAMS; i++) {
		if (!(sb->mods & param_bit(i)) || sb->changed[i] == ~0ull)
			continue;
		fn->changed_bits[i] = sb->changed[i];
		fn->bits_known |= 1u << i;
	}
	fn->ret_clear = sb->nobs && !sb->obs_lost ? ~0ull : 0;
	for (i = 0; i < sb->nobs; i++)
		fn->ret_clear &= sb->obs[i].ret_clear;
	fn->mod_fields = vl_arena_alloc(&sm->arena, sizeof(*fn->mod_fields) *
							    (sb->nmfields + 1));
	fn->mod_params = vl_arena_alloc(&sm->arena, sizeof(*fn->mod_params) *
							    (sb->nmfields + 1));
	for (i = 0; i < sb->nmfields; i++) {
		/* (Only stores the caller has not got from a wider one.) */
		if (sb->wide & param_bit(sb->mfields[i].param))
			continue;
		fn->mod_params[fn->nmod_fields] = sb->mfields[i].param;
		fn->mod_fields[fn->nmod_fields++] = sb->mfields[i].field;
	}
	fn->outfields = vl_arena_alloc(&sm->arena, sizeof(*fn->outfields) *
							   (sb->ncells + 1));
	for (i = 0; i < sb->ncells; i++) {
		const struct vl_term *a = vl_term(&ax->terms, sb->cells[i].addr);
		const struct vl_term *v = vl_term(&ax->terms, sb->cells[i].val);
		struct vl_outfield *o = &fn->outfields[fn->noutfields];

		memset(o, 0, sizeof(*o));
		o->param = vl_term(&ax->terms, a->a)->a;
		o->rec = a->rec;
		o->field = a->name;
		if (v->kind == VL_T_CONST) {
			o->is_const = true;
			o->k = v->k;
		} else if (!term_path(ax, sb->cells[i].val, VL_NONE,
				      &o->value)) {
			continue;
		}
		fn->noutfields++;
	}
	fn->nparams = f->nparams;
	fn->params = vl_arena_alloc(&sm->arena,
				    sizeof(*fn->params) * (f->nparams + 1));
	for (i = 0; i < f->nlocals; i++)
		if (f->locals[i].param >= 0 &&
		    (uint32_t)f->locals[i].param < f->nparams)
			fn->params[f->locals[i].param] = f->locals[i].name;
	/* Did it change (recursive groups are analysed until not)? */
	old = sm->byfunc[ax->fidx];
	vl_buf_init(&newtext);
	vl_buf_init(&oldtext);
	for (i = 0; i < fn->neffects; i++)
		effect_text(&fn->effects[i], &newtext);
	for (i = 0; old && i < old->neffects; i++)
		effect_text(&old->effects[i], &oldtext);
	for (i = 0; i < fn->noutrels; i++)
		outrel_text(&fn->outrels[i], &newtext);
	for (i = 0; old && i < old->noutrels; i++)
		outrel_text(&old->outrels[i], &oldtext);
	outfields_text(fn, &newtext);
	if (old)
		outfields_text(old, &oldtext);
	if (!old || strcmp(vl_buf_cstr(&newtext), vl_buf_cstr(&oldtext)) != 0)
		sm->changed = true;
	if (ax->u->dump_summaries)
		fprintf(ax->u->dump_summaries, "summary %s: %s\n", f->name,
			vl_buf_cstr(&newtext));
	vl_buf_free(&newtext);
	vl_buf_free(&oldtext);
	sm->byfunc[ax->fidx] = fn;
}
