/*
 * Symbolic values ("terms") used by the analysis of one function.
 *
 * A term names a value independently of the locals that hold it: the
 * parameter vma, the result of call site 3, the value loaded from
 * vma->vm_mm, the address of mm->mmap_lock.  Terms are hash-consed, so
 * two terms are the same value exactly when their ids are equal.
 *
 * When a name stops denoting a value (a field is overwritten, a call site
 * runs again in a loop, a loop head starts a new iteration) the analysis
 * renames the old term to OLD(term) everywhere in its state, so whatever
 * still refers to the old value keeps doing so under a distinct name.
 */
#ifndef VL_TERM_H
#define VL_TERM_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

enum vl_tkind {
	VL_T_PARAM,		/* a: parameter index */
	VL_T_UNINIT,		/* a: local; a local before any assignment */
	VL_T_GLOBAL,		/* name: &global (or a global lock class) */
	VL_T_FUNC,		/* name: &function */
	VL_T_CONST,		/* k */
	VL_T_CALL,		/* a: call site; name: callee (display only) */
	VL_T_PURE,		/* name: callee; args: the result of a pure call */
	VL_T_OUT,		/* a: site, b: argument: stored by a callee */
	VL_T_PHI,		/* a: block, b: local: value at a join */
	VL_T_UNKNOWN,		/* a: expression id */
	VL_T_FIELD,		/* a: base pointer; name: field path: &a->name */
	VL_T_LOAD,		/* a: address; *a */
	VL_T_ADDR_LOCAL,	/* a: local: &local */
	VL_T_OLD,		/* a: term: an overwritten value */
	VL_T_TEST,		/* a: term; pred, k: (a PRED k) */
	VL_T_BITAND,		/* a: term; k: mask */
	VL_T_LOCKOBJ,		/* a: owner; b: class id: an object's pseudo-lock */
	VL_T_BITOR,		/* a: term; k: mask */
	VL_T_LAND,		/* args: two terms; (a != 0 && b != 0) */
	VL_T_LOR,		/* args: two terms; (a != 0 || b != 0) */
	VL_T_EQ,		/* args: two terms, in order; (a == b) */
	VL_T_OFFSET,		/* a: pointer term; k: elements; a + k */
	/* args: old value, new value (a callee's store); k: the bits
	 * that may differ: the new value, whose other bits are old's */
	VL_T_KEEPBITS,
};

struct vl_term {
	uint8_t kind;
	uint8_t pred;
	uint32_t a, b;
	int64_t k;
	const char *name;	/* interned by the unit */
	const char *rec;	/* FIELD: struct name when known (not identity) */
	const uint32_t *args;	/* PURE */
	uint32_t nargs;
	uint32_t hash;
};

struct vl_terms {
	struct vl_term *t;
	uint32_t n, cap;
	uint32_t *slots;	/* open addressing: term id + 1, 0 empty */
	uint32_t nslots;
	struct vl_arena arena;	/* argument arrays */
};

void vl_terms_init(struct vl_terms *ts);
void vl_terms_free(struct vl_terms *ts);

static inline const struct vl_term *vl_term(const struct vl_terms *ts,
					    uint32_t id)
{
	return &ts->t[id];
}

uint32_t vl_t_param(struct vl_terms *ts, uint32_t i);
uint32_t vl_t_uninit(struct vl_terms *ts, uint32_t local);
uint32_t vl_t_global(struct vl_terms *ts, const char *name);
uint32_t vl_t_func(struct vl_terms *ts, const char *name);
uint32_t vl_t_const(struct vl_terms *ts, int64_t k);
uint32_t vl_t_call(struct vl_terms *ts, uint32_t site, const char *callee);
uint32_t vl_t_pure(struct vl_terms *ts, const char *callee,
		   const uint32_t *args, uint32_t nargs);
uint32_t vl_t_out(struct vl_terms *ts, uint32_t site, uint32_t arg);
uint32_t vl_t_phi(struct vl_terms *ts, uint32_t block, uint32_t local);
uint32_t vl_t_unknown(struct vl_terms *ts, uint32_t expr);
uint32_t vl_t_field(struct vl_terms *ts, uint32_t base, const char *rec,
		    const char *field);
uint32_t vl_t_load(struct vl_terms *ts, uint32_t addr);
uint32_t vl_t_addr_local(struct vl_terms *ts, uint32_t local);
/* OLD(OLD(x)) is OLD(x): one generation of old values is kept. */
uint32_t vl_t_old(struct vl_terms *ts, uint32_t t);
/* Normalises: constants fold, !(x PRED k) flips, (x & m) != 0 is a bit
 * test. */
uint32_t vl_t_test(struct vl_terms *ts, uint32_t t, uint8_t pred, int64_t k);
uint32_t vl_t_bitand(struct vl_terms *ts, uint32_t t, int64_t mask);
uint32_t vl_t_bitor(struct vl_terms *ts, uint32_t t, int64_t mask);
/* A pointer moved by n elements: (p + a) + b is p + (a + b), p + 0 is p. */
uint32_t vl_t_offset(struct vl_terms *ts, uint32_t t, int64_t n);
/* The value nv a callee left where old was, changing only the bits in
 * changed: (nv & m) with m outside them is (old & m). */
uint32_t vl_t_keepbits(struct vl_terms *ts, uint32_t old, uint32_t nv,
		       int64_t changed);
/* a && b (or a || b when is_or): 0 or 1. */
uint32_t vl_t_logic(struct vl_terms *ts, bool is_or, uint32_t a, uint32_t b);
/* (a == b) as 0 or 1: decided for the same term, two constants and
 * two different globals' addresses. */
uint32_t vl_t_eq(struct vl_terms *ts, uint32_t a, uint32_t b);
/* The (a == b) term if some path made it, else VL_NONE: no new term
 * (for lookups while callers hold pointers into the terms). */
uint32_t vl_t_eq_find(const struct vl_terms *ts, uint32_t a, uint32_t b);
uint32_t vl_t_lockobj(struct vl_terms *ts, uint32_t owner, uint32_t cls);

/* Does term t contain sub (or equal it)? */
bool vl_term_contains(const struct vl_terms *ts, uint32_t t, uint32_t sub);
/*
 * Replace every occurrence of from by to inside t.  memo is scratch
 * space owned by the caller (cleared between different (from, to)).
 */
uint32_t vl_term_subst(struct vl_terms *ts, uint32_t t, uint32_t from,
		       uint32_t to);
/* Is the value certainly not NULL (an address) / certainly NULL? */
bool vl_term_is_address(const struct vl_terms *ts, uint32_t t);
/* The opposite predicate: !(x P k) == (x opp(P) k). */
uint8_t vl_pred_negate(uint8_t pred);
/* Decide (x P k) for a constant x. */
bool vl_pred_eval(uint8_t pred, int64_t x, int64_t k);

#endif /* VL_TERM_H */
