/*
 * Abstract states (see state.h): lock sets, facts, memory and locals,
 * with the join, rename and assume operations the analysis needs.
 */
#include "state.h"

#include <stdlib.h>
#include <string.h>

#include "ir.h"

struct vl_state *vl_state_new(uint32_t nlocals)
{
	struct vl_state *s = vl_xcalloc(1, sizeof(*s));

	s->nlocals = nlocals;
	s->env = vl_xcalloc(nlocals + 1, sizeof(*s->env));
	s->ret = VL_NONE;
	s->ret_loc = VL_NONE;
	return s;
}

void vl_state_free(struct vl_state *s)
{
	if (!s)
		return;
	free(s->held);
	free(s->facts);
	free(s->mem);
	free(s->env);
	free(s->priv);
	free(s->impl);
	free(s->entry);
	free(s);
}

void vl_state_copy(struct vl_state *dst, const struct vl_state *src)
{
	VL_RESERVE(dst->held, dst->nheld, dst->capheld, src->nheld);
	if (src->nheld)
		memcpy(dst->held, src->held, sizeof(*src->held) * src->nheld);
	dst->nheld = src->nheld;
	VL_RESERVE(dst->facts, dst->nfacts, dst->capfacts, src->nfacts);
	if (src->nfacts)
		memcpy(dst->facts, src->facts,
		       sizeof(*src->facts) * src->nfacts);
	dst->nfacts = src->nfacts;
	VL_RESERVE(dst->mem, dst->nmem, dst->capmem, src->nmem);
	if (src->nmem)
		memcpy(dst->mem, src->mem, sizeof(*src->mem) * src->nmem);
	dst->nmem = src->nmem;
	memcpy(dst->dropped, src->dropped, sizeof(src->dropped));
	dst->ndropped = src->ndropped;
	dst->apart = src->apart;
	VL_RESERVE(dst->priv, dst->npriv, dst->cappriv, src->npriv);
	if (src->npriv)
		memcpy(dst->priv, src->priv, sizeof(*src->priv) * src->npriv);
	dst->npriv = src->npriv;
	VL_RESERVE(dst->impl, dst->nimpl, dst->capimpl, src->nimpl);
	if (src->nimpl)
		memcpy(dst->impl, src->impl, sizeof(*src->impl) * src->nimpl);
	dst->nimpl = src->nimpl;
	VL_RESERVE(dst->entry, dst->nentry, dst->capentry, src->nentry);
	if (src->nentry)
		memcpy(dst->entry, src->entry,
		       sizeof(*src->entry) * src->nentry);
	dst->nentry = src->nentry;
	if (dst->nlocals != src->nlocals) {
		free(dst->env);
		dst->env = vl_xcalloc(src->nlocals + 1, sizeof(*dst->env));
		dst->nlocals = src->nlocals;
	}
	if (src->nlocals)
		memcpy(dst->env, src->env, sizeof(*src->env) * src->nlocals);
	dst->ret = src->ret;
	dst->ret_loc = src->ret_loc;
}

struct vl_state *vl_state_clone(const struct vl_state *s)
{
	struct vl_state *c = vl_state_new(s->nlocals);

	vl_state_copy(c, s);
	return c;
}

/* ---- locks ---- */

static int held_cmp(const struct vl_held *a, const struct vl_held *b)
{
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	return 0;
}

uint32_t vl_state_find_held(const struct vl_state *s, uint32_t addr)
{
	uint32_t i;

	for (i = 0; i < s->nheld; i++) {
		if (s->held[i].addr == addr)
			return i;
	}
	return VL_NONE;
}

void vl_state_add_held(struct vl_state *s, const struct vl_held *h)
{
	uint32_t i;

	VL_RESERVE(s->held, s->nheld, s->capheld, s->nheld + 1);
	for (i = s->nheld; i > 0 && held_cmp(&s->held[i - 1], h) > 0; i--)
		s->held[i] = s->held[i - 1];
	s->held[i] = *h;
	s->nheld++;
}

void vl_state_remove_held(struct vl_state *s, uint32_t idx)
{
	if (idx >= s->nheld)
		return;
	memmove(&s->held[idx], &s->held[idx + 1],
		sizeof(*s->held) * (s->nheld - idx - 1));
	s->nheld--;
}

void vl_state_note_dropped(struct vl_state *s, const struct vl_held *h,
			   uint32_t loc)
{
	struct vl_dropped d = { h->addr, h->cls, h->mode, loc, h->loc,
				(h->flags & VL_HF_ENTRY) ||
					vl_state_has_entry(s, h->addr) };
	uint32_t i;

	/* Most recent first; one entry per lock. */
	for (i = 0; i < s->ndropped; i++) {
		if (s->dropped[i].addr == h->addr)
			break;
	}
	if (i == s->ndropped) {
		if (s->ndropped < VL_MAX_DROPPED)
			s->ndropped++;
		i = s->ndropped - 1;
	}
	memmove(&s->dropped[1], &s->dropped[0], sizeof(d) * i);
	s->dropped[0] = d;
}

static bool held_same(const struct vl_held *a, const struct vl_held *b)
{
	return a->addr == b->addr && a->cls == b->cls && a->mode == b->mode &&
	       a->flags == b->flags && a->depth == b->depth &&
	       a->cond == b->cond &&
	       (a->cond == VL_NONE ||
		(a->cond_pred == b->cond_pred && a->cond_k == b->cond_k));
}

/* Does s hold entry lock e: that lock, or one of its class (for a class
 * whose owners unify, the same lock under another name; state.c does
 * not know which classes do, and for the others this only keeps fewer
 * states apart)? */
static bool holds_entry(const struct vl_state *s, const struct vl_entrylock *e)
{
	uint32_t i;

	for (i = 0; i < s->nheld; i++)
		if (s->held[i].addr == e->addr || s->held[i].cls == e->cls)
			return true;
	return false;
}

/* The next callers' lock from entry index *i on that s no longer holds
 * (released on this path), or VL_NONE. */
static uint32_t next_released_entry(const struct vl_state *s, uint32_t *i)
{
	for (; *i < s->nentry; (*i)++)
		if (!holds_entry(s, &s->entry[*i]))
			return s->entry[(*i)++].addr;
	return VL_NONE;
}

bool vl_state_same_released(const struct vl_state *a,
			     const struct vl_state *b)
{
	uint32_t ia = 0, ib = 0, ea, eb;

	do {
		ea = next_released_entry(a, &ia);
		eb = next_released_entry(b, &ib);
		if (ea != eb)
			return false;
	} while (ea != VL_NONE);
	return true;
}

bool vl_state_same_locks(const struct vl_state *a, const struct vl_state *b)
{
	uint32_t i;

	if (a->nheld != b->nheld || a->apart != b->apart)
		return false;
	for (i = 0; i < a->nheld; i++)
		if (!held_same(&a->held[i], &b->held[i]))
			return false;
	/* A path that released the callers' lock and one that never
	 * needed it: for the callers, one returns without it and one with
	 * it (hpage_collapse_scan_pmd() drops the mmap lock only where it
	 * calls collapse_huge_page()). */
	return vl_state_same_released(a, b);
}

/* ---- locks the callers hold ---- */

void vl_state_add_entry(struct vl_state *s, uint32_t addr, uint16_t cls,
			uint8_t mode)
{
	uint32_t i;

	for (i = 0; i < s->nentry && s->entry[i].addr < addr; i++)
		;
	if (i < s->nentry && s->entry[i].addr == addr) {
		if (mode > s->entry[i].mode)
			s->entry[i].mode = mode;
		return;
	}
	VL_RESERVE(s->entry, s->nentry, s->capentry, s->nentry + 1);
	memmove(&s->entry[i + 1], &s->entry[i],
		sizeof(*s->entry) * (s->nentry - i));
	s->entry[i].addr = addr;
	s->entry[i].cls = cls;
	s->entry[i].mode = mode;
	s->nentry++;
}

bool vl_state_has_entry(const struct vl_state *s, uint32_t addr)
{
	uint32_t i;

	for (i = 0; i < s->nentry; i++)
		if (s->entry[i].addr == addr)
			return true;
	return false;
}

/* ---- facts ---- */

static uint32_t fact_index(const struct vl_state *s, uint32_t term,
			   bool *found)
{
	uint32_t lo = 0, hi = s->nfacts;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (s->facts[mid].term < term)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->nfacts && s->facts[lo].term == term;
	return lo;
}

const struct vl_fact *vl_state_fact(const struct vl_state *s, uint32_t term)
{
	bool found;
	uint32_t i = fact_index(s, term, &found);

	return found ? &s->facts[i] : NULL;
}

static struct vl_fact *fact_get(struct vl_state *s, uint32_t term)
{
	bool found;
	uint32_t i = fact_index(s, term, &found);

	if (!found) {
		VL_RESERVE(s->facts, s->nfacts, s->capfacts, s->nfacts + 1);
		memmove(&s->facts[i + 1], &s->facts[i],
			sizeof(*s->facts) * (s->nfacts - i));
		vl_fact_init(&s->facts[i], term);
		s->nfacts++;
	}
	return &s->facts[i];
}

bool vl_state_value_fact(const struct vl_state *s, const struct vl_terms *ts,
			 uint32_t v, struct vl_fact *out)
{
	const struct vl_term *t = vl_term(ts, v);
	const struct vl_fact *f;

	vl_fact_init(out, v);
	if (t->kind == VL_T_CONST)
		return vl_fact_add(out, VL_P_EQ, t->k);
	if ((t->kind == VL_T_TEST || t->kind == VL_T_LAND ||
	     t->kind == VL_T_LOR) && !vl_state_fact(s, v)) {
		/* A truth value the path decides is 1 or 0. */
		enum vl_tri d = vl_state_decide(s, ts, v, VL_P_NE, 0);

		return d != VL_MAYBE &&
		       vl_fact_add(out, VL_P_EQ, d == VL_TRUE ? 1 : 0);
	}
	if (t->kind == VL_T_OFFSET && !vl_state_fact(s, v))
		return vl_state_decide(s, ts, v, VL_P_NE, 0) == VL_TRUE &&
		       vl_fact_add(out, VL_P_NE, 0);
	if ((t->kind == VL_T_BITOR || t->kind == VL_T_BITAND) &&
	    !vl_state_fact(s, v)) {
		/* x | k has k's bits set, x & k the others clear; the rest
		 * is what is known of x ("flags |= FAULT_FLAG_TRIED" keeps
		 * FAULT_FLAG_VMA_LOCK clear). */
		struct vl_fact x;

		vl_state_value_fact(s, ts, t->a, &x);
		if (t->kind == VL_T_BITOR) {
			out->set = x.set | (uint64_t)t->k;
			out->clear = x.clear & ~(uint64_t)t->k;
		} else {
			out->set = x.set & (uint64_t)t->k;
			out->clear = x.clear | ~(uint64_t)t->k;
		}
		return !vl_fact_is_trivial(out);
	}
	f = vl_state_fact(s, v);
	if (!f)
		return false;
	*out = *f;
	return true;
}

void vl_state_carry(struct vl_state *s, struct vl_terms *ts, uint32_t from,
		    uint32_t to)
{
	const struct vl_term *t = vl_term(ts, from);
	struct vl_fact f;
	uint32_t i;

	for (i = 0; i < s->nheld; i++)
		if (s->held[i].cond == from)
			s->held[i].cond = to;
	if (t->kind == VL_T_CONST) {
		vl_state_assume(s, ts, to, VL_P_EQ, t->k);
		return;
	}
	if (vl_state_value_fact(s, ts, from, &f)) {
		f.term = to;
		*fact_get(s, to) = f;
	}
}

void vl_state_forget_fact(struct vl_state *s, uint32_t term)
{
	bool found;
	uint32_t i = fact_index(s, term, &found);

	if (found) {
		memmove(&s->facts[i], &s->facts[i + 1],
			sizeof(*s->facts) * (s->nfacts - i - 1));
		s->nfacts--;
	}
}

static void fact_drop_trivial(struct vl_state *s, uint32_t term)
{
	bool found;
	uint32_t i = fact_index(s, term, &found);

	if (found && vl_fact_is_trivial(&s->facts[i])) {
		memmove(&s->facts[i], &s->facts[i + 1],
			sizeof(*s->facts) * (s->nfacts - i - 1));
		s->nfacts--;
	}
}

/* Is a && b (a || b) true, false or not known? */
static enum vl_tri decide_logic(const struct vl_state *s,
				const struct vl_terms *ts,
				const struct vl_term *t)
{
	enum vl_tri x = vl_state_decide(s, ts, t->args[0], VL_P_NE, 0);
	enum vl_tri y = vl_state_decide(s, ts, t->args[1], VL_P_NE, 0);
	enum vl_tri stop = t->kind == VL_T_LOR ? VL_TRUE : VL_FALSE;

	if (x == stop || y == stop)
		return stop;
	if (x == VL_MAYBE || y == VL_MAYBE)
		return VL_MAYBE;
	return stop == VL_TRUE ? VL_FALSE : VL_TRUE;
}

enum vl_tri vl_state_decide(const struct vl_state *s,
			    const struct vl_terms *ts, uint32_t term,
			    uint8_t pred, int64_t k)
{
	const struct vl_term *t = vl_term(ts, term);
	const struct vl_fact *f;

	if (t->kind == VL_T_CONST)
		return vl_pred_eval(pred, t->k, k) ? VL_TRUE : VL_FALSE;
	if ((t->kind == VL_T_LAND || t->kind == VL_T_LOR) && k == 0 &&
	    (pred == VL_P_EQ || pred == VL_P_NE)) {
		enum vl_tri r = decide_logic(s, ts, t);

		if (pred == VL_P_EQ && r != VL_MAYBE)
			r = r == VL_TRUE ? VL_FALSE : VL_TRUE;
		return r;
	}
	if (t->kind == VL_T_BITOR &&
	    (pred == VL_P_BITS_ANY || pred == VL_P_BITS_NONE)) {
		/* Bits the | sets are known; the others come from x. */
		if (t->k & k)
			return pred == VL_P_BITS_ANY ? VL_TRUE : VL_FALSE;
		return vl_state_decide(s, ts, t->a, pred, k);
	}
	if (t->kind == VL_T_BITOR && k == 0 && t->k &&
	    (pred == VL_P_EQ || pred == VL_P_NE))
		return pred == VL_P_NE ? VL_TRUE : VL_FALSE;
	/* Bits a callee left alone are the old value's: a summary's test of
	 * "flags & FAULT_FLAG_VMA_LOCK" after sanitize_fault_flags(). */
	if (t->kind == VL_T_KEEPBITS &&
	    (pred == VL_P_BITS_ANY || pred == VL_P_BITS_NONE) &&
	    !(t->k & k) && !vl_state_fact(s, term))
		return vl_state_decide(s, ts, t->args[0], pred, k);
	if (t->kind == VL_T_BITAND &&
	    (pred == VL_P_BITS_ANY || pred == VL_P_BITS_NONE)) {
		/* (x & a) & k is x & (a & k). */
		if (!(t->k & k))
			return pred == VL_P_BITS_ANY ? VL_FALSE : VL_TRUE;
		return vl_state_decide(s, ts, t->a, pred, t->k & k);
	}
	if ((t->kind == VL_T_TEST || t->kind == VL_T_BITAND) && k == 0 &&
	    (pred == VL_P_EQ || pred == VL_P_NE)) {
		uint8_t p;
		int64_t kk;

		if (t->kind == VL_T_TEST) {
			p = t->pred;
			kk = t->k;
		} else {
			p = VL_P_BITS_ANY;
			kk = t->k;
		}
		if (pred == VL_P_EQ)
			p = vl_pred_negate(p);
		return vl_state_decide(s, ts, t->a, p, kk);
	}
	if (t->kind == VL_T_OFFSET && !vl_state_fact(s, term) && k == 0 &&
	    (pred == VL_P_EQ || pred == VL_P_NE) &&
	    vl_state_decide(s, ts, t->a, VL_P_NE, 0) == VL_TRUE)
		/* Arithmetic on a valid pointer stays one ("if (!ptep++)"
		 * ... "if (ptep)" in swapin_walk_pmd_entry()); on NULL it
		 * gives a non-NULL address the kernel never uses. */
		return pred == VL_P_NE ? VL_TRUE : VL_FALSE;
	if (vl_term_is_address(ts, term)) {
		struct vl_fact nn;

		vl_fact_init(&nn, term);
		vl_fact_add(&nn, VL_P_NE, 0);
		return vl_fact_decide(&nn, pred, k);
	}
	f = vl_state_fact(s, term);
	if (!f)
		return VL_MAYBE;
	return vl_fact_decide(f, pred, k);
}

void vl_state_settle(struct vl_state *s, const struct vl_terms *ts,
		     uint32_t term)
{
	uint32_t i = 0;

	while (i < s->nheld) {
		struct vl_held *h = &s->held[i];
		enum vl_tri t;

		if (h->cond != term) {
			i++;
			continue;
		}
		t = vl_state_decide(s, ts, term, h->cond_pred, h->cond_k);
		if (t == VL_TRUE) {
			h->cond = VL_NONE;
			i++;
		} else if (t == VL_FALSE) {
			/* A callee's conditional release that happened is a
			 * release (a later take is not a double one). */
			if (h->flags & VL_HF_COND_REL)
				vl_state_note_dropped(s, h, h->rel_loc);
			vl_state_remove_held(s, i);
		} else {
			i++;
		}
	}
}

/* Implications whose condition is on term may now be decided; false if
 * what they imply contradicts the path. */
static bool settle_implied(struct vl_state *s, struct vl_terms *ts,
			   uint32_t term)
{
	uint32_t i = 0;

	while (i < s->nimpl) {
		struct vl_implied im = s->impl[i];
		enum vl_tri t;

		if (im.cond != term) {
			i++;
			continue;
		}
		t = vl_state_decide(s, ts, term, im.cpred, im.ck);
		if (t == VL_MAYBE) {
			i++;
			continue;
		}
		memmove(&s->impl[i], &s->impl[i + 1],
			sizeof(*s->impl) * (s->nimpl - i - 1));
		s->nimpl--;
		if (t == VL_TRUE && !vl_state_assume(s, ts, im.term, im.pred, im.k))
			return false;
	}
	return true;
}

/* A value only locals and memory hold: renaming it renames every use. */
static bool held_value(const struct vl_terms *ts, uint32_t t)
{
	enum vl_tkind k = vl_term(ts, t)->kind;

	return k == VL_T_CALL || k == VL_T_OUT || k == VL_T_PHI ||
	       k == VL_T_OLD;
}

bool vl_state_assume(struct vl_state *s, struct vl_terms *ts, uint32_t term,
		     uint8_t pred, int64_t k)
{
	const struct vl_term *t = vl_term(ts, term);
	struct vl_fact *f;
	bool ok;

	if (t->kind == VL_T_CONST)
		return vl_pred_eval(pred, t->k, k);
	if ((t->kind == VL_T_TEST || t->kind == VL_T_BITAND) && k == 0 &&
	    (pred == VL_P_EQ || pred == VL_P_NE)) {
		uint8_t p = t->kind == VL_T_TEST ? t->pred : VL_P_BITS_ANY;
		int64_t kk = t->k;
		uint32_t a = t->a;

		if (pred == VL_P_EQ)
			p = vl_pred_negate(p);
		return vl_state_assume(s, ts, a, p, kk);
	}
	if ((t->kind == VL_T_LAND || t->kind == VL_T_LOR) && k == 0 &&
	    (pred == VL_P_EQ || pred == VL_P_NE)) {
		/* a && b true: both are; false: the other is, where one
		 * is known true (|| the other way round). */
		bool is_and = t->kind == VL_T_LAND;
		bool holds = pred == VL_P_NE;
		uint32_t a = t->args[0], b = t->args[1];
		enum vl_tri d = vl_state_decide(s, ts, term, pred, 0);

		if (d != VL_MAYBE)
			return d == VL_TRUE;
		if (is_and == holds)
			return vl_state_assume(s, ts, a, pred, 0) &&
			       vl_state_assume(s, ts, b, pred, 0);
		if (vl_state_decide(s, ts, a, VL_P_NE, 0) == (is_and ? VL_TRUE : VL_FALSE))
			return vl_state_assume(s, ts, b, pred, 0);
		if (vl_state_decide(s, ts, b, VL_P_NE, 0) == (is_and ? VL_TRUE : VL_FALSE))
			return vl_state_assume(s, ts, a, pred, 0);
		return true;
	}
	if (vl_term_is_address(ts, term))
		return vl_state_decide(s, ts, term, pred, k) != VL_FALSE;
	/* A pointer moved off a valid one is not NULL. */
	if (t->kind == VL_T_OFFSET &&
	    vl_state_decide(s, ts, term, pred, k) == VL_FALSE)
		return false;
	/* Unknown expressions get no facts: the same term may stand for a
	 * different value on the next loop iteration. */
	if (t->kind == VL_T_UNKNOWN)
		return true;
	f = fact_get(s, term);
	ok = vl_fact_add(f, pred, k);
	fact_drop_trivial(s, term);
	if (ok)
		vl_state_settle(s, ts, term);
	ok = ok && settle_implied(s, ts, term);
	/* A lock held at this address: the address is not NULL
	 * ("if (pml) spin_unlock(pml)" after pml = pmd_lock()). */
	if (ok && vl_state_decide(s, ts, term, VL_P_EQ, 0) == VL_TRUE) {
		uint32_t i;

		for (i = 0; i < s->nheld; i++)
			if (s->held[i].addr == term &&
			    !(s->held[i].flags & VL_HF_MAYBE) &&
			    s->held[i].cond == VL_NONE)
				return false;
	}
	if (ok && vl_term(ts, term)->kind == VL_T_EQ &&
	    vl_state_decide(s, ts, term, VL_P_NE, 0) == VL_TRUE) {
		/* Two values found equal are one ("ptl == pml": the PTE
		 * lock is the PMD lock already held, khugepaged.c).  Only
		 * a value that lives in locals and memory gives way (a
		 * call's result, a phi): a parameter, a global or a load
		 * is made again each time the code names it, so its name
		 * stays; between two such values the later gives way. */
		uint32_t a = vl_term(ts, term)->args[0];
		uint32_t b = vl_term(ts, term)->args[1];

		if (held_value(ts, b))
			vl_state_rename(s, ts, b, a);
		else if (held_value(ts, a))
			vl_state_rename(s, ts, a, b);
		/* (The test itself stays decided.) */
		vl_fact_add(fact_get(s, term), VL_P_NE, 0);
	}
	return ok;
}

/* ---- new objects and implications ---- */

static uint32_t priv_index(const struct vl_state *s, uint32_t term,
			   bool *found)
{
	uint32_t lo = 0, hi = s->npriv;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (s->priv[mid] < term)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->npriv && s->priv[lo] == term;
	return lo;
}

bool vl_state_is_private(const struct vl_state *s, uint32_t term)
{
	bool found;

	priv_index(s, term, &found);
	return found;
}

void vl_state_set_private(struct vl_state *s, uint32_t term, bool on)
{
	bool found;
	uint32_t i = priv_index(s, term, &found);

	if (on && !found) {
		VL_RESERVE(s->priv, s->npriv, s->cappriv, s->npriv + 1);
		memmove(&s->priv[i + 1], &s->priv[i],
			sizeof(*s->priv) * (s->npriv - i));
		s->priv[i] = term;
		s->npriv++;
	} else if (!on && found) {
		memmove(&s->priv[i], &s->priv[i + 1],
			sizeof(*s->priv) * (s->npriv - i - 1));
		s->npriv--;
	}
}

void vl_state_add_implied(struct vl_state *s, struct vl_terms *ts,
			  const struct vl_implied *im)
{
	VL_PUSH(s->impl, s->nimpl, s->capimpl) = *im;
	/* The condition may be decided already. */
	settle_implied(s, ts, im->cond);
}

/* ---- memory ---- */

static uint32_t mem_index(const struct vl_state *s, uint32_t addr,
			  bool *found)
{
	uint32_t lo = 0, hi = s->nmem;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (s->mem[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->nmem && s->mem[lo].addr == addr;
	return lo;
}

uint32_t vl_state_mem(const struct vl_state *s, uint32_t addr)
{
	bool found;
	uint32_t i = mem_index(s, addr, &found);

	return found ? s->mem[i].val : VL_NONE;
}

void vl_state_set_mem(struct vl_state *s, uint32_t addr, uint32_t val)
{
	bool found;
	uint32_t i = mem_index(s, addr, &found);

	if (val == VL_NONE) {
		/* Not known: no cell (a load reads LOAD(addr)). */
		if (found) {
			memmove(&s->mem[i], &s->mem[i + 1],
				sizeof(*s->mem) * (s->nmem - i - 1));
			s->nmem--;
		}
		return;
	}
	if (found) {
		s->mem[i].val = val;
		return;
	}
	VL_RESERVE(s->mem, s->nmem, s->capmem, s->nmem + 1);
	memmove(&s->mem[i + 1], &s->mem[i], sizeof(*s->mem) * (s->nmem - i));
	s->mem[i].addr = addr;
	s->mem[i].val = val;
	s->nmem++;
}

/* ---- rename ---- */

static int fact_cmp(const void *a, const void *b)
{
	const struct vl_fact *x = a, *y = b;

	return x->term < y->term ? -1 : x->term > y->term;
}

static int mem_cmp(const void *a, const void *b)
{
	const struct vl_mem *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int held_qcmp(const void *a, const void *b)
{
	return held_cmp(a, b);
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void vl_state_rename_locks(struct vl_state *s, struct vl_terms *ts,
			   uint32_t from, uint32_t to)
{
	uint32_t i, j;
	bool moved = false;

	for (i = 0; i < s->nheld; i++) {
		struct vl_held *h = &s->held[i];
		uint32_t a = vl_term_subst(ts, h->addr, from, to);

		if (h->cond != VL_NONE)
			h->cond = vl_term_subst(ts, h->cond, from, to);
		if (a != h->addr) {
			h->addr = a;
			moved = true;
		}
	}
	if (!moved)
		return;
	qsort(s->held, s->nheld, sizeof(*s->held), held_qcmp);
	for (i = 1, j = 0; i < s->nheld; i++) {
		if (held_cmp(&s->held[i], &s->held[j]) == 0) {
			/* Two names for one lock now: keep one. */
			s->held[j].flags |= s->held[i].flags & VL_HF_MAYBE;
			continue;
		}
		s->held[++j] = s->held[i];
	}
	if (s->nheld)
		s->nheld = j + 1;
}

void vl_state_rename(struct vl_state *s, struct vl_terms *ts, uint32_t from,
		     uint32_t to)
{
	uint32_t i, j;
	bool moved;

	vl_state_rename_locks(s, ts, from, to);
	/* Facts: a renamed fact meeting an existing one keeps what both
	 * know (the old name now covers several old values). */
	moved = false;
	for (i = 0; i < s->nfacts; i++) {
		uint32_t t = vl_term_subst(ts, s->facts[i].term, from, to);

		if (t != s->facts[i].term) {
			s->facts[i].term = t;
			moved = true;
		}
	}
	if (moved) {
		qsort(s->facts, s->nfacts, sizeof(*s->facts), fact_cmp);
		for (i = 1, j = 0; i < s->nfacts; i++) {
			if (s->facts[i].term == s->facts[j].term) {
				vl_fact_join(&s->facts[j], &s->facts[i]);
				continue;
			}
			s->facts[++j] = s->facts[i];
		}
		if (s->nfacts)
			s->nfacts = j + 1;
		for (i = 0, j = 0; i < s->nfacts; i++)
			if (!vl_fact_is_trivial(&s->facts[i]))
				s->facts[j++] = s->facts[i];
		s->nfacts = j;
	}
	/* Memory. */
	moved = false;
	for (i = 0; i < s->nmem; i++) {
		uint32_t a = vl_term_subst(ts, s->mem[i].addr, from, to);

		s->mem[i].val = vl_term_subst(ts, s->mem[i].val, from, to);
		if (a != s->mem[i].addr) {
			s->mem[i].addr = a;
			moved = true;
		}
	}
	if (moved) {
		qsort(s->mem, s->nmem, sizeof(*s->mem), mem_cmp);
		for (i = 1, j = 0; i < s->nmem; i++) {
			if (s->mem[i].addr == s->mem[j].addr) {
				if (s->mem[i].val != s->mem[j].val)
					s->mem[j].val = VL_NONE;
				continue;
			}
			s->mem[++j] = s->mem[i];
		}
		if (s->nmem)
			s->nmem = j + 1;
		for (i = 0, j = 0; i < s->nmem; i++)
			if (s->mem[i].val != VL_NONE)
				s->mem[j++] = s->mem[i];
		s->nmem = j;
	}
	for (i = 0; i < s->nlocals; i++)
		s->env[i] = vl_term_subst(ts, s->env[i], from, to);
	moved = false;
	for (i = 0; i < s->npriv; i++) {
		uint32_t t = vl_term_subst(ts, s->priv[i], from, to);

		moved |= t != s->priv[i];
		s->priv[i] = t;
	}
	if (moved) {
		qsort(s->priv, s->npriv, sizeof(*s->priv), u32_cmp);
		for (i = 1, j = 0; i < s->npriv; i++)
			if (s->priv[i] != s->priv[j])
				s->priv[++j] = s->priv[i];
		if (s->npriv)
			s->npriv = j + 1;
	}
	for (i = 0; i < s->nimpl; i++) {
		s->impl[i].cond = vl_term_subst(ts, s->impl[i].cond, from, to);
		s->impl[i].term = vl_term_subst(ts, s->impl[i].term, from, to);
	}
	for (i = 0; i < s->ndropped; i++)
		s->dropped[i].addr =
			vl_term_subst(ts, s->dropped[i].addr, from, to);
	if (s->nentry) {
		struct vl_entrylock *old = s->entry;
		uint32_t n = s->nentry;

		/* Re-insert: renaming may reorder or merge entries. */
		s->entry = NULL;
		s->nentry = s->capentry = 0;
		for (i = 0; i < n; i++)
			vl_state_add_entry(s,
					   vl_term_subst(ts, old[i].addr, from,
							 to),
					   old[i].cls, old[i].mode);
		free(old);
	}
	if (s->ret != VL_NONE)
		s->ret = vl_term_subst(ts, s->ret, from, to);
}

/* ---- join ---- */

static bool implied_eq(const struct vl_implied *a, const struct vl_implied *b)
{
	return a->cond == b->cond && a->cpred == b->cpred && a->ck == b->ck &&
	       a->term == b->term && a->pred == b->pred && a->k == b->k;
}

/* Is v loaded through a pointer s knows to be NULL (v is p->f or
 * p->f->g with p == NULL)? */
static bool behind_null(const struct vl_state *s, const struct vl_terms *ts,
			uint32_t v)
{
	int depth = 0;

	while (v != VL_NONE && depth++ < 8) {
		const struct vl_term *t = vl_term(ts, v);

		if (t->kind != VL_T_LOAD ||
		    vl_term(ts, t->a)->kind != VL_T_FIELD)
			return false;
		v = vl_term(ts, t->a)->a;
		if (vl_state_decide(s, ts, v, VL_P_EQ, 0) == VL_TRUE)
			return true;
	}
	return false;
}

static bool is_logic(const struct vl_terms *ts, uint32_t t)
{
	uint8_t k = vl_term(ts, t)->kind;

	return k == VL_T_LAND || k == VL_T_LOR;
}

/* The local l whose value before the join, in old, is t; VL_NONE if
 * none. */
static uint32_t local_holding(const uint32_t *old, uint32_t n, uint32_t t)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (old[i] == t)
			return i;
	return VL_NONE;
}

/* Local x is "p && q" (or "||") of locals p and q on one path (in env
 * from) and the same of theirs on the other (env other): the join keeps
 * the relation over their joined values (merge_both = merge_left &&
 * merge_right, then merge_right = merge_both = false on one path,
 * mm/vma.c).  The joined value, or VL_NONE. */
static uint32_t join_logic(struct vl_terms *ts, const uint32_t *from,
			   const uint32_t *other, const uint32_t *joined,
			   uint32_t n, uint32_t x)
{
	const struct vl_term *t = vl_term(ts, from[x]);
	uint32_t p, q;
	bool is_or;

	if (t->kind != VL_T_LAND && t->kind != VL_T_LOR)
		return VL_NONE;
	is_or = t->kind == VL_T_LOR;
	p = local_holding(from, n, t->args[0]);
	q = local_holding(from, n, t->args[1]);
	if (p == VL_NONE || q == VL_NONE ||
	    vl_t_logic(ts, is_or, other[p], other[q]) != other[x])
		return VL_NONE;
	return vl_t_logic(ts, is_or, joined[p], joined[q]);
}

/* What s knows of value v, as a fact (a constant is one). */
/* A logical value (a comparison, && or ||) or a constant. */
static bool is_truth(const struct vl_terms *ts, uint32_t v)
{
	uint8_t k = vl_term(ts, v)->kind;

	return k == VL_T_TEST || k == VL_T_LAND || k == VL_T_LOR ||
	       k == VL_T_CONST;
}

/*
 * Where one path's value of a local is known true (false) and the
 * other's is not known, the phi is false (true) only on the other path,
 * so its value then is: "if (unlikely(a || !mm))" keeps the operator's
 * value in a temporary, 1 where a short-circuits; where it is 0, mm is
 * not NULL.  Up to max implications into out.
 */
static uint32_t phi_implications(const struct vl_state *a,
				  const struct vl_state *b,
				  struct vl_terms *ts, uint32_t block,
				  uint32_t i, struct vl_implied *out)
{
	uint32_t va = a->env[i], vb = b->env[i], phi, other;
	enum vl_tri da, db, known;

	if (!is_truth(ts, va) && !is_truth(ts, vb))
		return 0;
	phi = vl_t_phi(ts, block, i);
	da = vl_state_decide(a, ts, va, VL_P_NE, 0);
	db = vl_state_decide(b, ts, vb, VL_P_NE, 0);
	if (da != VL_MAYBE && db == VL_MAYBE) {
		known = da;
		other = vb;
	} else if (db != VL_MAYBE && da == VL_MAYBE && va != phi) {
		known = db;
		other = va;
	} else {
		return 0;
	}
	memset(out, 0, sizeof(*out));
	out->cond = phi;
	out->cpred = known == VL_TRUE ? VL_P_EQ : VL_P_NE;
	out->ck = 0;
	out->term = other;
	out->pred = out->cpred;
	out->k = 0;
	return 1;
}

/* Does y's value of local i imply what im does of x's, or fail its
 * test? */
static bool implies_too(const struct vl_state *y, struct vl_terms *ts,
			uint32_t i, const struct vl_implied *im)
{
	uint32_t k;

	if (vl_state_decide(y, ts, y->env[i], im->cpred, im->ck) == VL_FALSE)
		return true;
	for (k = 0; k < y->nimpl; k++) {
		const struct vl_implied *o = &y->impl[k];

		if (o->cond == y->env[i] && o->cpred == im->cpred &&
		    o->ck == im->ck && o->term == im->term &&
		    o->pred == im->pred && o->k == im->k)
			return true;
	}
	return false;
}

/*
 * A test one path has not made yet of the value local i holds there,
 * which the other path's value fails or implies the same of: the same
 * test of the join's phi implies it (ret = __vmf_anon_prepare() or
 * hugetlb_wp() on some paths, a constant on the others: "ret &
 * VM_FAULT_RETRY" still says the fault runs under the VMA lock,
 * hugetlb_no_page()).
 */
static uint32_t carry_implications(const struct vl_state *a,
				   const struct vl_state *b,
				   struct vl_terms *ts, uint32_t block,
				   uint32_t i, struct vl_implied *out,
				   uint32_t max)
{
	uint32_t phi = vl_t_phi(ts, block, i), k, j, n = 0, side;

	for (side = 0; side < 2; side++) {
		const struct vl_state *x = side ? b : a;
		const struct vl_state *y = side ? a : b;

		for (k = 0; k < x->nimpl && n < max; k++) {
			struct vl_implied im = x->impl[k];

			if (im.cond != x->env[i] || im.cond == phi ||
			    !implies_too(y, ts, i, &im))
				continue;
			im.cond = phi;
			for (j = 0; j < n && !implied_eq(&out[j], &im); j++)
				;
			if (j == n)
				out[n++] = im;
		}
	}
	return n;
}

static bool join_common(struct vl_state *a, const struct vl_state *b,
			struct vl_terms *ts, uint32_t block)
{
	bool changed = false;
	uint32_t i, j, n, nphi = 0, nnew = 0;
	uint32_t nl = a->nlocals < b->nlocals ? a->nlocals : b->nlocals;
	struct vl_fact *phi_facts = NULL;
	bool *phi_new = NULL;
	struct vl_implied new_impl[16];

	/* A local whose values differ becomes the join's phi: what both
	 * paths know of their values is known of it ("src_anon_vma" NULL
	 * on one path, a failed lookup's NULL result on the other). */
	for (i = 0; i < nl; i++) {
		struct vl_fact fa, fb;

		if (a->env[i] != b->env[i] &&
		    nnew < VL_ARRAY_SIZE(new_impl))
			nnew += phi_implications(a, b, ts, block, i,
						 &new_impl[nnew]);
		if (a->env[i] != b->env[i])
			nnew += carry_implications(
				a, b, ts, block, i, &new_impl[nnew],
				VL_ARRAY_SIZE(new_impl) - nnew);
		if (a->env[i] == b->env[i] ||
		    !vl_state_value_fact(a, ts, a->env[i], &fa) ||
		    !vl_state_value_fact(b, ts, b->env[i], &fb))
			continue;
		vl_fact_join(&fa, &fb);
		fa.term = vl_t_phi(ts, block, i);
		if (vl_fact_is_trivial(&fa))
			continue;
		if (!phi_facts) {
			phi_facts = vl_xcalloc(nl + 1, sizeof(*phi_facts));
			phi_new = vl_xcalloc(nl + 1, sizeof(*phi_new));
		}
		phi_facts[nphi] = fa;
		/* (Known of the phi already: not a change.) */
		phi_new[nphi++] = a->env[i] != fa.term ||
				  !vl_state_fact(a, fa.term) ||
				  !vl_fact_equal(vl_state_fact(a, fa.term), &fa);
	}

	/* Memory (before the facts, which it looks at): keep cells both
	 * agree on, and a value one path stored only where the object it
	 * lies behind exists (on the other path that object's pointer is
	 * NULL: "if (vp->file) vp->mapping = vma->vm_file->f_mapping"). */
	for (i = 0, n = 0; i < a->nmem; i++) {
		uint32_t vb = vl_state_mem(b, a->mem[i].addr);

		if (vb == a->mem[i].val ||
		    behind_null(b, ts, a->mem[i].val)) {
			a->mem[n++] = a->mem[i];
		} else if (vb != VL_NONE && behind_null(a, ts, vb)) {
			a->mem[i].val = vb;
			a->mem[n++] = a->mem[i];
			changed = true;
		} else {
			changed = true;
		}
	}
	a->nmem = n;
	for (i = 0; i < b->nmem; i++)
		if (vl_state_mem(a, b->mem[i].addr) == VL_NONE &&
		    behind_null(a, ts, b->mem[i].val)) {
			vl_state_set_mem(a, b->mem[i].addr, b->mem[i].val);
			changed = true;
		}
	/* Facts: keep what both know. */
	for (i = 0, n = 0; i < a->nfacts; i++) {
		const struct vl_fact *fb = vl_state_fact(b, a->facts[i].term);
		struct vl_fact f = a->facts[i];

		if (!fb) {
			/* (A phi's fact is made again below.) */
			for (j = 0; j < nphi; j++)
				if (phi_facts[j].term == f.term)
					break;
			changed |= j == nphi;
			continue;
		}
		vl_fact_join(&f, fb);
		if (!vl_fact_equal(&f, &a->facts[i]))
			changed = true;
		if (!vl_fact_is_trivial(&f))
			a->facts[n++] = f;
	}
	a->nfacts = n;
	/* Locals: a value that differs becomes the join's phi; one that is
	 * "p && q" of other locals on both paths stays that of theirs. */
	{
		uint32_t n = a->nlocals < b->nlocals ? a->nlocals : b->nlocals;
		uint32_t *old = NULL;

		/* (The values before the join are kept only where one that
		 * differs is a logical value.) */
		for (i = 0; i < n && !old; i++)
			if (a->env[i] != b->env[i] &&
			    (is_logic(ts, a->env[i]) || is_logic(ts, b->env[i]))) {
				old = vl_xmalloc(sizeof(*old) * (n + 1));
				memcpy(old, a->env, sizeof(*old) * n);
			}
		for (i = 0; i < n; i++) {
			if (a->env[i] != b->env[i]) {
				uint32_t phi = vl_t_phi(ts, block, i);

				if (a->env[i] != phi) {
					a->env[i] = phi;
					changed = true;
				}
			}
		}
		for (i = 0; old && i < n; i++) {
			uint32_t v;

			if (old[i] == b->env[i])
				continue;
			v = join_logic(ts, old, b->env, a->env, n, i);
			if (v == VL_NONE)
				v = join_logic(ts, b->env, old, a->env, n, i);
			if (v == VL_NONE || v == a->env[i])
				continue;
			changed |= v != old[i];
			a->env[i] = v;
		}
		free(old);
	}
	for (i = 0; i < nphi; i++) {
		*fact_get(a, phi_facts[i].term) = phi_facts[i];
		changed |= phi_new[i];
	}
	free(phi_facts);
	free(phi_new);
	if (a->ret != b->ret && a->ret != VL_NONE) {
		a->ret = VL_NONE;
		changed = true;
	}
	/* New objects: new only if new on both paths. */
	for (i = 0, n = 0; i < a->npriv; i++) {
		if (vl_state_is_private(b, a->priv[i]))
			a->priv[n++] = a->priv[i];
		else
			changed = true;
	}
	a->npriv = n;
	/* Implications both paths still wait for, and those on this
	 * join's phi whose condition b's value of the local makes false
	 * (true of b's paths too). */
	for (i = 0, n = 0; i < a->nimpl; i++) {
		const struct vl_term *c = vl_term(ts, a->impl[i].cond);
		bool in_b = false;

		for (j = 0; j < b->nimpl && !in_b; j++)
			in_b = implied_eq(&a->impl[i], &b->impl[j]);
		if (!in_b && c->kind == VL_T_PHI && c->a == block &&
		    c->b < nl)
			in_b = vl_state_decide(b, ts, b->env[c->b],
					       a->impl[i].cpred,
					       a->impl[i].ck) == VL_FALSE;
		if (in_b)
			a->impl[n++] = a->impl[i];
		else
			changed = true;
	}
	a->nimpl = n;
	for (i = 0; i < nnew; i++) {
		for (j = 0; j < a->nimpl; j++)
			if (implied_eq(&a->impl[j], &new_impl[i]))
				break;
		if (j == a->nimpl) {
			VL_PUSH(a->impl, a->nimpl, a->capimpl) = new_impl[i];
			changed = true;
		}
	}
	/* Locks the callers hold: the union (a requirement of either
	 * path is one of the function). */
	for (j = 0; j < b->nentry; j++) {
		if (vl_state_has_entry(a, b->entry[j].addr))
			continue;
		vl_state_add_entry(a, b->entry[j].addr, b->entry[j].cls,
				   b->entry[j].mode);
		changed = true;
	}
	/* Released locks: the union, for notes only (not "changed"). */
	for (j = 0; j < b->ndropped; j++) {
		for (i = 0; i < a->ndropped; i++)
			if (a->dropped[i].addr == b->dropped[j].addr)
				break;
		if (i == a->ndropped && a->ndropped < VL_MAX_DROPPED)
			a->dropped[a->ndropped++] = b->dropped[j];
	}
	return changed;
}

bool vl_state_join(struct vl_state *a, const struct vl_state *b,
		   struct vl_terms *ts, uint32_t block)
{
	return join_common(a, b, ts, block);
}

/*
 * A lock assumed held because the callers hold it (after a requirement
 * went to them), on a path that never needed it: the callers hold it
 * there too, unless that path let it go.
 */
static bool callers_lock_there(const struct vl_held *h,
			       const struct vl_state *other)
{
	uint32_t i;

	if (!(h->flags & VL_HF_ASSUMED) || vl_state_has_entry(other, h->addr))
		return false;
	for (i = 0; i < other->ndropped; i++)
		if (other->dropped[i].addr == h->addr)
			return false;
	return true;
}

bool vl_state_join_locks(struct vl_state *a, const struct vl_state *b,
			 struct vl_terms *ts, uint32_t block)
{
	bool changed = false;
	uint32_t i, j;

	for (i = 0; i < a->nheld; i++) {
		struct vl_held *h = &a->held[i];
		const struct vl_held *o = NULL;

		for (j = 0; j < b->nheld; j++) {
			if (b->held[j].addr == h->addr &&
			    b->held[j].cls == h->cls) {
				o = &b->held[j];
				break;
			}
		}
		if (!o) {
			if (callers_lock_there(h, b))
				continue;
			if (!(h->flags & VL_HF_MAYBE)) {
				h->flags |= VL_HF_MAYBE;
				changed = true;
			}
			continue;
		}
		if (o->mode < h->mode) {
			h->mode = o->mode;
			changed = true;
		}
		if ((o->flags & VL_HF_MAYBE) && !(h->flags & VL_HF_MAYBE)) {
			h->flags |= VL_HF_MAYBE;
			changed = true;
		}
		if (h->cond != o->cond ||
		    (h->cond != VL_NONE && (h->cond_pred != o->cond_pred ||
					    h->cond_k != o->cond_k))) {
			if (h->cond != VL_NONE || !(h->flags & VL_HF_MAYBE))
				changed = true;
			h->cond = VL_NONE;
			h->flags |= VL_HF_MAYBE;
		}
	}
	for (j = 0; j < b->nheld; j++) {
		struct vl_held h = b->held[j];

		for (i = 0; i < a->nheld; i++)
			if (a->held[i].addr == h.addr && a->held[i].cls == h.cls)
				break;
		if (i < a->nheld)
			continue;
		if (!callers_lock_there(&h, a))
			h.flags |= VL_HF_MAYBE;
		h.cond = VL_NONE;
		vl_state_add_held(a, &h);
		changed = true;
	}
	return join_common(a, b, ts, block) || changed;
}

bool vl_state_equal(const struct vl_state *a, const struct vl_state *b)
{
	uint32_t i;

	if (!vl_state_same_locks(a, b) || a->nfacts != b->nfacts ||
	    a->nmem != b->nmem || a->nlocals != b->nlocals ||
	    a->ret != b->ret || a->npriv != b->npriv || a->nimpl != b->nimpl ||
	    a->nentry != b->nentry)
		return false;
	for (i = 0; i < a->nentry; i++)
		if (a->entry[i].addr != b->entry[i].addr ||
		    a->entry[i].cls != b->entry[i].cls ||
		    a->entry[i].mode != b->entry[i].mode)
			return false;
	if (a->npriv && memcmp(a->priv, b->priv, sizeof(*a->priv) * a->npriv))
		return false;
	for (i = 0; i < a->nimpl; i++)
		if (!implied_eq(&a->impl[i], &b->impl[i]))
			return false;
	for (i = 0; i < a->nfacts; i++)
		if (!vl_fact_equal(&a->facts[i], &b->facts[i]))
			return false;
	if (a->nmem && memcmp(a->mem, b->mem, sizeof(*a->mem) * a->nmem))
		return false;
	return !a->nlocals ||
	       !memcmp(a->env, b->env, sizeof(*a->env) * a->nlocals);
}
