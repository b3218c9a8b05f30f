/*
 * Function summaries: what a function needs from its callers and what it
 * does to their locks, inferred from its body, so that a call to it is
 * checked like a call to a function the spec describes.
 *
 * A summary is a synthesized spec entry (struct vl_fnspec, summary set):
 *	requires	locks the function needs and does not take itself
 *			(its field writes, lock calls, assertions and its
 *			callees' requirements), on its parameters, globals
 *			or, for classes whose owners unify, any owner;
 *			with the conditions on arguments under which its
 *			path needs them (vp->file != NULL, flags & 0x1000)
 *	acquires	locks it returns holding, conditional on the result
 *	releases	caller locks it releases
 *	takes		locks it takes and drops (check_only acquisitions):
 *			lock order and double acquisition across calls
 *	outrels		what it leaves in *param, tied to its result
 *			(GUP's "int *locked" is 0 exactly where it returns
 *			non-zero): a caller's test of "locked" then decides
 *			the effects conditional on the result
 *	mods		the parameters it may store through (a caller keeps
 *			what it knows of a local struct passed to a function
 *			that does not)
 *	outfields	what it leaves in fields of *param on every return
 *			path, over its arguments (init_vma_prep() sets
 *			vp->mapping = vma->vm_file->f_mapping)
 * Functions are analysed bottom-up over the call graph; a recursive group
 * is analysed again until its summaries stop changing.
 *
 * Who is to blame.  A requirement that a function cannot meet itself (its
 * owner is a parameter) is an obligation of its callers.  Each such
 * requirement is an obligation node; at a call site it is met (the node's
 * root is "discharged"), passed further up (a child node in the caller),
 * or fails where it cannot go further (an entry point: a function nothing
 * analysed calls; or an owner the caller cannot name).  The finding is
 * decided once every function is analysed:
 *	- met at some call site: each failing site is reported
 *	  (call-requires, with the chain of calls as notes);
 *	- met nowhere: the function that introduced it is the likely bug,
 *	  reported there, at the write or lock call, under that rule's
 *	  checker (an assertion is a contract: never reported there);
 * Locks a function returns holding are obligations the same way: released
 * by some caller, the leaks are reported where the lock reaches the end
 * of an entry point; released by none, the function taking it is.
 */
#ifndef VL_SUMMARY_H
#define VL_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "spec.h"

struct vl_actx;
struct vl_state;
struct vl_finding;
struct vl_bind;
struct vl_lockinst;

enum vl_obl_kind {
	VL_OBL_REQUIRE,		/* a lock that must be held */
	VL_OBL_LEAK,		/* a lock that must be released */
};

struct vl_obl {
	uint32_t root;		/* the node that introduced it (itself) */
	uint32_t parent;	/* 0 for a root */
	uint32_t func;		/* index of the function in u->funcs */
	uint32_t loc;		/* where: origin, call site or exit */
	uint8_t kind;		/* enum vl_obl_kind */
	bool asserted;		/* root: from an assertion (a contract) */
	bool terminal;		/* cannot be passed further up */
	bool held_fail;		/* ... on some path because the function
				 * holds (or dropped) such a lock itself */
	bool discharged;	/* root: met at some call site */
	const char *note;	/* step text for chains ("f() calls g() here") */
	const struct vl_rule *rule;	/* root: the spec entry behind it */
	struct vl_finding *pending;	/* reported if the node is to blame */
	uint64_t key;
};

/* Everything inferred about a unit's functions. */
struct vl_summaries {
	struct vl_arena arena;
	struct vl_fnspec **byfunc;	/* per u->funcs index, NULL: none */
	uint32_t nfuncs;
	struct vl_obl *obls;		/* [0] unused */
	uint32_t nobls, capobls;
	uint32_t *obl_slots;		/* open addressing: key -> node */
	uint32_t nobl_slots;
	uint32_t *fslots;		/* link name -> function index + 1 */
	uint32_t nfslots;
	/* Call graph over u->funcs (direct calls by name). */
	uint32_t *scc;			/* per function: its SCC id */
	uint32_t *outside_callers;	/* calls from outside its SCC */
	uint32_t *scc_callers;		/* per SCC: calls into it from outside */
	bool changed;			/* a summary changed (SCC rounds) */
};

/* ---- the unit side (unit.c) ---- */

struct vl_summaries *vl_summaries_new(uint32_t nfuncs);
void vl_summaries_free(struct vl_summaries *sm);
/* The summary of a lowered function by name, or NULL. */
const struct vl_fnspec *vl_summary_of(const struct vl_unit *u,
				      const char *name);
/* Function index by name (lowered functions), VL_NONE if none. */
uint32_t vl_unit_func_index(const struct vl_unit *u, const char *name);
/*
 * Call graph and bottom-up order: order[] receives function indexes,
 * callees before callers; scc_start[k] .. scc_start[k + 1] is one
 * strongly connected group.  Returns the number of groups.
 */
uint32_t vl_callgraph(struct vl_unit *u, uint32_t *order,
		      uint32_t *scc_start);
/* After every function: decide which pending findings are reported and
 * append them to u->findings. */
void vl_obl_resolve(struct vl_unit *u);
/* Forget the pending findings of function fidx (analysed again). */
void vl_obl_reset_func(struct vl_unit *u, uint32_t fidx);

/* ---- the analysis side (analysis.c) ---- */

uint32_t vl_obl_node(struct vl_unit *u, uint32_t parent, uint8_t kind,
		     uint32_t func, uint32_t loc, const char *note,
		     bool asserted, bool terminal, uint64_t key);
void vl_obl_discharge(struct vl_unit *u, uint32_t node);
/* Park f in node (vl_report while deferring); false if it has one. */
bool vl_obl_park(struct vl_unit *u, uint32_t node, struct vl_finding *f);

struct vl_sumbuild;
struct vl_sumbuild *vl_sumbuild_new(void);
void vl_sumbuild_free(struct vl_sumbuild *sb);

/*
 * A requirement not met on state s at loc: can the callers of the
 * function meet it?  If so (every lock it still misses is named from the
 * parameters, globals, or is of a class whose owners unify), the
 * residual is recorded for the summary with the conditions of the path,
 * its locks become the state's entry locks, and true is returned.  node
 * is the obligation it belongs to.  r is bound by b in s.  via: the
 * summary requirement of a callee it comes from, whose conditions s
 * cannot decide are passed on too.
 */
bool vl_sum_defer_req(struct vl_actx *ax, struct vl_state *s,
		      const struct vl_req *r, const struct vl_bind *b,
		      uint32_t node, bool record, const struct vl_effect *via);
/* The same test, without recording anything; *held_here: it cannot
 * because of a lock the function holds or dropped itself. */
bool vl_sum_can_defer(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_req *r, const struct vl_bind *b,
		      bool *held_here);
/* Does s leave open some condition of callee requirement via that the
 * callers can decide (a test of their arguments)? */
bool vl_sum_open_cond(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_effect *via, const struct vl_bind *b);
/* Conditions of a summary effect in s: VL_TRUE, VL_FALSE or VL_MAYBE;
 * *passable: every undecided one can be stated to the callers. */
int vl_sum_conds(struct vl_actx *ax, const struct vl_state *s,
		 const struct vl_effect *e, const struct vl_bind *b,
		 bool *passable);
/* Does every condition of e that s leaves undecided only test that an
 * object on the way to the lock exists ("if (vp->file)
 * i_mmap_lock_write(vp->mapping)" where the mapping is
 * vma->vm_file->f_mapping and the test vma->vm_file)? */
/* The one condition of summary effect e that s leaves open, other than
 * the existence of the lock's owner: where it holds, the effect happens.
 * As the test (*term PRED k) on s's values; false if there is not exactly
 * one, or it is not a plain or bit test. */
bool vl_sum_open_test(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_effect *e, const struct vl_bind *b,
		      uint32_t lock, uint32_t *term, uint8_t *pred,
		      int64_t *k);
bool vl_sum_conds_existence(struct vl_actx *ax, const struct vl_state *s,
			    const struct vl_effect *e,
			    const struct vl_bind *b, uint32_t lock);
/* A lock held at exit: can the callers release it (named from the
 * parameters, globals or the result)? */
bool vl_sum_can_pass_lock(struct vl_actx *ax, const struct vl_state *s,
			  uint32_t addr, const struct vl_class *cls);
/* Note a lock taken on this path (for the summary's "takes"), with the
 * conditions of the path (and those of via, a callee's "takes" entry,
 * that s does not decide). */
void vl_sum_note_take(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_lockinst *inst, enum vl_mode mode,
		      uint32_t loc, const char *via_fn, uint32_t via_loc,
		      const struct vl_effect *via, const struct vl_bind *b);
/* Note a release on this path of a lock the callers hold (inst, or every
 * lock of class cls_all), with the conditions of the path and those of
 * via, a callee's effect, that s does not decide: the summary's release
 * keeps those every release shares. */
void vl_sum_note_release(struct vl_actx *ax, const struct vl_state *s,
			 const struct vl_lockinst *inst,
			 const struct vl_class *cls_all,
			 const struct vl_effect *via, const struct vl_bind *b);
/* Note the states returning at a return event (for acquires/releases). */
void vl_sum_note_return(struct vl_actx *ax, struct vl_state *const *states,
			uint32_t n);
/* A lock held at exit that became obligation node (for its acquire). */
/* A store of val to addr (a parameter's object: the summary's mods; a
 * store into *param of its own value with bits set or cleared changes
 * only those bits). */
void vl_sum_note_store(struct vl_actx *ax, uint32_t addr, uint32_t val);
/* May a summarised callee store into first-level field "field" of
 * *param i (NULL: anywhere in it)?  kept: the spec says code the
 * analysis does not see leaves that field alone. */
bool vl_fnspec_stores_field(const struct vl_fnspec *sum, uint32_t i,
			    const char *field, bool kept);
/* A call with these argument values: a callee that may store through an
 * argument stores through the parameter it is. */
void vl_sum_note_call(struct vl_actx *ax, const uint32_t *args, uint32_t n,
		      const struct vl_fnspec *fn, const struct vl_fnspec *sum);
void vl_sum_note_leak(struct vl_actx *ax, uint32_t addr, uint32_t node);
/* Build and store the summary of ax->f from what was noted; sets
 * u->sums->changed if it differs from the previous one. */
void vl_sum_finish(struct vl_actx *ax);

#endif /* VL_SUMMARY_H */
