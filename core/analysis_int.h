/*
 * Internals shared by the dataflow (analysis.c) and the function
 * summaries (summary.c): the analysis context of one function and the
 * helpers both use.  Checkers see analysis.h only.
 */
#ifndef VL_ANALYSIS_INT_H
#define VL_ANALYSIS_INT_H

#include "analysis.h"
#include "summary.h"

#define VL_MAX_STATES 16	/* states kept apart per program point */

struct vl_sset {
	struct vl_state **s;
	uint32_t n, cap;
};

struct vl_actx {
	struct vl_unit *u;
	const struct vl_spec *spec;
	struct vl_func *f;
	uint32_t fidx;		/* index of f in u->funcs, VL_NONE if not */
	struct vl_terms terms;

	struct vl_sset *in;	/* per block: states at block entry */
	uint32_t *visits;
	bool *dirty;
	uint32_t *rpo;		/* reachable blocks in reverse post-order */
	uint32_t nrpo;
	uint32_t *rpo_pos;	/* block -> position in rpo, VL_NONE if dead */
	bool *loop_head;
	bool *in_loop;		/* block is inside some loop */
	uint8_t *loop_locals;	/* [head * nlocals + local]: assigned in loop */

	bool reporting;
	bool gave_up;
	/* vl_eval_path() went through a pointer known to be NULL. */
	bool path_through_null;
	/* vl_req_holds() counts only locks held here: no new-object
	 * exemption, no unnameable lock, no lock assumed for the callers. */
	bool held_only;
	uint32_t first_finding;

	/* Lock addresses whose class an acquisition or a "names" clause
	 * told (a lock still known after it is released or not taken). */
	struct { uint32_t addr; uint16_t cls; } *hints;
	uint32_t nhints, caphints;

	/* Locals that meet at a join holding addresses of different
	 * globals (ops = &smaps_walk_ops or &smaps_shmem_walk_ops): the
	 * globals each phi term stands for, so that a field all of them
	 * give the same constant reads as it.  invalid: some incoming value
	 * is not a global's address. */
	struct vl_phi_globals {
		uint32_t phi;
		bool invalid;
		uint8_t n;
		const char *names[4];
	} *phig;
	uint32_t nphig, capphig;

	/* While set, vl_report() parks the finding in this obligation
	 * node instead of reporting it (summary.h). */
	uint32_t defer_node;
	/* What the callback entries matching f say it may return holding
	 * (spec "leaves"). */
	const struct vl_req **leaves;
	uint32_t nleaves, capleaves;
	/* vl_sum_can_defer(): a lock this function holds or dropped was
	 * in the way (not an owner the callers cannot name). */
	bool defer_held_here;
	/* vl_sum_defer_req(): the requirement goes to the callers for its
	 * open condition only (the function holds the lock itself, in a
	 * weaker mode): they must make the condition false.  No entry
	 * lock. */
	bool defer_cond_only;
	/* What the summary of f is built from (summary.c). */
	struct vl_sumbuild *sb;
};

static inline bool vl_held_certain(const struct vl_held *h)
{
	return !(h->flags & VL_HF_MAYBE) && h->cond == VL_NONE;
}

const char *vl_ax_intern(struct vl_actx *ax, const char *s);
/* Evaluate a spec path in s; VL_NONE if it cannot be bound here. */
uint32_t vl_eval_path(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_path *p, const struct vl_bind *b);
/* The owner of the lock at addr of class c (see vl_lockref), or VL_NONE
 * for global classes and addresses that are not c's. */
uint32_t vl_lock_owner(struct vl_actx *ax, const struct vl_class *c,
		       uint32_t addr);
/* The class of a lock known only by its address (a field, a global, a
 * pointer field of an anonymous class, a lock the path named), or NULL;
 * *owner receives its owner. */
const struct vl_class *vl_class_of_addr(struct vl_actx *ax,
					const struct vl_state *s,
					uint32_t addr, uint32_t *owner);

enum vl_each_mode { VL_EACH_TRIVIAL, VL_EACH_ALL, VL_EACH_ANY };
/*
 * each(g1: L1, g2: L2, ...): the locks whose guard is known non-NULL are
 * all needed; with none known, any one whose guard is not known NULL
 * will do (strict mode: all of them).  sel[i] says which are needed
 * (ALL) or may be chosen from (ANY).
 */
enum vl_each_mode vl_each_select(struct vl_actx *ax, const struct vl_state *s,
				 const struct vl_req *r,
				 const struct vl_bind *b, bool sel[16]);

#endif /* VL_ANALYSIS_INT_H */
