/*
 * Unit tests of the analysis values and states: hash-consed terms
 * (core/term.c), branch facts (core/facts.c) and abstract states
 * (core/state.c): lock entries, assumptions and try-locks, renaming,
 * joins and equality.
 */
#include "core/facts.h"
#include "core/ir.h"
#include "core/state.h"
#include "core/term.h"
#include "vl_test.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct vl_strtab strs;

static const char *S(const char *s)
{
	return vl_intern(&strs, s);
}

/* ---- terms ---- */

static void test_term_identity(void)
{
	struct vl_terms ts;
	uint32_t p0, p1, f, f2, g, c, args[2], pu, ids[3000], i;
	bool same;

	vl_terms_init(&ts);
	p0 = vl_t_param(&ts, 0);
	p1 = vl_t_param(&ts, 1);
	CHECK(p0 != p1);
	CHECK(vl_t_param(&ts, 0) == p0);
	CHECK(vl_term(&ts, p0)->kind == VL_T_PARAM);
	CHECK(vl_term(&ts, p1)->a == 1);
	/* Different kinds with the same operands are different values. */
	CHECK(vl_t_uninit(&ts, 0) != p0);
	CHECK(vl_t_addr_local(&ts, 0) != vl_t_uninit(&ts, 0));
	CHECK(vl_t_const(&ts, 0) != p0);
	CHECK(vl_t_const(&ts, 7) == vl_t_const(&ts, 7));
	CHECK(vl_t_const(&ts, 7) != vl_t_const(&ts, -7));
	CHECK(vl_t_const(&ts, INT64_MIN) != vl_t_const(&ts, 0));
	CHECK(vl_t_const(&ts, (int64_t)1 << 32) != vl_t_const(&ts, 0));
	CHECK(vl_term(&ts, vl_t_const(&ts, -7))->k == -7);
	CHECK(vl_t_global(&ts, S("init_mm")) == vl_t_global(&ts, S("init_mm")));
	CHECK(vl_t_global(&ts, S("init_mm")) != vl_t_global(&ts, S("other")));
	CHECK(vl_t_global(&ts, S("f")) != vl_t_func(&ts, S("f")));
	CHECK(vl_t_call(&ts, 3, S("f")) == vl_t_call(&ts, 3, S("f")));
	CHECK(vl_t_call(&ts, 3, S("f")) != vl_t_call(&ts, 4, S("f")));
	CHECK(vl_t_out(&ts, 3, 1) != vl_t_out(&ts, 3, 2));
	CHECK(vl_t_phi(&ts, 2, 5) == vl_t_phi(&ts, 2, 5));
	CHECK(vl_t_phi(&ts, 2, 5) != vl_t_phi(&ts, 5, 2));
	CHECK(vl_t_unknown(&ts, 9) == vl_t_unknown(&ts, 9));
	CHECK(vl_t_lockobj(&ts, p0, 1) != vl_t_lockobj(&ts, p0, 2));
	CHECK(vl_t_lockobj(&ts, p0, 1) == vl_t_lockobj(&ts, p0, 1));
	CHECK(vl_t_load(&ts, p0) != vl_t_load(&ts, p1));

	/* A field's record is not part of its identity, and is kept. */
	f = vl_t_field(&ts, p0, NULL, S("vm_start"));
	CHECK(vl_term(&ts, f)->rec == NULL);
	f2 = vl_t_field(&ts, p0, S("vm_area_struct"), S("vm_start"));
	CHECK(f2 == f);
	CHECK(vl_term(&ts, f)->rec == S("vm_area_struct"));
	CHECK(vl_t_field(&ts, p0, NULL, S("vm_start")) == f);
	CHECK(vl_term(&ts, f)->rec == S("vm_area_struct"));
	CHECK(vl_t_field(&ts, p0, NULL, S("vm_end")) != f);
	CHECK(vl_t_field(&ts, p1, NULL, S("vm_start")) != f);
	g = vl_t_field(&ts, vl_t_load(&ts, f), NULL, S("vm_start"));
	CHECK(g != f);

	/* Pure calls: by callee and arguments. */
	c = vl_t_const(&ts, 3);
	args[0] = p0;
	args[1] = c;
	pu = vl_t_pure(&ts, S("get_current"), args, 2);
	CHECK(vl_t_pure(&ts, S("get_current"), args, 2) == pu);
	CHECK(vl_t_pure(&ts, S("get_current"), args, 1) != pu);
	CHECK(vl_t_pure(&ts, S("other"), args, 2) != pu);
	args[1] = p1;
	CHECK(vl_t_pure(&ts, S("get_current"), args, 2) != pu);
	/* the arguments were copied */
	CHECK(vl_term(&ts, pu)->nargs == 2 && vl_term(&ts, pu)->args[1] == c);
	CHECK(vl_t_pure(&ts, S("none"), NULL, 0) ==
	      vl_t_pure(&ts, S("none"), NULL, 0));

	/* Identity survives the table growing. */
	for (i = 0; i < VL_ARRAY_SIZE(ids); i++)
		ids[i] = vl_t_const(&ts, 1000 + (int64_t)i);
	same = true;
	for (i = 0; i < VL_ARRAY_SIZE(ids); i++)
		same &= vl_t_const(&ts, 1000 + (int64_t)i) == ids[i];
	CHECK(same);
	CHECK(vl_t_param(&ts, 0) == p0);
	CHECK(vl_t_field(&ts, p0, NULL, S("vm_start")) == f);
	args[1] = c;
	CHECK(vl_t_pure(&ts, S("get_current"), args, 2) == pu);

	/* Addresses are never NULL. */
	CHECK(vl_term_is_address(&ts, f));
	CHECK(vl_term_is_address(&ts, vl_t_global(&ts, S("init_mm"))));
	CHECK(vl_term_is_address(&ts, vl_t_func(&ts, S("f"))));
	CHECK(vl_term_is_address(&ts, vl_t_addr_local(&ts, 2)));
	CHECK(vl_term_is_address(&ts, vl_t_lockobj(&ts, p0, 1)));
	CHECK(!vl_term_is_address(&ts, p0));
	CHECK(!vl_term_is_address(&ts, vl_t_load(&ts, f)));
	CHECK(!vl_term_is_address(&ts, vl_t_call(&ts, 1, S("f"))));
	CHECK(!vl_term_is_address(&ts, c));
	vl_terms_free(&ts);
}

static void test_term_test(void)
{
	static const uint8_t preds[] = { VL_P_EQ, VL_P_NE, VL_P_LT,
					 VL_P_LE, VL_P_GT, VL_P_GE,
					 VL_P_BITS_ANY, VL_P_BITS_NONE };
	struct vl_terms ts;
	uint32_t x, t, nt, b, i;
	int64_t v;

	vl_terms_init(&ts);
	x = vl_t_call(&ts, 1, S("f"));

	/* Negation pairs, and negating twice gives the predicate back. */
	CHECK(vl_pred_negate(VL_P_EQ) == VL_P_NE);
	CHECK(vl_pred_negate(VL_P_NE) == VL_P_EQ);
	CHECK(vl_pred_negate(VL_P_LT) == VL_P_GE);
	CHECK(vl_pred_negate(VL_P_GE) == VL_P_LT);
	CHECK(vl_pred_negate(VL_P_LE) == VL_P_GT);
	CHECK(vl_pred_negate(VL_P_GT) == VL_P_LE);
	CHECK(vl_pred_negate(VL_P_BITS_ANY) == VL_P_BITS_NONE);
	CHECK(vl_pred_negate(VL_P_BITS_NONE) == VL_P_BITS_ANY);
	for (i = 0; i < VL_ARRAY_SIZE(preds); i++) {
		CHECK(vl_pred_negate(vl_pred_negate(preds[i])) == preds[i]);
		/* !(x P k) is (x opp(P) k) on every value */
		for (v = -3; v <= 8; v++)
			CHECK(vl_pred_eval(preds[i], v, 5) !=
			      vl_pred_eval(vl_pred_negate(preds[i]), v, 5));
	}
	CHECK(vl_pred_eval(VL_P_LT, -1, 0));
	CHECK(!vl_pred_eval(VL_P_LE, 1, 0));
	CHECK(vl_pred_eval(VL_P_BITS_ANY, 6, 2));
	CHECK(!vl_pred_eval(VL_P_BITS_ANY, 6, 1));
	CHECK(vl_pred_eval(VL_P_BITS_NONE, 6, 9));

	/* A plain test. */
	t = vl_t_test(&ts, x, VL_P_LT, 3);
	CHECK(vl_term(&ts, t)->kind == VL_T_TEST);
	CHECK(vl_term(&ts, t)->a == x && vl_term(&ts, t)->pred == VL_P_LT &&
	      vl_term(&ts, t)->k == 3);
	CHECK(vl_t_test(&ts, x, VL_P_LT, 3) == t);
	CHECK(vl_t_test(&ts, x, VL_P_LE, 3) != t);
	CHECK(vl_t_test(&ts, x, VL_P_LT, 4) != t);

	/* Constants fold. */
	CHECK(vl_t_test(&ts, vl_t_const(&ts, 5), VL_P_GT, 3) ==
	      vl_t_const(&ts, 1));
	CHECK(vl_t_test(&ts, vl_t_const(&ts, 5), VL_P_LT, 3) ==
	      vl_t_const(&ts, 0));
	CHECK(vl_t_test(&ts, vl_t_const(&ts, 6), VL_P_BITS_ANY, 1) ==
	      vl_t_const(&ts, 0));
	CHECK(vl_t_test(&ts, vl_t_const(&ts, 0), VL_P_EQ, 0) ==
	      vl_t_const(&ts, 1));
	CHECK(vl_t_bitand(&ts, vl_t_const(&ts, 6), 3) == vl_t_const(&ts, 2));

	/* !(x < 3) is x >= 3; !!(x < 3) is x < 3. */
	nt = vl_t_test(&ts, t, VL_P_EQ, 0);
	CHECK(nt == vl_t_test(&ts, x, VL_P_GE, 3));
	CHECK(vl_t_test(&ts, t, VL_P_NE, 0) == t);
	CHECK(vl_t_test(&ts, nt, VL_P_EQ, 0) == t);
	/* !!x is x != 0, !x is x == 0 */
	CHECK(vl_t_test(&ts, vl_t_test(&ts, x, VL_P_EQ, 0), VL_P_EQ, 0) ==
	      vl_t_test(&ts, x, VL_P_NE, 0));
	CHECK(vl_t_test(&ts,
			vl_t_test(&ts, vl_t_test(&ts, x, VL_P_EQ, 0),
				  VL_P_EQ, 0),
			VL_P_EQ, 0) == vl_t_test(&ts, x, VL_P_EQ, 0));
	/* Comparing a test with something other than 0 stays as it is. */
	CHECK(vl_term(&ts, vl_t_test(&ts, t, VL_P_EQ, 1))->a == t);

	/* (x & 4) != 0 is a bit test, (x & 4) == 0 its negation. */
	b = vl_t_bitand(&ts, x, 4);
	CHECK(vl_term(&ts, b)->kind == VL_T_BITAND &&
	      vl_term(&ts, b)->a == x && vl_term(&ts, b)->k == 4);
	CHECK(vl_t_test(&ts, b, VL_P_NE, 0) ==
	      vl_t_test(&ts, x, VL_P_BITS_ANY, 4));
	CHECK(vl_t_test(&ts, b, VL_P_EQ, 0) ==
	      vl_t_test(&ts, x, VL_P_BITS_NONE, 4));
	CHECK(vl_t_test(&ts, vl_t_test(&ts, b, VL_P_NE, 0), VL_P_EQ, 0) ==
	      vl_t_test(&ts, x, VL_P_BITS_NONE, 4));
	CHECK(vl_term(&ts, vl_t_test(&ts, b, VL_P_EQ, 4))->a == b);

	/* One generation of old values. */
	t = vl_t_old(&ts, x);
	CHECK(t != x);
	CHECK(vl_term(&ts, t)->kind == VL_T_OLD && vl_term(&ts, t)->a == x);
	CHECK(vl_t_old(&ts, t) == t);
	CHECK(vl_t_old(&ts, x) == t);
	CHECK(vl_t_old(&ts, vl_t_param(&ts, 0)) != t);
	vl_terms_free(&ts);
}

static void test_term_subst(void)
{
	struct vl_terms ts;
	uint32_t p0, p1, p2, fa, la, fb, lb, tst, pu, args[2], lo, old, c;

	vl_terms_init(&ts);
	p0 = vl_t_param(&ts, 0);
	p1 = vl_t_param(&ts, 1);
	p2 = vl_t_param(&ts, 2);
	/* p0->a->b */
	fa = vl_t_field(&ts, p0, S("r"), S("a"));
	la = vl_t_load(&ts, fa);
	fb = vl_t_field(&ts, la, S("s"), S("b"));
	lb = vl_t_load(&ts, fb);
	tst = vl_t_test(&ts, lb, VL_P_EQ, 0);
	args[0] = p2;
	args[1] = lb;
	pu = vl_t_pure(&ts, S("fn"), args, 2);
	lo = vl_t_lockobj(&ts, la, 4);
	old = vl_t_old(&ts, la);

	CHECK(vl_term_contains(&ts, lb, p0));
	CHECK(vl_term_contains(&ts, lb, fa));
	CHECK(vl_term_contains(&ts, lb, lb));
	CHECK(!vl_term_contains(&ts, lb, p1));
	CHECK(!vl_term_contains(&ts, p0, lb));
	CHECK(!vl_term_contains(&ts, fa, fb));
	CHECK(vl_term_contains(&ts, tst, p0));
	CHECK(vl_term_contains(&ts, pu, p0));
	CHECK(vl_term_contains(&ts, pu, p2));
	CHECK(!vl_term_contains(&ts, pu, p1));
	CHECK(vl_term_contains(&ts, lo, p0));
	CHECK(vl_term_contains(&ts, old, p0));
	CHECK(vl_term_contains(&ts, vl_t_bitand(&ts, lb, 2), fb));
	/* phi, call, out: no sub-terms */
	CHECK(!vl_term_contains(&ts, vl_t_phi(&ts, 0, 0), p0));
	CHECK(!vl_term_contains(&ts, vl_t_call(&ts, 0, S("f")), p0));

	/* Replace p0 by p1 everywhere inside. */
	CHECK(vl_term_subst(&ts, p0, p0, p1) == p1);
	CHECK(vl_term_subst(&ts, lb, p0, p1) ==
	      vl_t_load(&ts, vl_t_field(&ts,
					vl_t_load(&ts, vl_t_field(&ts, p1, NULL,
								  S("a"))),
					NULL, S("b"))));
	/* the record stays with the field */
	CHECK(vl_term(&ts, vl_term_subst(&ts, fa, p0, p1))->rec == S("r"));
	CHECK(vl_term_subst(&ts, lb, p2, p1) == lb);
	CHECK(vl_term_subst(&ts, p2, p0, p1) == p2);
	CHECK(vl_term_subst(&ts, lb, la, p2) ==
	      vl_t_load(&ts, vl_t_field(&ts, p2, NULL, S("b"))));
	CHECK(vl_term_subst(&ts, lo, p0, p1) ==
	      vl_t_lockobj(&ts, vl_t_load(&ts, vl_t_field(&ts, p1, NULL,
							  S("a"))),
			   4));
	CHECK(vl_term_subst(&ts, tst, p0, p1) ==
	      vl_t_test(&ts, vl_term_subst(&ts, lb, p0, p1), VL_P_EQ, 0));
	args[0] = p2;
	args[1] = vl_term_subst(&ts, lb, p0, p1);
	CHECK(vl_term_subst(&ts, pu, p0, p1) ==
	      vl_t_pure(&ts, S("fn"), args, 2));
	args[0] = p1;
	args[1] = lb;
	CHECK(vl_term_subst(&ts, pu, p2, p1) ==
	      vl_t_pure(&ts, S("fn"), args, 2));

	/* Substitution normalises: constants fold, OLD collapses. */
	CHECK(vl_term_subst(&ts, tst, lb, vl_t_const(&ts, 0)) ==
	      vl_t_const(&ts, 1));
	CHECK(vl_term_subst(&ts, tst, lb, vl_t_const(&ts, 5)) ==
	      vl_t_const(&ts, 0));
	c = vl_t_bitand(&ts, lb, 4);
	CHECK(vl_term_subst(&ts, c, lb, vl_t_const(&ts, 6)) ==
	      vl_t_const(&ts, 4));
	CHECK(vl_term_subst(&ts, vl_t_test(&ts, c, VL_P_NE, 0), lb,
			    vl_t_const(&ts, 6)) == vl_t_const(&ts, 1));
	CHECK(vl_term_subst(&ts, old, la, old) == old);
	/* renaming a value to its old name reaches inside other terms */
	CHECK(vl_term_subst(&ts, lb, la, old) ==
	      vl_t_load(&ts, vl_t_field(&ts, old, NULL, S("b"))));
	vl_terms_free(&ts);
}

/* ---- facts ---- */

static void test_facts_basic(void)
{
	struct vl_fact f, g;

	vl_fact_init(&f, 12);
	CHECK(f.term == 12);
	CHECK(vl_fact_is_trivial(&f));
	CHECK(vl_fact_decide(&f, VL_P_EQ, 0) == VL_MAYBE);
	CHECK(vl_fact_decide(&f, VL_P_LT, 0) == VL_MAYBE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 1) == VL_MAYBE);
	/* (x & 0) != 0 is always false */
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 0) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_NONE, 0) == VL_TRUE);

	/* EQ */
	CHECK(vl_fact_add(&f, VL_P_EQ, 5));
	CHECK(!vl_fact_is_trivial(&f));
	CHECK(vl_fact_decide(&f, VL_P_EQ, 5) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_NE, 5) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 4) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_LT, 6) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_LE, 4) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_GT, 5) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_GE, 5) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 4) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_NONE, 2) == VL_TRUE);
	/* learning what is known changes nothing */
	g = f;
	CHECK(vl_fact_add(&f, VL_P_GT, 0));
	CHECK(vl_fact_equal(&f, &g));
	/* contradictions */
	CHECK(!vl_fact_add(&g, VL_P_EQ, 6));
	g = f;
	CHECK(!vl_fact_add(&g, VL_P_NE, 5));
	g = f;
	CHECK(!vl_fact_add(&g, VL_P_BITS_NONE, 1));
	g = f;
	CHECK(!vl_fact_add(&g, VL_P_LT, 5));

	/* NE */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_NE, 0));
	CHECK(vl_fact_decide(&f, VL_P_EQ, 0) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_NE, 0) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 1) == VL_MAYBE);
	CHECK(vl_fact_add(&f, VL_P_NE, 7));
	CHECK(vl_fact_decide(&f, VL_P_EQ, 7) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 0) == VL_FALSE);
	CHECK(!vl_fact_add(&f, VL_P_EQ, 7));
	/* a bound next to an excluded value moves past it */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_GE, 0));
	CHECK(vl_fact_add(&f, VL_P_NE, 0));
	CHECK(f.lo == 1);
	CHECK(vl_fact_decide(&f, VL_P_GT, 0) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_LE, 0) == VL_FALSE);

	/* LT, LE, GT, GE */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_LT, 10));
	CHECK(vl_fact_decide(&f, VL_P_LE, 9) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_LT, 9) == VL_MAYBE);
	CHECK(vl_fact_decide(&f, VL_P_GE, 10) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 10) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_NE, 10) == VL_TRUE);
	CHECK(vl_fact_add(&f, VL_P_GE, 2));
	CHECK(vl_fact_decide(&f, VL_P_GT, 1) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_LT, 2) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 5) == VL_MAYBE);
	CHECK(vl_fact_add(&f, VL_P_LE, 2));
	/* narrowed to one value */
	CHECK(vl_fact_decide(&f, VL_P_EQ, 2) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 2) == VL_TRUE);
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_GT, -1));
	CHECK(vl_fact_decide(&f, VL_P_GE, 0) == VL_TRUE);
	CHECK(!vl_fact_add(&f, VL_P_LT, 0));
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_LE, -1));
	CHECK(!vl_fact_add(&f, VL_P_GE, 0));
	CHECK(!vl_fact_add(&f, VL_P_EQ, 0));
	/* at the ends of the range */
	vl_fact_init(&f, 1);
	CHECK(!vl_fact_add(&f, VL_P_LT, INT64_MIN));
	vl_fact_init(&f, 1);
	CHECK(!vl_fact_add(&f, VL_P_GT, INT64_MAX));
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_GE, INT64_MAX));
	CHECK(vl_fact_decide(&f, VL_P_EQ, INT64_MAX) == VL_TRUE);
	/* an excluded value hidden by bounds becomes a contradiction */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_NE, 3));
	CHECK(vl_fact_add(&f, VL_P_GE, 3));
	CHECK(vl_fact_decide(&f, VL_P_EQ, 3) == VL_FALSE);
	CHECK(!vl_fact_add(&f, VL_P_LE, 3));
}

static void test_facts_bits(void)
{
	struct vl_fact f, g;

	/* Every bit known: one value (a fault result that can only be
	 * VM_FAULT_RETRY or 0, tested without the bit, is 0). */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_BITS_NONE, (int64_t)~0x400ull));
	CHECK(vl_fact_decide(&f, VL_P_EQ, 0) == VL_MAYBE);
	CHECK(vl_fact_add(&f, VL_P_BITS_NONE, 0x400));
	CHECK(vl_fact_decide(&f, VL_P_EQ, 0) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_NE, 0) == VL_FALSE);
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_BITS_NONE, (int64_t)~0x400ull));
	CHECK(vl_fact_add(&f, VL_P_BITS_ANY, 0x400));
	CHECK(vl_fact_decide(&f, VL_P_EQ, 0x400) == VL_TRUE);

	/* One bit set. */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_BITS_ANY, 4));
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 4) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 6) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_NONE, 4) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 1) == VL_MAYBE);
	/* a set bit excludes 0, and values without the bit */
	CHECK(vl_fact_decide(&f, VL_P_EQ, 0) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_NE, 0) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 3) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 5) == VL_MAYBE);
	g = f;
	CHECK(!vl_fact_add(&g, VL_P_BITS_NONE, 4));
	g = f;
	CHECK(!vl_fact_add(&g, VL_P_BITS_NONE, 12));
	g = f;
	CHECK(!vl_fact_add(&g, VL_P_EQ, 0));
	g = f;
	CHECK(vl_fact_add(&g, VL_P_EQ, 12));
	CHECK(vl_fact_decide(&g, VL_P_BITS_ANY, 8) == VL_TRUE);

	/* Bits clear. */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_BITS_NONE, 3));
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 1) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 3) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_NONE, 2) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 7) == VL_MAYBE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 1) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 4) == VL_MAYBE);
	g = f;
	CHECK(!vl_fact_add(&g, VL_P_EQ, 2));
	g = f;
	CHECK(!vl_fact_add(&g, VL_P_BITS_ANY, 1));
	g = f;
	CHECK(vl_fact_add(&g, VL_P_BITS_ANY, 5));
	/* with bits 1 and 2 clear, "some bit of 5" means bit 4 */
	CHECK(vl_fact_decide(&g, VL_P_BITS_ANY, 4) == VL_TRUE);

	/* Some bit of a mask set. */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_BITS_ANY, 6));
	CHECK(f.set == 0);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 6) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 14) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 2) == VL_MAYBE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_NONE, 6) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 0) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 1) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_EQ, 2) == VL_MAYBE);
	CHECK(vl_fact_add(&f, VL_P_BITS_NONE, 4));
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 2) == VL_TRUE);
	CHECK(!vl_fact_add(&f, VL_P_BITS_NONE, 2));
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_BITS_ANY, 6));
	CHECK(!vl_fact_add(&f, VL_P_BITS_NONE, 6));
	/* an exact value decides every bit */
	vl_fact_init(&f, 1);
	CHECK(vl_fact_add(&f, VL_P_EQ, 9));
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 8) == VL_TRUE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_ANY, 6) == VL_FALSE);
	CHECK(vl_fact_decide(&f, VL_P_BITS_NONE, 6) == VL_TRUE);
	CHECK(!vl_fact_add(&f, VL_P_BITS_ANY, 2));
}

static void test_facts_join(void)
{
	struct vl_fact a, b, c;

	/* Two values: the range between, no more. */
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 1);
	vl_fact_add(&a, VL_P_EQ, 1);
	vl_fact_add(&b, VL_P_EQ, 3);
	vl_fact_join(&a, &b);
	CHECK(a.term == 1);
	CHECK(vl_fact_decide(&a, VL_P_GE, 1) == VL_TRUE);
	CHECK(vl_fact_decide(&a, VL_P_LE, 3) == VL_TRUE);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 1) == VL_MAYBE);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 3) == VL_MAYBE);
	/* (Both are odd: the bits they share exclude 2.) */
	CHECK(vl_fact_decide(&a, VL_P_EQ, 2) == VL_FALSE);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 1) == VL_TRUE);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 0x1000) == VL_FALSE);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 4) == VL_FALSE);
	/* 1 and 2 share no bit: each stays possible. */
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 1);
	vl_fact_add(&a, VL_P_EQ, 1);
	vl_fact_add(&b, VL_P_EQ, 2);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 1) == VL_MAYBE);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 2) == VL_MAYBE);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 4) == VL_FALSE);

	/* An excluded value known on both sides stays excluded. */
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 1);
	vl_fact_add(&a, VL_P_NE, 0);
	vl_fact_add(&b, VL_P_EQ, 5);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_decide(&a, VL_P_NE, 0) == VL_TRUE);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 5) == VL_MAYBE);
	/* ... from either side's list or bounds */
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 1);
	vl_fact_add(&a, VL_P_GT, 0);
	vl_fact_add(&b, VL_P_NE, 0);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 0) == VL_FALSE);
	CHECK(vl_fact_decide(&a, VL_P_LT, 0) == VL_MAYBE);
	/* known on one side only: forgotten */
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 1);
	vl_fact_add(&a, VL_P_NE, 0);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_is_trivial(&a));
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 1);
	vl_fact_add(&a, VL_P_LT, 0);
	vl_fact_add(&b, VL_P_NE, 0);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 0) == VL_FALSE);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 1) == VL_MAYBE);

	/* Bits: what both know. */
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 1);
	vl_fact_add(&a, VL_P_BITS_ANY, 4);
	vl_fact_add(&a, VL_P_BITS_ANY, 1);
	vl_fact_add(&a, VL_P_BITS_NONE, 8);
	vl_fact_add(&b, VL_P_BITS_ANY, 4);
	vl_fact_add(&b, VL_P_BITS_NONE, 9);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 4) == VL_TRUE);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 1) == VL_MAYBE);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 8) == VL_FALSE);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 0) == VL_FALSE);
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 1);
	vl_fact_add(&a, VL_P_BITS_ANY, 6);
	vl_fact_add(&b, VL_P_BITS_ANY, 6);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 6) == VL_TRUE);
	vl_fact_init(&b, 1);
	vl_fact_add(&b, VL_P_BITS_ANY, 3);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 6) == VL_MAYBE);
	CHECK(vl_fact_decide(&a, VL_P_BITS_ANY, 3) == VL_MAYBE);
	CHECK(vl_fact_decide(&a, VL_P_EQ, 0) == VL_FALSE);

	/* Joining equal facts changes nothing; join is symmetric here. */
	vl_fact_init(&a, 1);
	vl_fact_add(&a, VL_P_GE, -4);
	vl_fact_add(&a, VL_P_NE, 2);
	vl_fact_add(&a, VL_P_BITS_NONE, 16);
	b = a;
	c = a;
	vl_fact_join(&a, &b);
	CHECK(vl_fact_equal(&a, &c));
	/* with a trivial fact: trivial */
	vl_fact_init(&b, 1);
	vl_fact_join(&a, &b);
	CHECK(vl_fact_is_trivial(&a));

	/* equality compares the term too */
	vl_fact_init(&a, 1);
	vl_fact_init(&b, 2);
	CHECK(!vl_fact_equal(&a, &b));
	b.term = 1;
	CHECK(vl_fact_equal(&a, &b));
	vl_fact_add(&b, VL_P_NE, 4);
	CHECK(!vl_fact_equal(&a, &b));
}

/* ---- states ---- */

static struct vl_held held(uint32_t addr, uint16_t cls, uint8_t mode,
			   uint32_t loc)
{
	struct vl_held h;

	memset(&h, 0, sizeof(h));
	h.addr = addr;
	h.cls = cls;
	h.mode = mode;
	h.cond = VL_NONE;
	h.loc = loc;
	return h;
}

static void test_state_locks(void)
{
	struct vl_state *s = vl_state_new(2), *c;
	struct vl_held h;
	uint32_t i;

	CHECK(s->nheld == 0 && s->nlocals == 2);
	CHECK(s->ret == VL_NONE);
	CHECK(vl_state_find_held(s, 10) == VL_NONE);

	/* Kept sorted by (address, class) whatever the order added. */
	h = held(30, 0, VL_MODE_WRITE, 1);
	vl_state_add_held(s, &h);
	h = held(10, 2, VL_MODE_READ, 2);
	vl_state_add_held(s, &h);
	h = held(20, 1, VL_MODE_WRITE, 3);
	vl_state_add_held(s, &h);
	h = held(20, 0, VL_MODE_READ, 4);
	vl_state_add_held(s, &h);
	CHECK(s->nheld == 4);
	CHECK(s->held[0].addr == 10 && s->held[1].addr == 20 &&
	      s->held[1].cls == 0 && s->held[2].addr == 20 &&
	      s->held[2].cls == 1 && s->held[3].addr == 30);
	CHECK(s->held[1].loc == 4 && s->held[2].loc == 3);
	CHECK(vl_state_find_held(s, 10) == 0);
	CHECK(vl_state_find_held(s, 20) == 1);
	CHECK(vl_state_find_held(s, 30) == 3);
	CHECK(vl_state_find_held(s, 25) == VL_NONE);

	c = vl_state_clone(s);
	CHECK(vl_state_same_locks(s, c));
	CHECK(vl_state_equal(s, c));

	vl_state_remove_held(s, 1);
	CHECK(s->nheld == 3);
	CHECK(s->held[0].addr == 10 && s->held[1].addr == 20 &&
	      s->held[1].cls == 1 && s->held[2].addr == 30);
	vl_state_remove_held(s, 7);
	CHECK(s->nheld == 3);
	vl_state_remove_held(s, 2);
	CHECK(s->nheld == 2 && s->held[1].addr == 20);
	CHECK(!vl_state_same_locks(s, c));
	/* the clone is independent */
	CHECK(c->nheld == 4);

	/* Same locks: where they were taken does not matter ... */
	vl_state_free(s);
	s = vl_state_clone(c);
	for (i = 0; i < s->nheld; i++)
		s->held[i].loc += 100;
	CHECK(vl_state_same_locks(s, c));
	CHECK(vl_state_equal(s, c));
	/* ... the mode, flags and try-lock condition do */
	s->held[0].mode = VL_MODE_WRITE;
	CHECK(!vl_state_same_locks(s, c));
	s->held[0].mode = c->held[0].mode;
	s->held[0].flags = VL_HF_MAYBE;
	CHECK(!vl_state_same_locks(s, c));
	s->held[0].flags = 0;
	s->held[0].cond = 77;
	CHECK(!vl_state_same_locks(s, c));
	s->held[0].cond = VL_NONE;
	/* the condition's predicate only counts with a condition */
	s->held[0].cond_pred = VL_P_EQ;
	s->held[0].cond_k = 9;
	CHECK(vl_state_same_locks(s, c));
	s->held[0].cond = 77;
	c->held[0].cond = 77;
	CHECK(!vl_state_same_locks(s, c));
	c->held[0].cond_pred = VL_P_EQ;
	c->held[0].cond_k = 9;
	CHECK(vl_state_same_locks(s, c));
	vl_state_free(s);
	vl_state_free(c);
}

static void test_state_dropped(void)
{
	struct vl_state *s = vl_state_new(0);
	struct vl_held h;
	uint32_t i;

	h = held(10, 0, VL_MODE_WRITE, 1);
	vl_state_note_dropped(s, &h, 5);
	h = held(20, 1, VL_MODE_READ, 2);
	vl_state_note_dropped(s, &h, 6);
	CHECK(s->ndropped == 2);
	CHECK(s->dropped[0].addr == 20 && s->dropped[0].loc == 6 &&
	      s->dropped[0].acq_loc == 2 && s->dropped[0].mode == VL_MODE_READ);
	CHECK(s->dropped[1].addr == 10 && s->dropped[1].loc == 5);
	/* the same lock again: moves to the front, no second entry */
	h = held(10, 0, VL_MODE_WRITE, 3);
	vl_state_note_dropped(s, &h, 7);
	CHECK(s->ndropped == 2);
	CHECK(s->dropped[0].addr == 10 && s->dropped[0].loc == 7 &&
	      s->dropped[0].acq_loc == 3);
	CHECK(s->dropped[1].addr == 20);
	/* at most VL_MAX_DROPPED, the oldest forgotten */
	for (i = 0; i < VL_MAX_DROPPED + 3; i++) {
		h = held(100 + i, 0, VL_MODE_WRITE, 0);
		vl_state_note_dropped(s, &h, i);
	}
	CHECK(s->ndropped == VL_MAX_DROPPED);
	CHECK(s->dropped[0].addr == 100 + VL_MAX_DROPPED + 2);
	CHECK(s->dropped[VL_MAX_DROPPED - 1].addr == 100 + 3);
	vl_state_free(s);
}

static void test_state_assume(void)
{
	struct vl_terms ts;
	struct vl_state *s, *s2;
	uint32_t call, t, b, fa, unk, c1, p0;
	const struct vl_fact *f;

	vl_terms_init(&ts);
	s = vl_state_new(1);
	p0 = vl_t_param(&ts, 0);
	call = vl_t_call(&ts, 1, S("f"));
	fa = vl_t_field(&ts, p0, NULL, S("lock"));
	unk = vl_t_unknown(&ts, 4);

	/* A plain fact. */
	CHECK(vl_state_decide(s, &ts, call, VL_P_EQ, 0) == VL_MAYBE);
	CHECK(vl_state_assume(s, &ts, call, VL_P_GT, 2));
	f = vl_state_fact(s, call);
	CHECK(f && f->term == call && f->lo == 3);
	CHECK(vl_state_decide(s, &ts, call, VL_P_GE, 3) == VL_TRUE);
	CHECK(vl_state_decide(s, &ts, call, VL_P_EQ, 0) == VL_FALSE);
	/* infeasible */
	s2 = vl_state_clone(s);
	CHECK(!vl_state_assume(s2, &ts, call, VL_P_LT, 1));
	vl_state_free(s2);
	s2 = vl_state_clone(s);
	CHECK(!vl_state_assume(s2, &ts, vl_t_test(&ts, call, VL_P_LE, 2),
			       VL_P_NE, 0));
	vl_state_free(s2);

	/* Through tests: !(x) and (x & 4) != 0. */
	vl_state_free(s);
	s = vl_state_new(1);
	t = vl_t_test(&ts, p0, VL_P_EQ, 0);
	CHECK(vl_state_assume(s, &ts, t, VL_P_EQ, 0));
	CHECK(vl_state_fact(s, t) == NULL);
	CHECK(vl_state_decide(s, &ts, p0, VL_P_NE, 0) == VL_TRUE);
	CHECK(vl_state_decide(s, &ts, t, VL_P_NE, 0) == VL_FALSE);
	CHECK(vl_state_decide(s, &ts, t, VL_P_EQ, 0) == VL_TRUE);
	b = vl_t_bitand(&ts, call, 4);
	CHECK(vl_state_assume(s, &ts, b, VL_P_NE, 0));
	CHECK(vl_state_fact(s, b) == NULL);
	CHECK(vl_state_decide(s, &ts, call, VL_P_BITS_ANY, 4) == VL_TRUE);
	CHECK(vl_state_decide(s, &ts, b, VL_P_EQ, 0) == VL_FALSE);
	CHECK(vl_state_decide(s, &ts, call, VL_P_EQ, 0) == VL_FALSE);
	CHECK(!vl_state_assume(s, &ts, vl_t_bitand(&ts, call, 4), VL_P_EQ, 0));

	/* Constants decide by themselves. */
	vl_state_free(s);
	s = vl_state_new(1);
	c1 = vl_t_const(&ts, 1);
	CHECK(vl_state_assume(s, &ts, c1, VL_P_NE, 0));
	CHECK(!vl_state_assume(s, &ts, c1, VL_P_EQ, 0));
	CHECK(vl_state_decide(s, &ts, c1, VL_P_GT, 0) == VL_TRUE);
	CHECK(s->nfacts == 0);
	/* Addresses are not NULL; nothing to remember about them. */
	CHECK(vl_state_assume(s, &ts, fa, VL_P_NE, 0));
	CHECK(!vl_state_assume(s, &ts, fa, VL_P_EQ, 0));
	CHECK(vl_state_decide(s, &ts, fa, VL_P_EQ, 0) == VL_FALSE);
	CHECK(s->nfacts == 0);
	/* Unknown expressions get no facts. */
	CHECK(vl_state_assume(s, &ts, unk, VL_P_EQ, 3));
	CHECK(vl_state_assume(s, &ts, unk, VL_P_EQ, 4));
	CHECK(s->nfacts == 0);
	CHECK(vl_state_decide(s, &ts, unk, VL_P_EQ, 3) == VL_MAYBE);
	/* Facts stay sorted by term. */
	CHECK(vl_state_assume(s, &ts, call, VL_P_NE, 0));
	CHECK(vl_state_assume(s, &ts, p0, VL_P_NE, 0));
	CHECK(s->nfacts == 2 && s->facts[0].term < s->facts[1].term);
	vl_state_free(s);
	vl_terms_free(&ts);
}

/* A try-lock held iff the call's result PRED k. */
static struct vl_held try_held(uint32_t addr, uint32_t cond, uint8_t pred,
			       int64_t k)
{
	struct vl_held h = held(addr, 0, VL_MODE_WRITE, 1);

	h.cond = cond;
	h.cond_pred = pred;
	h.cond_k = k;
	return h;
}

static void test_state_trylock(void)
{
	struct vl_terms ts;
	struct vl_state *s, *a;
	uint32_t call, call2, lk, lk2, other;
	struct vl_held h;

	vl_terms_init(&ts);
	call = vl_t_call(&ts, 1, S("mmap_read_trylock"));
	call2 = vl_t_call(&ts, 2, S("mutex_lock_killable"));
	other = vl_t_call(&ts, 3, S("g"));
	lk = vl_t_field(&ts, vl_t_param(&ts, 0), NULL, S("mmap_lock"));
	lk2 = vl_t_field(&ts, vl_t_param(&ts, 1), NULL, S("lock"));
	s = vl_state_new(0);
	h = try_held(lk, call, VL_P_NE, 0);
	vl_state_add_held(s, &h);
	h = try_held(lk2, call2, VL_P_EQ, 0);
	vl_state_add_held(s, &h);

	/* An unrelated condition settles nothing. */
	a = vl_state_clone(s);
	CHECK(vl_state_assume(a, &ts, other, VL_P_NE, 0));
	CHECK(a->nheld == 2 && a->held[0].cond != VL_NONE &&
	      a->held[1].cond != VL_NONE);
	vl_state_free(a);

	/* if (mmap_read_trylock(mm)): held, certainly */
	a = vl_state_clone(s);
	CHECK(vl_state_assume(a, &ts, call, VL_P_NE, 0));
	CHECK(a->nheld == 2);
	CHECK(vl_state_find_held(a, lk) != VL_NONE &&
	      a->held[vl_state_find_held(a, lk)].cond == VL_NONE);
	CHECK(vl_state_find_held(a, lk2) != VL_NONE &&
	      a->held[vl_state_find_held(a, lk2)].cond == call2);
	vl_state_free(a);

	/* if (!mmap_read_trylock(mm)): not held */
	a = vl_state_clone(s);
	CHECK(vl_state_assume(a, &ts, vl_t_test(&ts, call, VL_P_EQ, 0),
			      VL_P_NE, 0));
	CHECK(a->nheld == 1 && vl_state_find_held(a, lk) == VL_NONE);
	vl_state_free(a);

	/* the same through the else branch of "if (trylock)" */
	a = vl_state_clone(s);
	CHECK(vl_state_assume(a, &ts, vl_t_test(&ts, call, VL_P_NE, 0),
			      VL_P_EQ, 0));
	CHECK(a->nheld == 1 && vl_state_find_held(a, lk) == VL_NONE);
	vl_state_free(a);

	/* killable: held when it returned 0; "ret < 0" means not held */
	a = vl_state_clone(s);
	CHECK(vl_state_assume(a, &ts, call2, VL_P_LT, 0));
	CHECK(vl_state_find_held(a, lk2) == VL_NONE);
	CHECK(vl_state_find_held(a, lk) != VL_NONE);
	vl_state_free(a);
	a = vl_state_clone(s);
	CHECK(vl_state_assume(a, &ts, vl_t_test(&ts, call2, VL_P_EQ, 0),
			      VL_P_NE, 0));
	CHECK(vl_state_find_held(a, lk2) != VL_NONE &&
	      a->held[vl_state_find_held(a, lk2)].cond == VL_NONE);
	vl_state_free(a);
	/* "ret <= 0" alone does not decide "ret == 0" */
	a = vl_state_clone(s);
	CHECK(vl_state_assume(a, &ts, call2, VL_P_LE, 0));
	CHECK(vl_state_find_held(a, lk2) != VL_NONE &&
	      a->held[vl_state_find_held(a, lk2)].cond == call2);
	/* ... with "ret >= 0" it does */
	CHECK(vl_state_assume(a, &ts, call2, VL_P_GE, 0));
	CHECK(vl_state_find_held(a, lk2) != VL_NONE &&
	      a->held[vl_state_find_held(a, lk2)].cond == VL_NONE);
	vl_state_free(a);

	/* Settling on a constant condition. */
	a = vl_state_new(0);
	h = try_held(lk, vl_t_const(&ts, 1), VL_P_NE, 0);
	vl_state_add_held(a, &h);
	h = try_held(lk2, vl_t_const(&ts, 0), VL_P_NE, 0);
	vl_state_add_held(a, &h);
	vl_state_settle(a, &ts, vl_t_const(&ts, 1));
	CHECK(a->nheld == 2 && a->held[vl_state_find_held(a, lk)].cond ==
				       VL_NONE);
	vl_state_settle(a, &ts, vl_t_const(&ts, 0));
	CHECK(a->nheld == 1 && vl_state_find_held(a, lk2) == VL_NONE);
	vl_state_free(a);
	vl_state_free(s);
	vl_terms_free(&ts);
}

static void test_state_rename(void)
{
	struct vl_terms ts;
	struct vl_state *s;
	uint32_t p0, p1, p2, f0, f1, f2, l0, l1, l2, ly0, c1, c2, c3;
	struct vl_held h;
	const struct vl_fact *f;

	vl_terms_init(&ts);
	p0 = vl_t_param(&ts, 0);
	p1 = vl_t_param(&ts, 1);
	p2 = vl_t_param(&ts, 2);
	f0 = vl_t_field(&ts, p0, NULL, S("lock"));
	f1 = vl_t_field(&ts, p1, NULL, S("lock"));
	f2 = vl_t_field(&ts, p2, NULL, S("lock"));
	l0 = vl_t_load(&ts, vl_t_field(&ts, p0, NULL, S("x")));
	l1 = vl_t_load(&ts, vl_t_field(&ts, p1, NULL, S("x")));
	l2 = vl_t_load(&ts, vl_t_field(&ts, p2, NULL, S("x")));
	ly0 = vl_t_field(&ts, p0, NULL, S("y"));
	c1 = vl_t_const(&ts, 1);
	c2 = vl_t_const(&ts, 2);
	c3 = vl_t_const(&ts, 3);

	/* Everything about p0 moves to p2. */
	s = vl_state_new(3);
	h = held(f0, 0, VL_MODE_WRITE, 1);
	h.cond = l0;
	h.cond_pred = VL_P_NE;
	vl_state_add_held(s, &h);
	h = held(f1, 0, VL_MODE_READ, 2);
	vl_state_add_held(s, &h);
	CHECK(vl_state_assume(s, &ts, l1, VL_P_EQ, 4));
	CHECK(vl_state_assume(s, &ts, p0, VL_P_GT, 7));
	vl_state_set_mem(s, ly0, l0);
	vl_state_set_mem(s, vl_t_field(&ts, p1, NULL, S("y")), c3);
	s->env[0] = l0;
	s->env[1] = c1;
	s->env[2] = p1;
	s->ret = p0;
	h = held(f0, 0, VL_MODE_WRITE, 1);
	vl_state_note_dropped(s, &h, 9);

	vl_state_rename(s, &ts, p0, p2);
	CHECK(s->nheld == 2);
	CHECK(vl_state_find_held(s, f0) == VL_NONE);
	CHECK(vl_state_find_held(s, f2) != VL_NONE &&
	      s->held[vl_state_find_held(s, f2)].cond == l2 &&
	      s->held[vl_state_find_held(s, f2)].mode == VL_MODE_WRITE);
	CHECK(vl_state_find_held(s, f1) != VL_NONE);
	CHECK(s->nheld == 2 && s->held[0].addr < s->held[1].addr);
	CHECK(vl_state_fact(s, p0) == NULL);
	f = vl_state_fact(s, p2);
	CHECK(f && f->lo == 8);
	f = vl_state_fact(s, l1);
	CHECK(f && f->lo == 4 && f->hi == 4);
	CHECK(s->nfacts == 2 && s->facts[0].term < s->facts[1].term);
	CHECK(vl_state_mem(s, ly0) == VL_NONE);
	CHECK(vl_state_mem(s, vl_t_field(&ts, p2, NULL, S("y"))) == l2);
	CHECK(vl_state_mem(s, vl_t_field(&ts, p1, NULL, S("y"))) == c3);
	CHECK(s->nmem == 2 && s->mem[0].addr < s->mem[1].addr);
	CHECK(s->env[0] == l2 && s->env[1] == c1 && s->env[2] == p1);
	CHECK(s->ret == p2);
	CHECK(s->ndropped == 1 && s->dropped[0].addr == f2);
	vl_state_free(s);

	/* Collisions: p0 renamed to p1 meets what p1 already had. */
	s = vl_state_new(0);
	h = held(f0, 0, VL_MODE_WRITE, 1);
	vl_state_add_held(s, &h);
	h = held(f1, 0, VL_MODE_WRITE, 2);
	h.flags = VL_HF_MAYBE;
	vl_state_add_held(s, &h);
	h = held(f1, 1, VL_MODE_WRITE, 2);
	vl_state_add_held(s, &h);
	CHECK(vl_state_assume(s, &ts, l0, VL_P_EQ, 1));
	CHECK(vl_state_assume(s, &ts, l1, VL_P_EQ, 3));
	CHECK(vl_state_assume(s, &ts, vl_t_load(&ts, f0), VL_P_NE, 0));
	vl_state_set_mem(s, ly0, c1);
	vl_state_set_mem(s, vl_t_field(&ts, p1, NULL, S("y")), c1);
	vl_state_set_mem(s, vl_t_field(&ts, p0, NULL, S("z")), c1);
	vl_state_set_mem(s, vl_t_field(&ts, p1, NULL, S("z")), c2);
	vl_state_rename(s, &ts, p0, p1);
	/* one entry per (lock, class); "maybe" if either was */
	CHECK(s->nheld == 2);
	CHECK(s->nheld == 2 && s->held[0].addr == f1 && s->held[0].cls == 0 &&
	      (s->held[0].flags & VL_HF_MAYBE) && s->held[1].addr == f1 &&
	      s->held[1].cls == 1);
	/* the facts joined: 1 or 3 */
	f = vl_state_fact(s, l1);
	CHECK(f && f->lo == 1 && f->hi == 3);
	CHECK(vl_state_fact(s, l0) == NULL);
	CHECK(vl_state_fact(s, vl_t_load(&ts, f1)) != NULL);
	CHECK(s->nfacts == 2);
	/* memory: kept where both agreed, dropped where they did not */
	CHECK(vl_state_mem(s, vl_t_field(&ts, p1, NULL, S("y"))) == c1);
	CHECK(vl_state_mem(s, vl_t_field(&ts, p1, NULL, S("z"))) == VL_NONE);
	CHECK(s->nmem == 1);
	vl_state_free(s);

	/* A fact that becomes trivial on joining disappears. */
	s = vl_state_new(0);
	CHECK(vl_state_assume(s, &ts, l0, VL_P_NE, 5));
	CHECK(vl_state_assume(s, &ts, l1, VL_P_EQ, 5));
	vl_state_rename(s, &ts, p0, p1);
	CHECK(s->nfacts == 0);
	vl_state_free(s);

	/* Renaming to OLD(x): the state keeps talking about the old value. */
	s = vl_state_new(1);
	h = held(f0, 0, VL_MODE_WRITE, 1);
	vl_state_add_held(s, &h);
	s->env[0] = l0;
	vl_state_rename(s, &ts, l0, vl_t_old(&ts, l0));
	CHECK(s->env[0] == vl_t_old(&ts, l0));
	CHECK(s->held[0].addr == f0);
	vl_state_rename(s, &ts, l0, vl_t_old(&ts, l0));
	CHECK(s->env[0] == vl_t_old(&ts, l0));
	vl_state_free(s);
	vl_terms_free(&ts);
}

static void test_state_join(void)
{
	struct vl_terms ts;
	struct vl_state *a, *b, *c;
	uint32_t p0, p1, l0, l1, c1, c2, m0, m1, phi;

	vl_terms_init(&ts);
	p0 = vl_t_param(&ts, 0);
	p1 = vl_t_param(&ts, 1);
	l0 = vl_t_load(&ts, vl_t_field(&ts, p0, NULL, S("x")));
	l1 = vl_t_load(&ts, vl_t_field(&ts, p1, NULL, S("x")));
	m0 = vl_t_field(&ts, p0, NULL, S("m"));
	m1 = vl_t_field(&ts, p1, NULL, S("m"));
	c1 = vl_t_const(&ts, 1);
	c2 = vl_t_const(&ts, 2);

	a = vl_state_new(3);
	a->env[0] = p0;
	a->env[1] = c1;
	a->env[2] = p1;
	CHECK(vl_state_assume(a, &ts, p0, VL_P_NE, 0));
	CHECK(vl_state_assume(a, &ts, l0, VL_P_EQ, 1));
	CHECK(vl_state_assume(a, &ts, l1, VL_P_EQ, 7));
	vl_state_set_mem(a, m0, c1);
	vl_state_set_mem(a, m1, c1);
	a->ret = c1;
	b = vl_state_clone(a);
	CHECK(vl_state_equal(a, b));

	/* Joining an equal state changes nothing. */
	CHECK(!vl_state_join(a, b, &ts, 4));
	CHECK(vl_state_equal(a, b));

	/* b differs in a local, a fact, a memory cell and the return. */
	b->env[1] = c2;
	CHECK(!vl_state_equal(a, b));
	vl_state_free(b);
	b = vl_state_clone(a);
	b->env[1] = c2;
	b->ret = c2;
	CHECK(vl_state_assume(b, &ts, l0, VL_P_NE, 1) == false);
	vl_state_free(b);
	b = vl_state_new(3);
	b->env[0] = p0;
	b->env[1] = c2;
	b->env[2] = p1;
	CHECK(vl_state_assume(b, &ts, p0, VL_P_NE, 0));
	CHECK(vl_state_assume(b, &ts, l0, VL_P_EQ, 3));
	vl_state_set_mem(b, m0, c1);
	vl_state_set_mem(b, m1, c2);
	b->ret = c2;
	c = vl_state_clone(b);

	CHECK(vl_state_join(a, b, &ts, 4));
	phi = vl_t_phi(&ts, 4, 1);
	CHECK(a->env[0] == p0 && a->env[1] == phi && a->env[2] == p1);
	CHECK(vl_state_decide(a, &ts, p0, VL_P_NE, 0) == VL_TRUE);
	CHECK(vl_state_decide(a, &ts, l0, VL_P_GE, 1) == VL_TRUE);
	CHECK(vl_state_decide(a, &ts, l0, VL_P_LE, 3) == VL_TRUE);
	CHECK(vl_state_decide(a, &ts, l0, VL_P_EQ, 1) == VL_MAYBE);
	/* known on one side only: gone */
	CHECK(vl_state_fact(a, l1) == NULL);
	/* what both paths know of a local's values is known of its phi */
	CHECK(vl_state_decide(a, &ts, phi, VL_P_GE, 1) == VL_TRUE);
	CHECK(vl_state_decide(a, &ts, phi, VL_P_LE, 2) == VL_TRUE);
	CHECK(a->nfacts == 3);
	CHECK(vl_state_mem(a, m0) == c1);
	CHECK(vl_state_mem(a, m1) == VL_NONE);
	CHECK(a->nmem == 1);
	CHECK(a->ret == VL_NONE);
	/* b is untouched */
	CHECK(vl_state_equal(b, c));
	/* Joining again: nothing new. */
	CHECK(!vl_state_join(a, b, &ts, 4));
	/* a phi meets another value: still the phi, knowing less */
	b->env[1] = p0;
	CHECK(vl_state_join(a, b, &ts, 4));
	CHECK(a->env[1] == phi);
	CHECK(vl_state_decide(a, &ts, phi, VL_P_LE, 2) == VL_MAYBE);
	vl_state_free(a);
	vl_state_free(b);
	vl_state_free(c);
	vl_terms_free(&ts);
}

/* A state with seven truth locals known on one side only, and in local 7
 * a value whose test "& 0x400" will say "flags & 0x1000" (or b's value,
 * with the same implication or none). */
static void join_implied_pair(struct vl_terms *ts, struct vl_state **pa,
			      struct vl_state **pb, uint32_t flags, int b_kind)
{
	struct vl_state *a = vl_state_new(8), *b = vl_state_new(8);
	struct vl_implied im = { 0, VL_P_BITS_ANY, 0x400,
				 flags, VL_P_BITS_ANY, 0x1000 };
	uint32_t i;

	for (i = 0; i < 7; i++) {
		a->env[i] = vl_t_test(ts, vl_t_call(ts, 10 + i, S("t")),
				      VL_P_NE, 0);
		b->env[i] = vl_t_const(ts, 0);
	}
	a->env[7] = vl_t_call(ts, 1, S("__vmf_anon_prepare"));
	im.cond = a->env[7];
	vl_state_add_implied(a, ts, &im);
	if (b_kind == 0) {
		b->env[7] = vl_t_call(ts, 2, S("hugetlb_wp"));
		im.cond = b->env[7];
		vl_state_add_implied(b, ts, &im);
	} else if (b_kind == 1) {
		b->env[7] = vl_t_const(ts, 2);
	} else {
		b->env[7] = vl_t_call(ts, 3, S("other"));
	}
	*pa = a;
	*pb = b;
}

static void test_state_join_implied(void)
{
	struct vl_terms ts;
	struct vl_state *a, *b;
	uint32_t flags, phi;
	int k;

	vl_terms_init(&ts);
	flags = vl_t_load(&ts, vl_t_field(&ts, vl_t_param(&ts, 0), NULL,
					  S("flags")));
	phi = vl_t_phi(&ts, 4, 7);
	/* The other path implies the same, or fails the test: the test of
	 * the merged value still tells it (hugetlb_no_page()'s ret). */
	for (k = 0; k < 3; k++) {
		join_implied_pair(&ts, &a, &b, flags, k);
		vl_state_join(a, b, &ts, 4);
		CHECK(a->env[7] == phi);
		CHECK(vl_state_assume(a, &ts, phi, VL_P_BITS_ANY, 0x400));
		CHECK(vl_state_decide(a, &ts, flags, VL_P_BITS_ANY, 0x1000) ==
		      (k < 2 ? VL_TRUE : VL_MAYBE));
		vl_state_free(a);
		vl_state_free(b);
	}
	vl_terms_free(&ts);
}

static void test_state_join_locks(void)
{
	struct vl_terms ts;
	struct vl_state *a, *b, *c;
	uint32_t l1, l2, l3, l4, call, i;
	struct vl_held h;

	vl_terms_init(&ts);
	l1 = vl_t_field(&ts, vl_t_param(&ts, 0), NULL, S("l1"));
	l2 = vl_t_field(&ts, vl_t_param(&ts, 0), NULL, S("l2"));
	l3 = vl_t_field(&ts, vl_t_param(&ts, 0), NULL, S("l3"));
	l4 = vl_t_field(&ts, vl_t_param(&ts, 0), NULL, S("l4"));
	call = vl_t_call(&ts, 1, S("trylock"));

	a = vl_state_new(1);
	b = vl_state_new(1);
	h = held(l1, 0, VL_MODE_WRITE, 1);
	vl_state_add_held(a, &h);
	h = held(l2, 0, VL_MODE_READ, 2);
	vl_state_add_held(a, &h);
	h = held(l1, 0, VL_MODE_READ, 3);
	vl_state_add_held(b, &h);
	h = held(l3, 1, VL_MODE_WRITE, 4);
	h.flags = VL_HF_ASSERTED;
	vl_state_add_held(b, &h);
	/* a try-lock on one side, held for sure on the other */
	h = try_held(l4, call, VL_P_NE, 0);
	vl_state_add_held(a, &h);
	h = held(l4, 0, VL_MODE_WRITE, 5);
	vl_state_add_held(b, &h);
	c = vl_state_clone(b);

	CHECK(vl_state_join_locks(a, b, &ts, 2));
	CHECK(a->nheld == 4);
	/* in both: the weaker mode, still certain */
	i = vl_state_find_held(a, l1);
	CHECK(i != VL_NONE && a->held[i].mode == VL_MODE_READ &&
	      !(a->held[i].flags & VL_HF_MAYBE) && a->held[i].cond == VL_NONE);
	/* in a only: maybe */
	i = vl_state_find_held(a, l2);
	CHECK(i != VL_NONE && (a->held[i].flags & VL_HF_MAYBE) &&
	      a->held[i].mode == VL_MODE_READ);
	/* in b only: added as maybe, keeping what it was */
	i = vl_state_find_held(a, l3);
	CHECK(i != VL_NONE && (a->held[i].flags & VL_HF_MAYBE) &&
	      (a->held[i].flags & VL_HF_ASSERTED) && a->held[i].cls == 1 &&
	      a->held[i].mode == VL_MODE_WRITE && a->held[i].loc == 4);
	/* try-lock vs held: maybe, no condition left */
	i = vl_state_find_held(a, l4);
	CHECK(i != VL_NONE && (a->held[i].flags & VL_HF_MAYBE) &&
	      a->held[i].cond == VL_NONE);
	/* sorted */
	for (i = 1; i < a->nheld; i++)
		CHECK(a->held[i - 1].addr < a->held[i].addr);
	CHECK(vl_state_equal(b, c));

	/* Again: nothing new. */
	CHECK(!vl_state_join_locks(a, b, &ts, 2));
	/* Maybe on b's side makes a's entry maybe. */
	b->held[vl_state_find_held(b, l1)].flags = VL_HF_MAYBE;
	CHECK(vl_state_join_locks(a, b, &ts, 2));
	CHECK(a->held[vl_state_find_held(a, l1)].flags & VL_HF_MAYBE);
	CHECK(!vl_state_join_locks(a, b, &ts, 2));

	/* Same lock, another class: two entries. */
	vl_state_free(a);
	vl_state_free(b);
	a = vl_state_new(0);
	b = vl_state_new(0);
	h = held(l1, 0, VL_MODE_WRITE, 1);
	vl_state_add_held(a, &h);
	h = held(l1, 1, VL_MODE_WRITE, 1);
	vl_state_add_held(b, &h);
	CHECK(vl_state_join_locks(a, b, &ts, 0));
	CHECK(a->nheld == 2 && (a->held[0].flags & VL_HF_MAYBE) &&
	      (a->held[1].flags & VL_HF_MAYBE));
	/* Locals and facts are joined too. */
	vl_state_free(a);
	vl_state_free(b);
	a = vl_state_new(1);
	b = vl_state_new(1);
	a->env[0] = vl_t_const(&ts, 1);
	b->env[0] = vl_t_const(&ts, 2);
	CHECK(vl_state_assume(a, &ts, call, VL_P_EQ, 0));
	CHECK(vl_state_join_locks(a, b, &ts, 6));
	CHECK(a->env[0] == vl_t_phi(&ts, 6, 0));
	CHECK(a->nfacts == 1);
	CHECK(vl_state_decide(a, &ts, vl_t_phi(&ts, 6, 0), VL_P_NE, 0) ==
	      VL_TRUE);
	vl_state_free(a);
	vl_state_free(b);
	vl_state_free(c);
	vl_terms_free(&ts);
}

static void test_state_copy_equal(void)
{
	struct vl_terms ts;
	struct vl_state *a, *b;
	struct vl_held h;
	uint32_t p0;

	vl_terms_init(&ts);
	p0 = vl_t_param(&ts, 0);
	a = vl_state_new(2);
	h = held(vl_t_field(&ts, p0, NULL, S("l")), 0, VL_MODE_READ, 3);
	vl_state_add_held(a, &h);
	CHECK(vl_state_assume(a, &ts, p0, VL_P_NE, 0));
	vl_state_set_mem(a, vl_t_field(&ts, p0, NULL, S("m")), p0);
	a->env[0] = p0;
	a->env[1] = vl_t_const(&ts, 4);
	a->ret = p0;
	a->ret_loc = 12;

	/* Copy into a state of another size. */
	b = vl_state_new(5);
	vl_state_copy(b, a);
	CHECK(b->nlocals == 2);
	CHECK(vl_state_equal(a, b));
	CHECK(b->nheld == 1 && b->nfacts == 1 && b->nmem == 1);
	CHECK(b->ret == p0 && b->ret_loc == 12);
	CHECK(b->env[1] == vl_t_const(&ts, 4));

	/* Each part counts. */
	b->env[1] = p0;
	CHECK(!vl_state_equal(a, b));
	vl_state_copy(b, a);
	vl_state_set_mem(b, vl_t_field(&ts, p0, NULL, S("m")),
			 vl_t_const(&ts, 0));
	CHECK(!vl_state_equal(a, b));
	vl_state_copy(b, a);
	CHECK(vl_state_assume(b, &ts, p0, VL_P_GT, 0));
	CHECK(!vl_state_equal(a, b));
	vl_state_copy(b, a);
	b->ret = VL_NONE;
	CHECK(!vl_state_equal(a, b));
	vl_state_copy(b, a);
	b->held[0].mode = VL_MODE_WRITE;
	CHECK(!vl_state_equal(a, b));
	vl_state_copy(b, a);
	/* ... but not the location of a lock or of the return */
	b->held[0].loc = 99;
	b->ret_loc = 1;
	CHECK(vl_state_equal(a, b));
	vl_state_free(b);
	b = vl_state_new(3);
	CHECK(!vl_state_equal(a, b));
	vl_state_free(a);
	vl_state_free(b);
	vl_terms_free(&ts);
}

/*
 * Copying states without locks, facts or memory (vl_state_copy() once
 * passed NULL to memcpy() there: seen by UBSan in the sanitizer build).
 */
static void test_state_clone_empty(void)
{
	struct vl_state *a = vl_state_new(1), *b;

	b = vl_state_clone(a);
	CHECK(b->nheld == 0 && b->nfacts == 0 && b->nmem == 0);
	CHECK(b->nlocals == 1 && b->ret == VL_NONE);
	CHECK(vl_state_equal(a, b));
	vl_state_free(a);
	vl_state_free(b);
}

int main(void)
{
	vl_strtab_init(&strs);
	test_state_clone_empty();
	test_term_identity();
	test_term_test();
	test_term_subst();
	test_facts_basic();
	test_facts_bits();
	test_facts_join();
	test_state_locks();
	test_state_dropped();
	test_state_assume();
	test_state_trylock();
	test_state_rename();
	test_state_join();
	test_state_join_implied();
	test_state_join_locks();
	test_state_copy_equal();
	vl_strtab_free(&strs);
	return vl_test_done("test_state");
}
