/*
 * The dataflow analysis of one function, and what it offers checkers.
 *
 * The analysis runs in two passes over the lowered CFG (ir.h).  The first
 * computes, for every block, a small set of abstract states (state.h)
 * until nothing changes; states whose lock sets agree are merged at
 * joins, states whose lock sets differ stay apart (up to a bound), so the
 * lock state is path-sensitive without enumerating paths.  The second
 * pass walks every reachable block once more with the fixed-point states
 * and calls the checkers (checkers/) at each event.
 */
#ifndef VL_ANALYSIS_H
#define VL_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "spec.h"
#include "state.h"
#include "term.h"

struct vl_actx;
struct vl_finding;

/* How the paths of a spec clause bind for one state. */
struct vl_bind {
	uint32_t this_term;	/* field rules: the struct written */
	const uint32_t *args;	/* function clauses: argument terms */
	uint32_t nargs;
	uint32_t ret;		/* function clauses: the result term */
};

/* A lock as one state sees it. */
struct vl_lockinst {
	bool valid;		/* false: could not be resolved */
	uint32_t addr;		/* identity term */
	uint32_t owner;		/* owner term (for messages) */
	const struct vl_class *cls;	/* NULL: unknown class */
	enum vl_mode mode;	/* as requested (ANY for releases) */
};

/* ---- what a checker sees at one event ---- */

struct vl_check {
	struct vl_actx *ax;
	const struct vl_event *ev;	/* NULL at function exit */
	uint32_t loc;
	struct vl_state *const *states;	/* the paths reaching this point */
	uint32_t nstates;
	const struct vl_bind *binds;	/* per state (calls and writes) */
};

/* A lock operation of a call: one effect of the callee's spec. */
struct vl_lockop {
	const struct vl_fnspec *fn;
	const struct vl_effect *eff;
	bool is_try;			/* acquired only on some results */
	bool wildcard;			/* releases every lock of a class */
	const struct vl_lockinst *inst;	/* per state */
};

/* A field write. */
struct vl_write {
	const char *rec;
	const char *field;
	const struct vl_field_rule *rule;	/* NULL: no rule */
	const uint32_t *old_val;		/* per state: the value replaced */
	const uint32_t *new_val;		/* per state */
};

struct vl_checker {
	const char *id;		/* checker id, as in [vmalock-ID] */
	const char *summary;
	void (*lock_op)(const struct vl_check *c, const struct vl_lockop *op);
	/* A spec 'requires' clause of a called function. */
	void (*call_requires)(const struct vl_check *c,
			      const struct vl_fnspec *fn,
			      const struct vl_effect *eff);
	void (*field_write)(const struct vl_check *c, const struct vl_write *w);
	/* At the end of the function (states reaching the exit). */
	void (*exit)(const struct vl_check *c);
};

extern const struct vl_checker *const vl_checkers[];
extern const uint32_t vl_ncheckers;

/* ---- running ---- */

/* Analyse one function, appending findings to u->findings. */
void vl_analyse_function(struct vl_unit *u, struct vl_func *f);

/* ---- services for checkers ---- */

struct vl_unit *vl_ax_unit(const struct vl_actx *ax);
const struct vl_func *vl_ax_func(const struct vl_actx *ax);
const struct vl_spec *vl_ax_spec(const struct vl_actx *ax);
struct vl_terms *vl_ax_terms(struct vl_actx *ax);

/* Resolve a lock reference of a spec clause in state s. */
struct vl_lockinst vl_resolve_lock(struct vl_actx *ax,
				   const struct vl_state *s,
				   const struct vl_lockref *l,
				   const struct vl_bind *b);
/* The held entry matching inst (same lock; unify_owners classes match by
 * class), or VL_NONE.  Entries that are "maybe" or conditional count
 * only if with_uncertain. */
uint32_t vl_find_lock(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_lockinst *inst, bool with_uncertain);
/* Is requirement r met in s?  If not and missing is not NULL, describe
 * the unmet part ("the VMA write lock of vma"). */
bool vl_req_holds(struct vl_actx *ax, const struct vl_state *s,
		  const struct vl_req *r, const struct vl_bind *b,
		  struct vl_buf *missing);
/* The value written/read: null, non-null or unknown on this path. */
enum vl_valkind vl_value_kind(struct vl_actx *ax, const struct vl_state *s,
			      uint32_t term);

/* Text for messages. */
void vl_describe_term(struct vl_actx *ax, const struct vl_state *s,
		      uint32_t term, struct vl_buf *b);
/* "mmap write lock of vma->vm_mm", "VMA read lock of vma", "lock *ptl". */
void vl_describe_lock(struct vl_actx *ax, const struct vl_state *s,
		      uint32_t addr, const struct vl_class *cls,
		      enum vl_mode mode, struct vl_buf *b);
void vl_describe_inst(struct vl_actx *ax, const struct vl_state *s,
		      const struct vl_lockinst *l, struct vl_buf *b);
void vl_describe_held(struct vl_actx *ax, const struct vl_state *s,
		      struct vl_buf *b);
/* The locks held on every path ("a, b"), then those held on some paths
 * only ("; on some paths also: c"). */
void vl_describe_held_paths(struct vl_actx *ax, struct vl_state *const *states,
			    uint32_t n, struct vl_buf *b);
const struct vl_class *vl_held_class(struct vl_actx *ax,
				     const struct vl_held *h);
/* The determiner for a lock description: "the " before "mmap read lock
 * of mm", nothing before a stand-in that has its own ("a page table
 * lock"). */
const char *vl_lock_det(const char *desc);

/*
 * Report a finding at loc.  key is what the finding is about (a field,
 * a lock class, a callee): it goes into the fingerprint.  rule is the
 * spec entry that requires what was violated (NULL: none); the finding
 * keeps a copy.  A second report with the same checker, loc and key is
 * dropped (NULL is returned).
 */
struct vl_finding *vl_report(struct vl_actx *ax, const char *checker,
			     uint32_t loc, const char *key,
			     const struct vl_rule *rule, const char *fmt, ...)
	VL_PRINTF(6, 7);
/*
 * The spec entry behind effect e: its own, or for a requirement of a
 * summary the entry that introduced it, down the calls (a field rule, or
 * the spec entry of a callee of a callee).
 */
const struct vl_rule *vl_effect_rule(struct vl_actx *ax,
				     const struct vl_effect *e);
void vl_finding_step(struct vl_actx *ax, struct vl_finding *f, uint32_t loc,
		     const char *fmt, ...) VL_PRINTF(4, 5);
/* Steps: where each lock held in s was taken (assertions included). */
void vl_explain_held(struct vl_actx *ax, struct vl_finding *f,
		     const struct vl_state *s);
/* A step for one held lock: taken, asserted or held by the caller. */
void vl_note_held(struct vl_actx *ax, struct vl_finding *f,
		  const struct vl_state *s, const struct vl_held *h);
/* The same for the locks of one class only. */
void vl_explain_held_class(struct vl_actx *ax, struct vl_finding *f,
			   const struct vl_state *s, const struct vl_class *cls);
/*
 * held-at-exit: a lock h reaches the end of the function on s.  If the
 * callers may release it (the function is a lock helper), the finding
 * waits for them: true is returned and the next vl_report() is parked
 * (see core/summary.h); call vl_defer_end() after reporting.
 */
/* A lock the function may return holding: a spec callback entry that
 * matches it says it "leaves" it to a sibling callback, or it is the
 * callers' lock, dropped on this path and taken again. */
bool vl_exit_handed_over(struct vl_actx *ax, const struct vl_state *s,
			 const struct vl_held *h);
bool vl_defer_leak(struct vl_actx *ax, const struct vl_state *s,
		   const struct vl_held *h, uint32_t loc);
void vl_defer_end(struct vl_actx *ax);
/* Steps: where locks were released on this path (and are not held now). */
void vl_explain_dropped(struct vl_actx *ax, struct vl_finding *f,
			const struct vl_state *s);
/* The same for one lock only. */
void vl_explain_dropped_lock(struct vl_actx *ax, struct vl_finding *f,
			     const struct vl_state *s, uint32_t addr);

#endif /* VL_ANALYSIS_H */
