/*
 * The value domain of branch facts (see facts.h).  It is deliberately
 * small: kernel conditions compare with constants, test for NULL and test
 * flag bits.
 */
#include "facts.h"

#include <string.h>

#include "ir.h"
#include "term.h"

void vl_fact_init(struct vl_fact *f, uint32_t term)
{
	memset(f, 0, sizeof(*f));
	f->term = term;
	f->lo = INT64_MIN;
	f->hi = INT64_MAX;
}

bool vl_fact_is_trivial(const struct vl_fact *f)
{
	return f->lo == INT64_MIN && f->hi == INT64_MAX && !f->nne &&
	       !f->set && !f->clear && !f->nany;
}

static bool is_single_bit(uint64_t m)
{
	return m && !(m & (m - 1));
}

/* Could the value be exactly k? */
static bool may_equal(const struct vl_fact *f, int64_t k)
{
	uint8_t i;

	if (k < f->lo || k > f->hi)
		return false;
	for (i = 0; i < f->nne; i++)
		if (f->ne[i] == k)
			return false;
	if (((uint64_t)k & f->clear) || ((uint64_t)k & f->set) != f->set)
		return false;
	for (i = 0; i < f->nany; i++)
		if (!((uint64_t)k & f->any[i]))
			return false;
	return true;
}

enum vl_tri vl_fact_decide(const struct vl_fact *f, uint8_t pred, int64_t k)
{
	uint8_t i;

	if (f->lo == f->hi)
		return vl_pred_eval(pred, f->lo, k) ? VL_TRUE : VL_FALSE;
	/* Every bit known: one value (a result whose only possible bit,
	 * VM_FAULT_RETRY, a test found clear, is 0). */
	if ((f->set | f->clear) == ~0ull)
		return vl_pred_eval(pred, (int64_t)f->set, k) ? VL_TRUE :
								VL_FALSE;
	switch (pred) {
	case VL_P_EQ:
		return may_equal(f, k) ? VL_MAYBE : VL_FALSE;
	case VL_P_NE:
		return may_equal(f, k) ? VL_MAYBE : VL_TRUE;
	case VL_P_LT:
		if (f->hi < k)
			return VL_TRUE;
		return f->lo >= k ? VL_FALSE : VL_MAYBE;
	case VL_P_LE:
		if (f->hi <= k)
			return VL_TRUE;
		return f->lo > k ? VL_FALSE : VL_MAYBE;
	case VL_P_GT:
		if (f->lo > k)
			return VL_TRUE;
		return f->hi <= k ? VL_FALSE : VL_MAYBE;
	case VL_P_GE:
		if (f->lo >= k)
			return VL_TRUE;
		return f->hi < k ? VL_FALSE : VL_MAYBE;
	case VL_P_BITS_ANY:
		if (f->set & (uint64_t)k)
			return VL_TRUE;
		if ((f->clear & (uint64_t)k) == (uint64_t)k)
			return VL_FALSE;
		for (i = 0; i < f->nany; i++)
			if ((f->any[i] & ~f->clear & ~(uint64_t)k) == 0)
				return VL_TRUE;
		return VL_MAYBE;
	case VL_P_BITS_NONE: {
		enum vl_tri t = vl_fact_decide(f, VL_P_BITS_ANY, k);

		return t == VL_MAYBE ? t : t == VL_TRUE ? VL_FALSE : VL_TRUE;
	}
	}
	return VL_MAYBE;
}

static bool consistent(const struct vl_fact *f)
{
	uint8_t i;

	if (f->lo > f->hi || (f->set & f->clear))
		return false;
	for (i = 0; i < f->nany; i++)
		if ((f->any[i] & ~f->clear) == 0)
			return false;
	if (f->lo == f->hi && !may_equal(f, f->lo))
		return false;
	return true;
}

static void add_ne(struct vl_fact *f, int64_t k)
{
	if (k == f->lo && k != INT64_MAX) {
		f->lo++;
		return;
	}
	if (k == f->hi && k != INT64_MIN) {
		f->hi--;
		return;
	}
	if (f->nne < 2)
		f->ne[f->nne++] = k;
	/* A third excluded value is forgotten: knowing less is sound. */
}

bool vl_fact_add(struct vl_fact *f, uint8_t pred, int64_t k)
{
	enum vl_tri t = vl_fact_decide(f, pred, k);

	if (t == VL_FALSE)
		return false;
	if (t == VL_TRUE)
		return true;
	switch (pred) {
	case VL_P_EQ:
		/* One value: every bit of it is known. */
		f->lo = f->hi = k;
		f->nne = 0;
		f->set = (uint64_t)k;
		f->clear = ~(uint64_t)k;
		f->nany = 0;
		break;
	case VL_P_NE:
		add_ne(f, k);
		break;
	case VL_P_LT:
		if (k == INT64_MIN)
			return false;
		f->hi = k - 1 < f->hi ? k - 1 : f->hi;
		break;
	case VL_P_LE:
		f->hi = k < f->hi ? k : f->hi;
		break;
	case VL_P_GT:
		if (k == INT64_MAX)
			return false;
		f->lo = k + 1 > f->lo ? k + 1 : f->lo;
		break;
	case VL_P_GE:
		f->lo = k > f->lo ? k : f->lo;
		break;
	case VL_P_BITS_ANY:
		if (is_single_bit((uint64_t)k))
			f->set |= (uint64_t)k;
		else if (f->nany < 2)
			f->any[f->nany++] = (uint64_t)k;
		/* "some bit of the mask is set" excludes 0 */
		if (f->lo <= 0 && f->hi >= 0)
			add_ne(f, 0);
		break;
	case VL_P_BITS_NONE:
		f->clear |= (uint64_t)k;
		break;
	}
	return consistent(f);
}

void vl_fact_join(struct vl_fact *a, const struct vl_fact *b)
{
	struct vl_fact r;
	uint8_t i, j;

	vl_fact_init(&r, a->term);
	r.lo = a->lo < b->lo ? a->lo : b->lo;
	r.hi = a->hi > b->hi ? a->hi : b->hi;
	for (i = 0; i < a->nne; i++) {
		bool in_b = !may_equal(b, a->ne[i]);

		if (in_b && a->ne[i] >= r.lo && a->ne[i] <= r.hi)
			r.ne[r.nne++] = a->ne[i];
	}
	/* A value excluded by a's bounds and b's list is excluded too. */
	for (j = 0; j < b->nne && r.nne < 2; j++) {
		int64_t v = b->ne[j];
		bool dup = false;

		for (i = 0; i < r.nne; i++)
			dup |= r.ne[i] == v;
		if (!dup && !may_equal(a, v) && v >= r.lo && v <= r.hi)
			r.ne[r.nne++] = v;
	}
	r.set = a->set & b->set;
	r.clear = a->clear & b->clear;
	for (i = 0; i < a->nany; i++)
		for (j = 0; j < b->nany; j++)
			if (a->any[i] == b->any[j] && r.nany < 2)
				r.any[r.nany++] = a->any[i];
	*a = r;
}

bool vl_fact_equal(const struct vl_fact *a, const struct vl_fact *b)
{
	return a->term == b->term && a->lo == b->lo && a->hi == b->hi &&
	       a->nne == b->nne && !memcmp(a->ne, b->ne, sizeof(a->ne[0]) * a->nne) &&
	       a->set == b->set && a->clear == b->clear &&
	       a->nany == b->nany &&
	       !memcmp(a->any, b->any, sizeof(a->any[0]) * a->nany);
}
