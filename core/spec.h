/*
 * The spec: what vmalock knows about locks, lock functions, field write
 * rules, lock order and forbidden nestings.  One grammar serves the spec
 * files (annotations/linux-6.12.spec) and in-source annotations
 * (annotations/vmalock.h); docs/spec-language.md describes it.
 *
 * Parsing builds this tree; vl_spec_finish() resolves names (classes,
 * defines), checks meaning and computes the transitive lock order.  All
 * strings are interned in the spec's string table.
 */
#ifndef VL_SPEC_H
#define VL_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct vl_pos {
	const char *file;
	uint32_t line;
	uint32_t col;
};

/*
 * A spec entry (an item of a spec file or an annotation) as written, for
 * the findings it causes: where it starts (the spec file, or the source
 * file of an annotation), its text (its tokens, one space where the
 * source had space or comments, without the "doc" clause and the final
 * ';') and its "doc" string: where the rule is documented, or NULL.
 */
struct vl_rule {
	const char *file;
	uint32_t line;
	const char *text;
	const char *doc;
};

/* A spec or annotation error: where, and what was expected. */
struct vl_diag {
	struct vl_pos pos;
	char *msg;
};

enum vl_lock_kind {
	VL_LK_RWSEM,
	VL_LK_RWLOCK,
	VL_LK_SPINLOCK,
	VL_LK_MUTEX,
	VL_LK_RCU,
	VL_LK_OTHER,
};

/* Where the lock object of a class lives. */
enum vl_lock_where {
	VL_LW_FIELD,		/* a field REC.FIELD; owner: the struct */
	VL_LW_OBJECT,		/* a pseudo-lock per object of REC */
	VL_LW_GLOBAL,		/* one global lock (owner: none) */
	VL_LW_ANON,		/* known only from the functions that make it */
	VL_LW_PATH,		/* at a path from an object of REC (this->a->b) */
};

enum vl_class_flags {
	/* Acquiring again while held (in that mode) is fine. */
	VL_CF_REENTRANT_R = 1 << 0,
	VL_CF_REENTRANT_W = 1 << 1,
	/* Released implicitly (in that mode): never "held at exit". */
	VL_CF_IMPLICIT_R = 1 << 2,
	VL_CF_IMPLICIT_W = 1 << 3,
	VL_CF_UNIFY = 1 << 4,		/* owners of this class match each other */
	VL_CF_ORDER_ONLY = 1 << 5,	/* for lock order only: not balance-checked */
};

/*
 * Are acquisitions and releases of this class checked for balance
 * (double-acquire, release-unheld, held-at-exit)?  Locks of no known
 * class and order-only classes are outside the rules being checked.
 */
#define vl_class_balanced(c) ((c) && !((c)->flags & VL_CF_ORDER_ONLY))


struct vl_class;

/* A class that, held, counts as holding others ("covers"). */
struct vl_cover {
	const char *name;
	const struct vl_class *cls;
	int mode;		/* enum vl_mode */
	struct vl_pos pos;
};

struct vl_class {
	const char *name;
	const char *display;	/* "mmap" -> "mmap write lock of mm" */
	enum vl_lock_kind kind;
	enum vl_lock_where where;
	const char *rec;	/* FIELD, OBJECT */
	const char *field;	/* FIELD: field path */
	const char *global;	/* GLOBAL: the global's name; FIELD: the one
				 * object it is limited to ("of init_mm"),
				 * else NULL */
	struct vl_path *path;	/* PATH: the lock's address from "this" */
	/* ANON: pointer fields that hold such a lock ("in vm_fault.ptl"):
	 * rec[i].field[i]. */
	const char **in_rec, **in_field;
	uint32_t nin;
	unsigned flags;
	struct vl_cover *covers;
	uint32_t ncovers;
	uint32_t id;
	const struct vl_rule *rule;	/* its "lock" entry */
	struct vl_pos pos;
};

/* Does class c have flag (a VL_CF_*_R / _W pair) for lock mode m? */
static inline bool vl_class_flag(const struct vl_class *c, unsigned flag_r,
				 unsigned flag_w, int mode /* enum vl_mode */)
{
	return c && (c->flags & (mode == 2 ? flag_w : flag_r));
}

enum vl_mode {
	VL_MODE_ANY = 0,	/* requirement: held in any mode */
	VL_MODE_READ = 1,	/* held for read (a write hold satisfies it) */
	VL_MODE_WRITE = 2,
};

enum vl_root {
	VL_ROOT_PARAM,		/* a function or define parameter */
	VL_ROOT_RETURN,		/* the function's return value */
	VL_ROOT_THIS,		/* field rules: the struct being written */
	VL_ROOT_GLOBAL,		/* a global variable */
	VL_ROOT_WILD,		/* "*": any owner (releases, requirements) */
	VL_ROOT_NONE,		/* global classes take no owner */
	VL_ROOT_CALL,		/* summaries: the result of a pure function
				 * without arguments (get_current()), named
				 * by global */
};

enum vl_pstep_op {
	VL_PS_ARROW,		/* ->field */
	VL_PS_DOT,		/* .field */
};

struct vl_pstep {
	uint8_t op;
	const char *field;
};

/*
 * An access path: root, postfix steps, then prefix operators applied
 * right to left ("&mm->mmap_lock": root mm, step ->mmap_lock, prefix &).
 */
struct vl_path {
	uint8_t root;		/* enum vl_root */
	uint32_t param;		/* VL_ROOT_PARAM: index */
	const char *global;	/* VL_ROOT_GLOBAL: name */
	const char *prefix;	/* interned string of '&' and '*' ("" if none) */
	struct vl_pstep *steps;
	uint32_t nsteps;
};

/* CLASS(path):mode, or lock(path):mode when cls is NULL (class from the
 * lock's address). */
struct vl_lockref {
	const struct vl_class *cls;
	const char *cls_name;	/* as written; "lock" for generic */
	struct vl_path owner;
	enum vl_mode mode;
	struct vl_pos pos;
};

enum vl_req_kind {
	VL_REQ_LOCK,
	VL_REQ_AND,
	VL_REQ_OR,
	VL_REQ_TRUE,		/* "nothing" */
	VL_REQ_USE,		/* use of a define, expanded by vl_spec_finish */
	VL_REQ_PRIVATE,		/* unpublished(p): a new object nobody sees */
	VL_REQ_EACH,		/* each(guard: lock, ...): see below */
	/* Summaries only: the lock at use_args[0], which the callee holds
	 * there, is lock (of class lock.cls for a "*" owner): "ptl(*)" met
	 * by spin_lock(ptl) on a spinlock_t * the callers pass, who know
	 * what it is. */
	VL_REQ_CLASS,
};

struct vl_req {
	enum vl_req_kind kind;
	struct vl_lockref lock;		/* LOCK */
	struct vl_req **subs;		/* AND, OR */
	uint32_t nsubs;
	const char *use;		/* USE: define name */
	struct vl_path *use_args;	/* USE; PRIVATE: the object */
	uint32_t nuse_args;
	/*
	 * EACH: guards[i] is a pointer whose being non-NULL makes subs[i]
	 * (a lock) apply: the locks whose guard is known non-NULL on the
	 * path are all needed; if none is known, any one of those whose
	 * guard is not known NULL will do (in strict mode: all of them).
	 */
	struct vl_path *guards;
	struct vl_pos pos;
};

/* A condition on a function's return value. */
struct vl_retcond {
	bool present;
	uint8_t pred;		/* enum vl_pred: EQ, NE, BITS_ANY, BITS_NONE */
	int64_t k;
	/* Spec effects only: the value tested, after the call, instead of
	 * the result ("when *locked == 0"); NULL: the result.  With
	 * subject_fn, what that pure function gives for it ("when
	 * !IS_ERR(return)"). */
	const struct vl_path *subject;
	const char *subject_fn;
};

/* A condition on an argument: "if flags & 0x1000", "unless locked". */
struct vl_argcond {
	bool present;
	bool negate;		/* unless */
	struct vl_path path;
	bool has_mask;
	int64_t mask;
	uint8_t cmp;		/* 0, or '=' / '!': compare with rhs or k */
	bool rhs_is_path;
	struct vl_path rhs;
	int64_t k;
	/* "in (a, b, ...)": one of these values (cmp and mask unset). */
	const int64_t *set;
	uint32_t nset;
};

enum vl_effect_kind {
	VL_EFF_ACQUIRE,
	VL_EFF_RELEASE,
	VL_EFF_DOWNGRADE,
	VL_EFF_ASSERT,
	VL_EFF_REQUIRE,
	VL_EFF_NAME,		/* "names": the value is a lock of that class */
	VL_EFF_WRITE,		/* "writes": the call writes a field */
};

struct vl_effect {
	enum vl_effect_kind kind;
	bool is_try;			/* "tries": never waits (no order check) */
	struct vl_lockref lock;		/* all but REQUIRE */
	/* ACQUIRE: held only when true; RELEASE: released only when true */
	struct vl_retcond when;
	struct vl_argcond guard;	/* the effect applies only if true */
	struct vl_req *req;		/* REQUIRE */
	struct vl_path target;		/* WRITE: the address written */
	const struct vl_rule *rule;	/* the entry of the clause; NULL in
					 * summaries (see vl_effect_rule()) */
	struct vl_pos pos;

	/*
	 * Summaries (core/summary.h) only; zero in parsed specs.  conds are
	 * more conditions on arguments, all needed, and a condition the
	 * caller cannot decide counts as met: the callee's path may be
	 * taken.
	 */
	struct vl_argcond *conds;
	uint32_t nconds;
	bool maybe;		/* ACQUIRE/RELEASE: on some paths only */
	bool check_only;	/* ACQUIRE: taken and dropped inside the callee:
				 * checked for order, not applied */
	bool released_first;	/* check_only: the callee released a lock of
				 * that class on the way (not a double take) */
	uint32_t node;		/* obligation node (summary.h), 0: none */
	const char *via_fn;	/* check_only: the function that takes it */
	uint32_t via_loc;	/* ... and where (unit location) */
};

/* "implies RETCOND: PATH is null|nonnull" (or "PATH & MASK is set|clear",
 * some bit of the mask set or none): a fact the result brings. */
struct vl_implication {
	struct vl_retcond when;
	struct vl_path path;
	bool nonnull;		/* nonnull, or with a mask: set */
	int64_t mask;		/* 0: none */
	struct vl_pos pos;
};

/*
 * A summary's relation between a function's result and what it leaves in
 * *param (GUP's "int *locked": 0 when it dropped the caller's lock): when
 * the result meets "when", *param is left as c_true, else as c_false.
 */
enum vl_outval {
	VL_OUT_UNKNOWN,
	VL_OUT_ZERO,
	VL_OUT_NONZERO,
	VL_OUT_SAME,		/* as the caller left it */
};

struct vl_outrel {
	uint32_t param;
	struct vl_retcond when;
	uint8_t c_true, c_false;	/* enum vl_outval */
};

/* A summary's store into a field of *param: after the call,
 * param->field holds value (a path over the arguments' values before the
 * call) or the constant k. */
struct vl_outfield {
	uint32_t param;
	const char *rec, *field;
	bool is_const;
	int64_t k;
	struct vl_path value;
};

struct vl_fnspec {
	const char *name;
	bool is_macro;
	bool pure;		/* same arguments give the same result */
	bool returns_new;	/* the result is a new, unpublished object */
	bool opaque;		/* the body is not analysed */
	bool from_source;	/* given by an in-source annotation */
	bool summary;		/* inferred from a body (core/summary.h) */
	const char *checker;	/* reports its requirements under this id */
	struct vl_path *returns;	/* the result is this value */
	struct vl_path *publishes;	/* arguments made visible to others */
	uint32_t npublishes;
	struct vl_implication *implies;
	uint32_t nimplies;
	const char **params;
	uint32_t nparams;
	struct vl_effect *effects;
	uint32_t neffects;
	struct vl_outrel *outrels;	/* summaries only */
	uint32_t noutrels;
	/* Summaries: the parameters through which the function may store
	 * (bit k, the last bit for all from 31 on; has_mods false: any), and
	 * what it leaves in fields of *param on every return path. */
	bool has_mods;
	uint32_t param_mods;
	/* Of those, the parameters it may store anywhere through (bit k);
	 * through the others only into the fields listed: mod_fields[i]
	 * of *param mod_params[i] (the field the store lies in, first
	 * level: "ptl" of &vmf->ptl). */
	uint32_t param_wide;
	const char **mod_fields;
	uint32_t *mod_params;
	uint32_t nmod_fields;
	struct vl_outfield *outfields;
	uint32_t noutfields;
	/* Summaries: the bits of *param k (k < 8) a store through it may
	 * change (bits_known bit k: only those; sanitize_fault_flags()'s
	 * "*flags &= ~FAULT_FLAG_UNSHARE" leaves the others as they were). */
	uint64_t changed_bits[8];
	uint32_t bits_known;
	/* Summaries: bits the result has clear on every return (vmf_error()
	 * never returns VM_FAULT_RETRY). */
	uint64_t ret_clear;
	struct vl_pos pos;
};

enum vl_valkind {
	VL_VAL_ANY,
	VL_VAL_NULL,
	VL_VAL_NONNULL,
};

struct vl_field_case {
	enum vl_valkind from;	/* the field's old value */
	enum vl_valkind to;	/* the value written */
	struct vl_req *req;
	/* req | unpublished(this): what a write needs (a new object is
	 * written without locks), as it goes to the callers */
	struct vl_req *req_or_new;
	const struct vl_rule *rule;	/* the entry (annotations add cases) */
	struct vl_pos pos;
};

struct vl_field_rule {
	const char *rec;
	const char *field;	/* field path: "vm_start", "shared.rb" */
	bool unchecked;		/* written without locks (by design) */
	/* "private": a new object stored here stays unpublished (the
	 * struct is its owner's alone: linux_binprm.vma during exec) */
	bool keeps_private;
	/* "kept": code the analysis does not see (a call through a
	 * pointer, a function outside the run) leaves the field as it was
	 * (vm_fault.flags, "XXX: should really be 'const'") */
	bool kept;
	bool from_source;
	struct vl_field_case *cases;
	uint32_t ncases;
	const char *note;	/* optional "doc" string: where the rule comes from */
	struct vl_pos pos;
};

struct vl_forbid {
	const char *inner_name, *outer_name;
	struct vl_pos inner_pos, outer_pos;
	const struct vl_class *inner;	/* the lock being acquired ... */
	enum vl_mode inner_mode;
	const struct vl_class *outer;	/* ... while this one is held */
	enum vl_mode outer_mode;
	const char *note;
	const struct vl_rule *rule;
	struct vl_pos pos;
};

/*
 * What is held when a function stored in a struct field is called:
 * "callback STRUCT.FIELD(params) [when SIBLING == VALUE] holds R;".
 * R is alternatives of conjunctions of locks; each alternative is one
 * entry state of the callback.
 */
/*
 * What the callers of a function hold on entry: a callback stored in
 * field "field" of struct "rec" (an operations table), or, with rec NULL,
 * the function named "field" when no analysed code calls it ("entry").
 */
struct vl_callback {
	const char *rec;
	const char *field;
	const char **params;
	uint32_t nparams;
	const char *when_field;		/* NULL: always */
	const char *when_name;		/* an enumerator, or NULL */
	int64_t when_value;		/* when when_name is NULL */
	struct vl_req *holds;		/* NULL: nothing said */
	/* callback only: locks the function may return holding, handed to
	 * a sibling callback (seq_operations.start leaves what .stop
	 * releases); NULL: none. */
	struct vl_req *leaves;
	/* entry only: the alternative holds where this argument condition
	 * does ("if flags & 0x1000"). */
	struct vl_argcond guard;
	struct vl_pos pos;
};

struct vl_define {
	const char *name;
	const char **params;
	uint32_t nparams;
	struct vl_req *body;
	struct vl_pos pos;
};

/* One edge between two lock nodes (see before[]) and its "order" entry. */
struct vl_order_arc {
	uint32_t from, to;
	const struct vl_rule *rule;
};

struct vl_order_edge {
	const char *before_name, *after_name;
	struct vl_pos before_pos, after_pos;
	const struct vl_class *before, *after;
	int before_mode, after_mode;	/* enum vl_mode; ANY: both */
	const struct vl_rule *rule;	/* the "order" entry it is part of */
	struct vl_pos pos;
};

struct vl_spec {
	struct vl_strtab strs;
	struct vl_arena arena;

	struct vl_class **classes;
	uint32_t nclasses, capclasses;
	struct vl_fnspec **fns;
	uint32_t nfns, capfns;
	struct vl_field_rule **fields;
	uint32_t nfields, capfields;
	struct vl_define **defines;
	uint32_t ndefines, capdefines;
	struct vl_order_edge *orders;
	uint32_t norders, caporders;
	struct vl_forbid *forbids;
	uint32_t nforbids, capforbids;
	struct vl_callback **callbacks;
	uint32_t ncallbacks, capcallbacks;

	/* Lookup tables built by vl_spec_finish(). */
	struct vl_spec_index *index;
	/*
	 * before[x * 2 * nclasses + y]: lock node x must be taken before y,
	 * where the node of class c held in mode m is 2 * c->id + (m is
	 * write).
	 */
	uint8_t *before;
	/* The edges between lock nodes (as in before[]) and their order
	 * entries, for vl_spec_order_rule(). */
	struct vl_order_arc *order_arcs;
	uint32_t norder_arcs, caporder_arcs;

	struct vl_diag *diags;
	uint32_t ndiags, capdiags;

	bool define_overflow;	/* "nests too deeply" reported once */

	const char *name;	/* what was loaded, for the store */
	uint64_t hash;		/* over every text parsed */
	bool finished;
};

/* What an in-source annotation is attached to. */
enum vl_subject_kind {
	VL_SUBJ_NONE,		/* a file-scope item (order, forbid, ...) */
	VL_SUBJ_FUNCTION,	/* clauses of function "name" */
	VL_SUBJ_FIELD,		/* rule or lock class of field "rec.field" */
	VL_SUBJ_RECORD,		/* lock class on objects of record "rec" */
};

struct vl_subject {
	enum vl_subject_kind kind;
	const char *name;	/* function name or record name */
	const char *field;	/* FIELD: field path */
	const char *const *params;	/* FUNCTION: parameter names */
	uint32_t nparams;
};

struct vl_spec *vl_spec_new(void);
void vl_spec_free(struct vl_spec *s);

/*
 * Parse spec text (a file's whole contents).  file names the text in
 * errors.  Returns the number of errors added (see vl_spec_diags()).
 */
uint32_t vl_spec_parse(struct vl_spec *s, const char *file, const char *text,
		       size_t len);
/* Parse the bundled Linux 6.12 spec compiled into vmalock. */
uint32_t vl_spec_parse_bundled(struct vl_spec *s);
/* Read and parse a spec file; a missing file is an error too. */
uint32_t vl_spec_parse_file(struct vl_spec *s, const char *path);
/*
 * Parse one in-source annotation (the text after "vmalock:"), located at
 * file:line:col (the first character of the text).
 */
uint32_t vl_spec_parse_annotation(struct vl_spec *s,
				  const struct vl_subject *subj,
				  const char *text, const char *file,
				  uint32_t line, uint32_t col);
/* Resolve and check; returns the total number of errors. */
uint32_t vl_spec_finish(struct vl_spec *s);

const struct vl_diag *vl_spec_diags(const struct vl_spec *s, uint32_t *n);
/* "file:line:col: error: msg" lines, one per error, into b. */
void vl_spec_format_diags(const struct vl_spec *s, struct vl_buf *b);

/* Lookups (after vl_spec_finish). */
const struct vl_fnspec *vl_spec_function(const struct vl_spec *s,
					 const char *name);
/* Does the function take, drop or assert locks?  Such primitives are
 * described by the spec and their bodies are not analysed. */
bool vl_fnspec_is_primitive(const struct vl_fnspec *fn);
/* Is the body of function name analysed?  Not where the spec gives it
 * lock effects (callers apply those), unless an entry line says what its
 * callers hold: then the body is checked from there (handle_mm_fault()). */
bool vl_spec_analyses_body(const struct vl_spec *s, const char *name);
const struct vl_field_rule *vl_spec_field(const struct vl_spec *s,
					  const char *rec, const char *field);
const struct vl_class *vl_spec_class(const struct vl_spec *s,
				     const char *name);
/* The class whose lock object is field "field" of "rec" (rec may be NULL:
 * match by field alone when unambiguous). */
/* The anonymous class whose locks the pointer field rec.field holds. */
const struct vl_class *vl_spec_pointer_class(const struct vl_spec *s,
					     const char *rec,
					     const char *field);
const struct vl_class *vl_spec_field_class(const struct vl_spec *s,
					   const char *rec,
					   const char *field);
/*
 * The class of field lock cls on the object at the address of global g:
 * a class declared "field REC.FIELD of g" if there is one, else cls.
 * (init_mm's mmap lock is a lock class of its own, as lockdep sees it.)
 */
const struct vl_class *vl_spec_owner_class(const struct vl_spec *s,
					   const struct vl_class *cls,
					   const char *g);
/* Is a lock of class ID a lock of CLS: the same class, or the class of
 * one global object's lock ("field R.F of G") when CLS is "field R.F"?
 * (init_mm's mmap lock is a mmap lock to "any mmap lock" requirements.) */
bool vl_spec_class_is(const struct vl_spec *s, uint32_t id,
		      const struct vl_class *cls);
/* The class of a global lock named "global". */
const struct vl_class *vl_spec_global_class(const struct vl_spec *s,
					    const char *global);
/* Must class a in mode amode be taken before class b in mode bmode? */
bool vl_spec_before(const struct vl_spec *s, const struct vl_class *a,
		    int amode, const struct vl_class *b, int bmode);
/*
 * The "order" entries that put class a (mode amode) before b (bmode), for
 * a lock-order finding: a chain of as few entries as possible from a to
 * b.  *rule is its first entry; when there are several, rule->text is
 * their texts joined by "; ", kept in text.  False if a is not before b.
 */
bool vl_spec_order_rule(const struct vl_spec *s, const struct vl_class *a,
			int amode, const struct vl_class *b, int bmode,
			struct vl_rule *rule, struct vl_buf *text);
/* Does holding class a in mode amode count as holding b in bmode? */
bool vl_class_covers(const struct vl_class *a, int amode,
		     const struct vl_class *b, int bmode);
/* Does the class have a read mode (rwsem, rwlock, rcu)? */
bool vl_class_has_modes(const struct vl_class *c);

/* Text forms, for messages and docs. */
void vl_path_format(const struct vl_path *p, const char *const *params,
		    struct vl_buf *b);
void vl_req_format(const struct vl_req *r, const char *const *params,
		   struct vl_buf *b);
const char *vl_mode_name(enum vl_mode m);

#endif /* VL_SPEC_H */
