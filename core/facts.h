/*
 * What is known about a value on a path: bounds, excluded values and
 * known bits, from the conditions of the branches taken ("vma->anon_vma
 * is NULL here", "the trylock returned non-zero", "fault has
 * VM_FAULT_RETRY set").
 */
#ifndef VL_FACTS_H
#define VL_FACTS_H

#include <stdbool.h>
#include <stdint.h>

enum vl_tri {
	VL_FALSE,
	VL_TRUE,
	VL_MAYBE,
};

struct vl_fact {
	uint32_t term;
	int64_t lo, hi;		/* inclusive bounds */
	int64_t ne[2];		/* excluded values inside the bounds */
	uint8_t nne;
	uint64_t set;		/* bits known set */
	uint64_t clear;		/* bits known clear */
	uint64_t any[2];	/* masks with at least one bit set */
	uint8_t nany;
};

/* A fact that knows nothing about term. */
void vl_fact_init(struct vl_fact *f, uint32_t term);
bool vl_fact_is_trivial(const struct vl_fact *f);
/* Is (value PRED k) true, false or unknown under f? */
enum vl_tri vl_fact_decide(const struct vl_fact *f, uint8_t pred, int64_t k);
/* Learn (value PRED k); false if that contradicts f. */
bool vl_fact_add(struct vl_fact *f, uint8_t pred, int64_t k);
/* What both a and b know, into a. */
void vl_fact_join(struct vl_fact *a, const struct vl_fact *b);
bool vl_fact_equal(const struct vl_fact *a, const struct vl_fact *b);

#endif
