/*
 * Hash-consed symbolic values (see term.h).
 */
#include "term.h"

#include <stdlib.h>
#include <string.h>

#include "ir.h"

void vl_terms_init(struct vl_terms *ts)
{
	memset(ts, 0, sizeof(*ts));
	ts->nslots = 1024;
	ts->slots = vl_xcalloc(ts->nslots, sizeof(*ts->slots));
	vl_arena_init(&ts->arena);
}

void vl_terms_free(struct vl_terms *ts)
{
	free(ts->t);
	free(ts->slots);
	vl_arena_free(&ts->arena);
	memset(ts, 0, sizeof(*ts));
}

static uint32_t term_hash(const struct vl_term *t)
{
	uint32_t h = vl_hash_mix32(t->kind, t->pred);
	uint32_t i;

	h = vl_hash_mix32(h, t->a);
	h = vl_hash_mix32(h, t->b);
	h = vl_hash_mix32(h, (uint32_t)t->k);
	h = vl_hash_mix32(h, (uint32_t)((uint64_t)t->k >> 32));
	h = vl_hash_mix32(h, (uint32_t)(uintptr_t)t->name);
	for (i = 0; i < t->nargs; i++)
		h = vl_hash_mix32(h, t->args[i]);
	return h;
}

static bool term_eq(const struct vl_term *x, const struct vl_term *y)
{
	if (x->kind != y->kind || x->pred != y->pred || x->a != y->a ||
	    x->b != y->b || x->k != y->k || x->name != y->name ||
	    x->nargs != y->nargs)
		return false;
	return x->nargs == 0 ||
	       memcmp(x->args, y->args, sizeof(*x->args) * x->nargs) == 0;
}

static void rehash(struct vl_terms *ts)
{
	uint32_t i;

	free(ts->slots);
	ts->nslots *= 2;
	ts->slots = vl_xcalloc(ts->nslots, sizeof(*ts->slots));
	for (i = 0; i < ts->n; i++) {
		uint32_t j = ts->t[i].hash & (ts->nslots - 1);

		while (ts->slots[j])
			j = (j + 1) & (ts->nslots - 1);
		ts->slots[j] = i + 1;
	}
}

static uint32_t intern(struct vl_terms *ts, struct vl_term *t)
{
	uint32_t j;

	t->hash = term_hash(t);
	if ((ts->n + 1) * 2 > ts->nslots)
		rehash(ts);
	j = t->hash & (ts->nslots - 1);
	while (ts->slots[j]) {
		struct vl_term *e = &ts->t[ts->slots[j] - 1];

		if (e->hash == t->hash && term_eq(e, t)) {
			if (!e->rec && t->rec)
				e->rec = t->rec;
			return ts->slots[j] - 1;
		}
		j = (j + 1) & (ts->nslots - 1);
	}
	if (t->nargs) {
		uint32_t *a = vl_arena_alloc(&ts->arena,
					     sizeof(*a) * t->nargs);

		memcpy(a, t->args, sizeof(*a) * t->nargs);
		t->args = a;
	}
	VL_PUSH(ts->t, ts->n, ts->cap) = *t;
	ts->slots[j] = ts->n;
	return ts->n - 1;
}

static uint32_t mk(struct vl_terms *ts, uint8_t kind, uint32_t a, uint32_t b,
		   int64_t k, const char *name)
{
	struct vl_term t;

	memset(&t, 0, sizeof(t));
	t.kind = kind;
	t.a = a;
	t.b = b;
	t.k = k;
	t.name = name;
	return intern(ts, &t);
}

uint32_t vl_t_param(struct vl_terms *ts, uint32_t i)
{
	return mk(ts, VL_T_PARAM, i, 0, 0, NULL);
}

uint32_t vl_t_uninit(struct vl_terms *ts, uint32_t local)
{
	return mk(ts, VL_T_UNINIT, local, 0, 0, NULL);
}

uint32_t vl_t_global(struct vl_terms *ts, const char *name)
{
	return mk(ts, VL_T_GLOBAL, 0, 0, 0, name);
}

uint32_t vl_t_func(struct vl_terms *ts, const char *name)
{
	return mk(ts, VL_T_FUNC, 0, 0, 0, name);
}

uint32_t vl_t_const(struct vl_terms *ts, int64_t k)
{
	return mk(ts, VL_T_CONST, 0, 0, k, NULL);
}

uint32_t vl_t_call(struct vl_terms *ts, uint32_t site, const char *callee)
{
	return mk(ts, VL_T_CALL, site, 0, 0, callee);
}

uint32_t vl_t_pure(struct vl_terms *ts, const char *callee,
		   const uint32_t *args, uint32_t nargs)
{
	struct vl_term t;

	memset(&t, 0, sizeof(t));
	t.kind = VL_T_PURE;
	t.name = callee;
	t.args = args;
	t.nargs = nargs;
	return intern(ts, &t);
}

uint32_t vl_t_out(struct vl_terms *ts, uint32_t site, uint32_t arg)
{
	return mk(ts, VL_T_OUT, site, arg, 0, NULL);
}

uint32_t vl_t_phi(struct vl_terms *ts, uint32_t block, uint32_t local)
{
	return mk(ts, VL_T_PHI, block, local, 0, NULL);
}

uint32_t vl_t_unknown(struct vl_terms *ts, uint32_t expr)
{
	return mk(ts, VL_T_UNKNOWN, expr, 0, 0, NULL);
}

uint32_t vl_t_field(struct vl_terms *ts, uint32_t base, const char *rec,
		    const char *field)
{
	struct vl_term t;

	memset(&t, 0, sizeof(t));
	t.kind = VL_T_FIELD;
	t.a = base;
	t.name = field;
	t.rec = rec;
	return intern(ts, &t);
}

uint32_t vl_t_load(struct vl_terms *ts, uint32_t addr)
{
	return mk(ts, VL_T_LOAD, addr, 0, 0, NULL);
}

uint32_t vl_t_addr_local(struct vl_terms *ts, uint32_t local)
{
	return mk(ts, VL_T_ADDR_LOCAL, local, 0, 0, NULL);
}

uint32_t vl_t_old(struct vl_terms *ts, uint32_t t)
{
	if (ts->t[t].kind == VL_T_OLD)
		return t;
	return mk(ts, VL_T_OLD, t, 0, 0, NULL);
}

uint8_t vl_pred_negate(uint8_t pred)
{
	switch (pred) {
	case VL_P_EQ:
		return VL_P_NE;
	case VL_P_NE:
		return VL_P_EQ;
	case VL_P_LT:
		return VL_P_GE;
	case VL_P_GE:
		return VL_P_LT;
	case VL_P_LE:
		return VL_P_GT;
	case VL_P_GT:
		return VL_P_LE;
	case VL_P_BITS_ANY:
		return VL_P_BITS_NONE;
	default:
		return VL_P_BITS_ANY;
	}
}

bool vl_pred_eval(uint8_t pred, int64_t x, int64_t k)
{
	switch (pred) {
	case VL_P_EQ:
		return x == k;
	case VL_P_NE:
		return x != k;
	case VL_P_LT:
		return x < k;
	case VL_P_LE:
		return x <= k;
	case VL_P_GT:
		return x > k;
	case VL_P_GE:
		return x >= k;
	case VL_P_BITS_ANY:
		return (x & k) != 0;
	default:
		return (x & k) == 0;
	}
}

uint32_t vl_t_test(struct vl_terms *ts, uint32_t t, uint8_t pred, int64_t k)
{
	const struct vl_term *x = &ts->t[t];

	if (x->kind == VL_T_CONST)
		return vl_t_const(ts, vl_pred_eval(pred, x->k, k));
	/* a && b and a == b are 0 or 1 already. */
	if ((x->kind == VL_T_LAND || x->kind == VL_T_LOR ||
	     x->kind == VL_T_EQ) &&
	    k == 0 && pred == VL_P_NE)
		return t;
	/* A test's value is 0 or 1: !(test) flips it, !!(test) keeps it. */
	if (x->kind == VL_T_TEST && k == 0 &&
	    (pred == VL_P_EQ || pred == VL_P_NE)) {
		uint8_t p = pred == VL_P_EQ ? vl_pred_negate(x->pred) : x->pred;

		return vl_t_test(ts, x->a, p, x->k);
	}
	if (x->kind == VL_T_BITAND && k == 0 &&
	    (pred == VL_P_EQ || pred == VL_P_NE))
		return vl_t_test(ts, x->a,
				 pred == VL_P_NE ? VL_P_BITS_ANY :
						   VL_P_BITS_NONE,
				 x->k);
	{
		struct vl_term n;

		memset(&n, 0, sizeof(n));
		n.kind = VL_T_TEST;
		n.a = t;
		n.pred = pred;
		n.k = k;
		return intern(ts, &n);
	}
}

uint32_t vl_t_keepbits(struct vl_terms *ts, uint32_t old, uint32_t nv,
		       int64_t changed)
{
	uint32_t args[2] = { old, nv };
	struct vl_term t;

	memset(&t, 0, sizeof(t));
	t.kind = VL_T_KEEPBITS;
	t.args = args;
	t.nargs = 2;
	t.k = changed;
	return intern(ts, &t);
}

uint32_t vl_t_bitand(struct vl_terms *ts, uint32_t t, int64_t mask)
{
	if (ts->t[t].kind == VL_T_CONST)
		return vl_t_const(ts, ts->t[t].k & mask);
	/* Bits a callee left alone are the old value's. */
	if (ts->t[t].kind == VL_T_KEEPBITS && !(ts->t[t].k & mask))
		return vl_t_bitand(ts, ts->t[t].args[0], mask);
	/* (x & a) & b is x & (a & b), and (x | a) & b is x & b where a
	 * has none of b's bits: (0x20 | (i << 16)) & 0x400 is 0. */
	if (ts->t[t].kind == VL_T_BITAND)
		return vl_t_bitand(ts, ts->t[t].a, ts->t[t].k & mask);
	if (ts->t[t].kind == VL_T_BITOR && !(ts->t[t].k & mask))
		return vl_t_bitand(ts, ts->t[t].a, mask);
	if (!mask)
		return vl_t_const(ts, 0);
	return mk(ts, VL_T_BITAND, t, 0, mask, NULL);
}

uint32_t vl_t_bitor(struct vl_terms *ts, uint32_t t, int64_t mask)
{
	if (ts->t[t].kind == VL_T_CONST)
		return vl_t_const(ts, ts->t[t].k | mask);
	/* (x | a) | b is x | (a | b). */
	if (ts->t[t].kind == VL_T_BITOR)
		return mk(ts, VL_T_BITOR, ts->t[t].a, 0, ts->t[t].k | mask, NULL);
	return mk(ts, VL_T_BITOR, t, 0, mask, NULL);
}

uint32_t vl_t_offset(struct vl_terms *ts, uint32_t t, int64_t n)
{
	if (ts->t[t].kind == VL_T_OFFSET) {
		n += ts->t[t].k;
		t = ts->t[t].a;
	}
	if (!n)
		return t;
	return mk(ts, VL_T_OFFSET, t, 0, n, NULL);
}

uint32_t vl_t_logic(struct vl_terms *ts, bool is_or, uint32_t a, uint32_t b)
{
	const struct vl_term *x = &ts->t[a];
	uint32_t args[2] = { a, b };
	struct vl_term t;

	/* A constant operand decides or leaves the other one. */
	if (x->kind == VL_T_CONST) {
		if ((x->k != 0) == is_or)
			return vl_t_const(ts, is_or);
		return vl_t_test(ts, b, VL_P_NE, 0);
	}
	if (ts->t[b].kind == VL_T_CONST) {
		if ((ts->t[b].k != 0) == is_or)
			return vl_t_const(ts, is_or);
		return vl_t_test(ts, a, VL_P_NE, 0);
	}
	memset(&t, 0, sizeof(t));
	t.kind = is_or ? VL_T_LOR : VL_T_LAND;
	t.args = args;
	t.nargs = 2;
	return intern(ts, &t);
}

/* Is t an address that is never NULL and is known by name? */
static bool named_address(const struct vl_term *t)
{
	return t->kind == VL_T_GLOBAL || t->kind == VL_T_FUNC;
}

uint32_t vl_t_eq(struct vl_terms *ts, uint32_t a, uint32_t b)
{
	const struct vl_term *x = &ts->t[a], *y = &ts->t[b];
	uint32_t args[2];
	struct vl_term t;

	if (a == b)
		return vl_t_const(ts, 1);
	if (x->kind == VL_T_CONST && y->kind == VL_T_CONST)
		return vl_t_const(ts, x->k == y->k);
	if ((named_address(x) && named_address(y)) ||
	    (named_address(x) && y->kind == VL_T_CONST && y->k == 0) ||
	    (named_address(y) && x->kind == VL_T_CONST && x->k == 0))
		return vl_t_const(ts, 0);
	args[0] = a < b ? a : b;
	args[1] = a < b ? b : a;
	memset(&t, 0, sizeof(t));
	t.kind = VL_T_EQ;
	t.args = args;
	t.nargs = 2;
	return intern(ts, &t);
}

uint32_t vl_t_eq_find(const struct vl_terms *ts, uint32_t a, uint32_t b)
{
	uint32_t args[2], j;
	struct vl_term t;

	memset(&t, 0, sizeof(t));
	args[0] = a < b ? a : b;
	args[1] = a < b ? b : a;
	t.kind = VL_T_EQ;
	t.args = args;
	t.nargs = 2;
	t.hash = term_hash(&t);
	if (!ts->nslots)
		return VL_NONE;
	for (j = t.hash & (ts->nslots - 1); ts->slots[j];
	     j = (j + 1) & (ts->nslots - 1)) {
		const struct vl_term *e = &ts->t[ts->slots[j] - 1];

		if (e->hash == t.hash && term_eq(e, &t))
			return ts->slots[j] - 1;
	}
	return VL_NONE;
}

uint32_t vl_t_lockobj(struct vl_terms *ts, uint32_t owner, uint32_t cls)
{
	return mk(ts, VL_T_LOCKOBJ, owner, cls, 0, NULL);
}

/* Which fields of a term are sub-terms. */
static bool has_sub_a(uint8_t kind)
{
	switch (kind) {
	case VL_T_FIELD:
	case VL_T_LOAD:
	case VL_T_OLD:
	case VL_T_TEST:
	case VL_T_BITAND:
	case VL_T_BITOR:
	case VL_T_LOCKOBJ:
	case VL_T_OFFSET:
		return true;
	default:
		return false;
	}
}

bool vl_term_contains(const struct vl_terms *ts, uint32_t t, uint32_t sub)
{
	const struct vl_term *x;
	uint32_t i;

	for (;;) {
		if (t == sub)
			return true;
		x = &ts->t[t];
		if (x->nargs) {
			for (i = 0; i < x->nargs; i++)
				if (vl_term_contains(ts, x->args[i], sub))
					return true;
			return false;
		}
		if (!has_sub_a(x->kind))
			return false;
		/* Sub-terms are always created before their parents. */
		if (sub > t)
			return false;
		t = x->a;
	}
}

uint32_t vl_term_subst(struct vl_terms *ts, uint32_t t, uint32_t from,
		       uint32_t to)
{
	struct vl_term n;
	uint32_t sub;

	if (t == from)
		return to;
	if (from > t || !vl_term_contains(ts, t, from))
		return t;
	n = ts->t[t];
	if (n.nargs) {
		uint32_t args[16], i;

		if (n.nargs > VL_ARRAY_SIZE(args))
			return t;
		for (i = 0; i < n.nargs; i++)
			args[i] = vl_term_subst(ts, n.args[i], from, to);
		if (n.kind == VL_T_EQ)
			return vl_t_eq(ts, args[0], args[1]);
		n.args = args;
		return intern(ts, &n);
	}
	sub = vl_term_subst(ts, n.a, from, to);
	switch (n.kind) {
	case VL_T_OLD:
		return vl_t_old(ts, sub);
	case VL_T_TEST:
		return vl_t_test(ts, sub, n.pred, n.k);
	case VL_T_BITAND:
		return vl_t_bitand(ts, sub, n.k);
	case VL_T_BITOR:
		return vl_t_bitor(ts, sub, n.k);
	case VL_T_OFFSET:
		return vl_t_offset(ts, sub, n.k);
	default:
		n.a = sub;
		return intern(ts, &n);
	}
}

bool vl_term_is_address(const struct vl_terms *ts, uint32_t t)
{
	switch (ts->t[t].kind) {
	case VL_T_GLOBAL:
	case VL_T_FUNC:
	case VL_T_FIELD:
	case VL_T_ADDR_LOCAL:
	case VL_T_LOCKOBJ:
		return true;
	default:
		return false;
	}
}
