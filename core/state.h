/*
 * The abstract state at a program point, for one group of paths: the
 * locks held, branch facts, known memory contents and the value of each
 * local.  The analysis keeps a small set of states per program point and
 * merges states whose lock sets agree (see analysis.c).
 *
 * Lock identity is the term of the lock's address (vl_held.addr): the
 * address of the field holding it (&mm->mmap_lock), an object's
 * pseudo-lock (the VMA lock of vma) or a pointer returned by a lock
 * function (pmd_lock()).
 */
#ifndef VL_STATE_H
#define VL_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "facts.h"
#include "spec.h"
#include "term.h"

#define VL_NOCLASS UINT16_MAX

enum vl_held_flags {
	VL_HF_MAYBE = 1 << 0,	 /* held on some of the merged paths only */
	VL_HF_ASSERTED = 1 << 1, /* known from an assertion, not taken here */
	VL_HF_ENTRY = 1 << 2,	 /* held by the caller (callback entry) */
	/* Assumed after a finding that it was missing, so that one missing
	 * lock is one finding (with VL_HF_ASSERTED). */
	VL_HF_ASSUMED = 1 << 3,
	VL_HF_ASSUMED_W = 1 << 4, /* held for read, assumed for write */
	VL_HF_COND_REL = 1 << 5, /* cond: a callee may have released it */
};

struct vl_held {
	uint32_t addr;		/* term: the lock */
	uint16_t cls;		/* class id or VL_NOCLASS */
	uint8_t mode;		/* VL_MODE_READ or VL_MODE_WRITE */
	uint8_t flags;
	uint8_t acq_mode;	/* the mode it was taken in (for notes) */
	uint8_t depth;		/* extra recursive holds (already reported) */
	/* A try-lock whose outcome is not known yet: held iff cond PRED k. */
	uint32_t cond;		/* term or VL_NONE */
	uint8_t cond_pred;
	int64_t cond_k;
	uint32_t loc;		/* where it was taken (or asserted) */
	uint32_t rel_loc;	/* VL_HF_COND_REL: the call that may drop it */
	/* Taken by a callee that returned with it held: the obligation
	 * node of that acquisition (summary.h), 0 if none. */
	uint32_t node;
};

/*
 * A lock the function's callers must hold (a requirement passed up to
 * them, see summary.h): assumed held from where it was needed.  At exit,
 * those no longer held were released by the function.
 */
struct vl_entrylock {
	uint32_t addr;
	uint16_t cls;
	uint8_t mode;
};

/* Memory known on this path: *addr == val (after a write or a store). */
struct vl_mem {
	uint32_t addr;
	uint32_t val;
};

/* A lock released on this path: explains later findings. */
struct vl_dropped {
	uint32_t addr;
	uint16_t cls;
	uint8_t mode;
	uint32_t loc;		/* where it was released */
	uint32_t acq_loc;	/* where it had been taken */
	bool callers;		/* the callers' (held on entry) */
	bool unseen;		/* released where this function did not see
				 * it held: only the callers hold it */
};

#define VL_MAX_DROPPED 8

/* A fact a call's result brings once the result is tested: when
 * (cond CPRED ck) holds, so does (term PRED k). */
struct vl_implied {
	uint32_t cond;
	uint8_t cpred;
	int64_t ck;
	uint32_t term;
	uint8_t pred;
	int64_t k;
};

struct vl_state {
	struct vl_held *held;	/* sorted by (addr, cls) */
	uint32_t nheld, capheld;
	struct vl_fact *facts;	/* sorted by term */
	uint32_t nfacts, capfacts;
	struct vl_mem *mem;	/* sorted by addr */
	uint32_t nmem, capmem;
	struct vl_dropped dropped[VL_MAX_DROPPED];
	uint32_t ndropped;
	uint32_t *priv;		/* new objects nobody else sees (sorted) */
	uint32_t npriv, cappriv;
	struct vl_implied *impl;
	uint32_t nimpl, capimpl;
	struct vl_entrylock *entry;	/* sorted by addr */
	uint32_t nentry, capentry;
	uint32_t *env;		/* value of each local */
	uint32_t nlocals;
	uint32_t ret;		/* term returned, VL_NONE if none yet */
	uint32_t ret_loc;	/* location of that return */
	/* Non-zero: an entry alternative kept apart from the others with
	 * the same locks ("if behavior in (3, 4, ...)": one per value, so
	 * that a switch on it takes one case each). */
	uint32_t apart;
};

struct vl_state *vl_state_new(uint32_t nlocals);
struct vl_state *vl_state_clone(const struct vl_state *s);
void vl_state_free(struct vl_state *s);
void vl_state_copy(struct vl_state *dst, const struct vl_state *src);

/* ---- locks ---- */
/* Index of the held entry for (addr) or VL_NONE; cls VL_NOCLASS matches
 * any class. */
uint32_t vl_state_find_held(const struct vl_state *s, uint32_t addr);
void vl_state_add_held(struct vl_state *s, const struct vl_held *h);
void vl_state_remove_held(struct vl_state *s, uint32_t idx);
void vl_state_note_dropped(struct vl_state *s, const struct vl_held *h,
			   uint32_t loc);
/* Do a and b hold the same locks (ignoring where they were taken)? */
bool vl_state_same_locks(const struct vl_state *a, const struct vl_state *b);
/* The same callers' locks released (entry locks no longer held). */
bool vl_state_same_released(const struct vl_state *a,
			    const struct vl_state *b);

/* Note that the callers must hold lock addr (set semantics). */
void vl_state_add_entry(struct vl_state *s, uint32_t addr, uint16_t cls,
			uint8_t mode);
bool vl_state_has_entry(const struct vl_state *s, uint32_t addr);

/* ---- facts ---- */
const struct vl_fact *vl_state_fact(const struct vl_state *s, uint32_t term);
/* Decide (term PRED k) from facts and the term itself. */
enum vl_tri vl_state_decide(const struct vl_state *s,
			    const struct vl_terms *ts, uint32_t term,
			    uint8_t pred, int64_t k);
/* Learn (term PRED k), seeing through tests and bit masks; resolves
 * try-locks that depend on term.  false: the path is infeasible. */
bool vl_state_assume(struct vl_state *s, struct vl_terms *ts, uint32_t term,
		     uint8_t pred, int64_t k);

/* Try-locks whose outcome depends on term: settle them if the facts
 * (or the term itself, a constant) decide it. */
void vl_state_settle(struct vl_state *s, const struct vl_terms *ts,
		     uint32_t term);

/* ---- new objects and implications ---- */
bool vl_state_is_private(const struct vl_state *s, uint32_t term);
void vl_state_set_private(struct vl_state *s, uint32_t term, bool on);
void vl_state_add_implied(struct vl_state *s, struct vl_terms *ts,
			  const struct vl_implied *im);

/* A loop head's phi takes over what s knows of the value it stands for
 * on this entry (from): try-lock conditions, facts, a constant. */
/* What s knows of value v: its fact, or for a constant, x | k and x & k
 * what follows from it (false: nothing). */
bool vl_state_value_fact(const struct vl_state *s, const struct vl_terms *ts,
			 uint32_t v, struct vl_fact *out);
/* Know nothing of term any more. */
void vl_state_forget_fact(struct vl_state *s, uint32_t term);
void vl_state_carry(struct vl_state *s, struct vl_terms *ts, uint32_t from,
		    uint32_t to);

/* ---- memory ---- */
uint32_t vl_state_mem(const struct vl_state *s, uint32_t addr);
/* val VL_NONE: not known (the cell goes). */
void vl_state_set_mem(struct vl_state *s, uint32_t addr, uint32_t val);

/*
 * Rename: every term containing "from" now contains "to" instead, in
 * locks, facts, memory and locals.  Used when a name stops denoting a
 * value (overwritten field, re-executed call, new loop iteration).
 */
/* Rename only the held locks (their addresses and conditions). */
void vl_state_rename_locks(struct vl_state *s, struct vl_terms *ts,
			   uint32_t from, uint32_t to);
void vl_state_rename(struct vl_state *s, struct vl_terms *ts, uint32_t from,
		     uint32_t to);

/*
 * Join b into a, for two states with the same locks: keep what both know;
 * locals that differ become phi(block, local).  Returns true if a
 * changed.
 */
bool vl_state_join(struct vl_state *a, const struct vl_state *b,
		   struct vl_terms *ts, uint32_t block);
/* Join states whose locks differ: entries not in both become "maybe". */
bool vl_state_join_locks(struct vl_state *a, const struct vl_state *b,
			 struct vl_terms *ts, uint32_t block);
bool vl_state_equal(const struct vl_state *a, const struct vl_state *b);

#endif /* VL_STATE_H */
