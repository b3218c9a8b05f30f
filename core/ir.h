/*
 * The lowered form of a translation unit: what the Clang front end
 * (plugin/) hands to the C core.  It is plain data: no Clang type crosses
 * this boundary, and the same structures can be written to and read back
 * from the database.
 *
 * A function is a control-flow graph of basic blocks.  A block holds a
 * sequence of events (assignment to a local, field write, store, call,
 * return); an edge between blocks may carry the condition it was taken
 * on.  Values are expressions over locals, globals, call results and
 * field addresses (struct vl_expr); the core evaluates them symbolically.
 *
 * Expressions use an address/value discipline:
 *	p->f		LOAD(FIELD_ADDR(LOCAL p, rec, "f"))
 *	&p->f		FIELD_ADDR(LOCAL p, rec, "f")
 *	s.f (s local)	LOAD(FIELD_ADDR(ADDR_LOCAL s, rec, "f"))
 *	*p		LOAD(LOCAL p)
 *	&x		ADDR_LOCAL x
 *	g (global)	LOAD(GLOBAL_ADDR "g")
 *	f(...)		CALL site
 *	!e		TEST(e, EQ, 0)
 *	e != NULL	TEST(e, NE, 0)
 *	e & MASK	BITAND(e, MASK)
 * Nested and anonymous members are folded into one field path relative to
 * the outermost named struct: vma->shared.rb is FIELD_ADDR(vma,
 * "vm_area_struct", "shared.rb"); vma->__vm_flags (inside an anonymous
 * union) is FIELD_ADDR(vma, "vm_area_struct", "__vm_flags").
 */
#ifndef VL_IR_H
#define VL_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

struct vl_spec;

enum vl_xkind {
	VL_X_UNKNOWN,		/* anything the front end does not model */
	VL_X_CONST,		/* k: integer constant (NULL is 0) */
	VL_X_LOCAL,		/* a: local id; the local's current value */
	VL_X_ADDR_LOCAL,	/* a: local id; &local */
	VL_X_GLOBAL_ADDR,	/* name: &global */
	VL_X_FIELD_ADDR,	/* a: base pointer expr; rec, name: field */
	VL_X_LOAD,		/* a: address expr; *a */
	VL_X_CALL,		/* a: call site id; the call's result */
	VL_X_TEST,		/* a: expr; pred, k: boolean "a PRED k" */
	VL_X_BITAND,		/* a: expr; k: mask; a & k */
	VL_X_FUNC_ADDR,		/* name: a function's address */
	VL_X_BITOR,		/* a: expr; k: mask; a | k */
	VL_X_LAND,		/* a, k: exprs; a && k (format 3) */
	VL_X_LOR,		/* a, k: exprs; a || k (format 3) */
	VL_X_EQ,		/* a, k: exprs; a == b, neither a constant
				 * (format 4) */
	VL_X_OFFSET,		/* a: pointer expr; k: elements; a + k
				 * (format 5) */
};

enum vl_pred {
	VL_P_EQ,
	VL_P_NE,
	VL_P_LT,
	VL_P_LE,
	VL_P_GT,
	VL_P_GE,
	VL_P_BITS_ANY,		/* (a & k) != 0 */
	VL_P_BITS_NONE,		/* (a & k) == 0 */
};

struct vl_expr {
	uint8_t kind;		/* enum vl_xkind */
	uint8_t pred;		/* enum vl_pred, for VL_X_TEST */
	uint32_t a;
	int64_t k;
	const char *rec;	/* interned record (struct) name or NULL */
	const char *name;	/* interned field path / global / function */
};

enum vl_evkind {
	VL_EV_ASSIGN,		/* a: local id := val */
	VL_EV_WRITE,		/* LOAD(FIELD_ADDR(a, rec, name)) := val */
	VL_EV_STORE,		/* *a := val (lvalues that are not fields) */
	VL_EV_CALL,		/* a: site id; name or callee; args */
	VL_EV_RETURN,		/* return val (VL_NONE: no value) */
};

enum vl_evflags {
	VL_EVF_COMPOUND = 1 << 0,	/* write/assign: +=, |=, ++, -- ... */
	VL_EVF_MACRO = 1 << 1,		/* call: invocation of a spec macro */
	VL_EVF_ONCE = 1 << 2,		/* write through WRITE_ONCE & co. */
	/* with COMPOUND: |= or &= a constant; val is the new value (the
	 * old one's BITOR / BITAND), so what is known of the other bits
	 * stays known */
	VL_EVF_BITS = 1 << 3,
};

struct vl_event {
	uint8_t kind;		/* enum vl_evkind */
	uint8_t flags;		/* enum vl_evflags */
	uint32_t loc;		/* index into the unit's location table */
	uint32_t a;		/* see enum vl_evkind */
	uint32_t val;		/* value expr or VL_NONE (unknown) */
	const char *rec;	/* WRITE: record; CALL: struct of the callee field */
	const char *name;	/* WRITE: field path; CALL: callee or field */
	uint32_t callee;	/* CALL: callee expr when indirect, else VL_NONE */
	uint32_t args;		/* CALL: first index into vl_func.args */
	uint32_t nargs;
	/* CALL: the callee's link name when it differs from name (a static
	 * function of a unit linked into a program), else NULL. */
	const char *link;
};

/* A local variable or parameter. */
struct vl_local {
	const char *name;
	const char *type;	/* spelled type, e.g. "struct mm_struct *" */
	const char *rec;	/* record the local points to or is, or NULL */
	int32_t param;		/* parameter index, -1 for other locals */
	bool addr_taken;
	bool is_record;		/* the local is itself a struct or union */
};

struct vl_block {
	uint32_t first_event;
	uint32_t nevents;
	uint32_t first_succ;	/* index into vl_func.edges */
	uint32_t nsuccs;
};

/*
 * An edge from -> to.  If cond is not VL_NONE, the edge is taken when the
 * value of cond is non-zero (sense true) or zero (sense false).
 */
struct vl_edge {
	uint32_t from;
	uint32_t to;
	uint32_t cond;
	bool sense;
	/* More conditions, all non-zero on the edge (a switch's default:
	 * the value is none of the cases): indexes into vl_func.args. */
	uint32_t extra;
	uint32_t nextra;
};

struct vl_func {
	const char *name;
	/* The name calls resolve to: NULL (name) but for static functions
	 * linked into a program ("name@unit"). */
	const char *link_name;
	uint32_t loc;		/* the function's name in its definition */
	uint32_t end_loc;	/* the closing brace */
	bool is_static;
	uint32_t nparams;

	struct vl_local *locals;
	uint32_t nlocals, caplocals;
	struct vl_expr *exprs;
	uint32_t nexprs, capexprs;
	struct vl_event *events;
	uint32_t nevents, capevents;
	uint32_t *args;
	uint32_t nargs, capargs;
	struct vl_block *blocks;
	uint32_t nblocks;
	struct vl_edge *edges;
	uint32_t nedges, capedges;
	uint32_t entry, exit;
	uint32_t nsites;	/* call sites are 0 .. nsites-1 */

	/* Construction state. */
	uint32_t cur_block;
};

/* A source location; cookie is private to the front end (for diagnostics). */
struct vl_loc {
	uint32_t file;		/* index into vl_unit.files */
	uint32_t line;
	uint32_t col;
	uint64_t cookie;
};

/* A function the front end saw, for choosing what to lower (see unit.c). */
struct vl_fndecl {
	const char *name;
	bool is_static;
	bool has_body;
	bool selected;		/* computed by vl_unit_select_functions() */
	uint32_t *refs;		/* functions this one's body references */
	uint32_t nrefs, caprefs;
};

/* A constant field of the initialiser a callback was found in. */
struct vl_sibling {
	const char *field;
	const char *name;	/* the enumerator written, or NULL */
	int64_t value;
};

/* A function stored in field "field" of a struct "rec" initialiser
 * (an operations table): its callers are whoever calls through it. */
struct vl_cbreg {
	const char *func;
	const char *rec;
	const char *field;
	struct vl_sibling *sibs;
	uint32_t nsibs;
};

/*
 * A scalar field of a const global's initialiser (static const struct
 * mm_walk_ops rd_ops = { .walk_lock = PGWALK_RDLOCK }): a read of
 * global.field is that constant.  Omitted fields are 0 (C11 6.7.9p10).
 */
struct vl_constfield {
	const char *global;
	const char *field;
	int64_t value;
	/* Set by the index: another entry (a static global of the same
	 * name in another unit) gives this field another value. */
	bool ambiguous;
};

struct vl_finding;
struct vl_summaries;

/* An in-source annotation: the text after "vmalock:" on a subject. */
struct vl_annot {
	uint8_t kind;		/* enum vl_subject_kind (spec.h) */
	const char *name;	/* function or record */
	const char *field;
	const char **params;	/* function parameter names */
	uint32_t nparams;
	const char *text;
	const char *file;	/* where it is written */
	uint32_t line, col;
};

/* Front-end services the core may call back. */
struct vl_frontend {
	void *ctx;
	/* The text of the source line containing loc (no newline). */
	const char *(*line_text)(void *ctx, uint32_t loc, size_t *len);
};

struct vl_unit {
	struct vl_strtab strs;
	const struct vl_spec *spec;
	const char *main_file;

	const char **files;
	uint32_t nfiles, capfiles;
	struct vl_loc *locs;
	uint32_t nlocs, caplocs;

	struct vl_fndecl *fndecls;
	uint32_t nfndecls, capfndecls;

	struct vl_cbreg *cbregs;
	uint32_t ncbregs, capcbregs;

	struct vl_constfield *consts;
	uint32_t nconsts, capconsts;
	/* Index of consts by (global, field), built on first lookup:
	 * slot = index + 1, 0 empty. */
	uint32_t *const_slots;
	uint32_t nconst_slots;

	struct vl_func **funcs;
	uint32_t nfuncs, capfuncs;

	struct vl_finding *findings;
	uint32_t nfindings, capfindings;

	struct vl_frontend fe;
	bool strict;		/* reserved for strict matching modes */
	FILE *dump_summaries;	/* print each summary here (debugging) */

	/* In-source annotations seen (kept for whole-program analysis). */
	struct vl_annot *annots;
	uint32_t nannots, capannots;
	/* The source line of each location, when the unit was read back
	 * from its stored form (irio.h); NULL otherwise. */
	const char **line_texts;
	uint32_t capline_texts;

	/* Function summaries and obligations (summary.h), while and after
	 * vl_unit_analyse() runs. */
	struct vl_summaries *sums;
};

/* ---- unit ---- */

struct vl_unit *vl_unit_new(const struct vl_spec *spec, const char *main_file);
void vl_unit_free(struct vl_unit *u);
const char *vl_unit_intern(struct vl_unit *u, const char *s);
uint32_t vl_unit_file(struct vl_unit *u, const char *path);
uint32_t vl_unit_loc(struct vl_unit *u, uint32_t file, uint32_t line,
		     uint32_t col, uint64_t cookie);

/*
 * Choosing functions: the front end declares every function it sees and
 * the references each body makes (calls and address-taken uses).  refs
 * from file scope (initialisers of globals) use from == VL_NONE.
 */
uint32_t vl_unit_fndecl(struct vl_unit *u, const char *name, bool is_static,
			bool has_body);
void vl_unit_fnref(struct vl_unit *u, uint32_t from, uint32_t to);
/*
 * Marks vl_fndecl.selected: functions with bodies reachable from the
 * roots (non-static definitions and functions referenced at file scope)
 * through references.  Functions the spec describes are not selected and
 * their bodies do not contribute references: their effect comes from the
 * spec.  add_refs, when not NULL, is called once for each function as it
 * is selected, before its references are followed; it may add them then
 * (vl_unit_fnref(), and vl_unit_fndecl() for functions not yet declared),
 * so that the front end reads only the bodies that are reached: a kernel
 * unit includes thousands of inline functions it never calls.
 */
void vl_unit_select_functions(struct vl_unit *u,
			      void (*add_refs)(void *ctx, uint32_t id),
			      void *ctx);
/* Keep an in-source annotation (copied) for whole-program analysis. */
void vl_unit_annotation(struct vl_unit *u, uint8_t kind, const char *name,
			const char *field, const char *const *params,
			uint32_t nparams, const char *text, const char *file,
			uint32_t line, uint32_t col);
/* The name calls to f resolve to. */
static inline const char *vl_func_link_name(const struct vl_func *f)
{
	return f->link_name ? f->link_name : f->name;
}
/* Function "func" is stored in field "field" of a "rec" initialiser whose
 * other constant fields are sibs (copied). */
void vl_unit_callback(struct vl_unit *u, const char *func, const char *rec,
		      const char *field, const struct vl_sibling *sibs,
		      uint32_t nsibs);

/* Field "field" of const global "global" is initialised to value. */
void vl_unit_const_field(struct vl_unit *u, const char *global,
			 const char *field, int64_t value);
/* The constant value of global.field (both interned in u): true if the
 * unit knows one. */
bool vl_unit_const_lookup(struct vl_unit *u, const char *global,
			  const char *field, int64_t *value);

/* ---- building one function ---- */

struct vl_func *vl_func_new(struct vl_unit *u, const char *name,
			    bool is_static, uint32_t loc, uint32_t end_loc);
void vl_func_free(struct vl_func *f);
uint32_t vl_func_local(struct vl_unit *u, struct vl_func *f, const char *name,
		       const char *type, const char *rec, int32_t param);
/* Local by name (the innermost declared last wins), VL_NONE if none. */
uint32_t vl_func_find_local(const struct vl_func *f, const char *name);
void vl_func_set_blocks(struct vl_func *f, uint32_t nblocks, uint32_t entry,
			uint32_t exit);
/* Events are appended to the current block; blocks must be filled one at a
 * time, in any order. */
void vl_func_begin_block(struct vl_func *f, uint32_t block);
uint32_t vl_func_new_site(struct vl_func *f);

uint32_t vl_x_unknown(struct vl_func *f);
uint32_t vl_x_const(struct vl_func *f, int64_t k);
uint32_t vl_x_local(struct vl_func *f, uint32_t local);
uint32_t vl_x_addr_local(struct vl_func *f, uint32_t local);
uint32_t vl_x_global_addr(struct vl_unit *u, struct vl_func *f,
			  const char *name);
uint32_t vl_x_func_addr(struct vl_unit *u, struct vl_func *f,
			const char *name);
uint32_t vl_x_field_addr(struct vl_unit *u, struct vl_func *f, uint32_t base,
			 const char *rec, const char *field);
uint32_t vl_x_load(struct vl_func *f, uint32_t addr);
uint32_t vl_x_call(struct vl_func *f, uint32_t site);
uint32_t vl_x_test(struct vl_func *f, uint32_t e, enum vl_pred pred,
		   int64_t k);
uint32_t vl_x_bitand(struct vl_func *f, uint32_t e, int64_t mask);
/* a && b, or a || b when is_or (operands without side effects). */
uint32_t vl_x_logic(struct vl_func *f, bool is_or, uint32_t a, uint32_t b);
/* a == b of two values neither of which is a constant (ptl != pml). */
uint32_t vl_x_eq(struct vl_func *f, uint32_t a, uint32_t b);
uint32_t vl_x_bitor(struct vl_func *f, uint32_t e, int64_t mask);
/* p + n for a pointer p and a constant n (p++, p -= 2). */
uint32_t vl_x_offset(struct vl_func *f, uint32_t e, int64_t n);
/*
 * Parse a C expression given as text (a macro argument such as
 * "&mm->mmap_lock") over the function's locals and globals.  Record names
 * are unknown; anything that is not an access path gives VL_X_UNKNOWN.
 */
uint32_t vl_x_parse(struct vl_unit *u, struct vl_func *f, const char *text);

void vl_ev_assign(struct vl_func *f, uint32_t loc, uint32_t local,
		  uint32_t val, unsigned flags);
void vl_ev_write(struct vl_unit *u, struct vl_func *f, uint32_t loc,
		 uint32_t base, const char *rec, const char *field,
		 uint32_t val, unsigned flags);
void vl_ev_store(struct vl_func *f, uint32_t loc, uint32_t addr, uint32_t val,
		 unsigned flags);
/* name: direct callee or macro; callee: expr of an indirect callee. */
void vl_ev_call(struct vl_unit *u, struct vl_func *f, uint32_t loc,
		uint32_t site, const char *name, uint32_t callee,
		const uint32_t *args, uint32_t nargs, unsigned flags);
void vl_ev_return(struct vl_func *f, uint32_t loc, uint32_t val);

void vl_func_edge(struct vl_func *f, uint32_t from, uint32_t to, uint32_t cond,
		  bool sense);
/* An edge taken when every one of conds is non-zero. */
void vl_func_edge_all(struct vl_func *f, uint32_t from, uint32_t to,
		      const uint32_t *conds, uint32_t n);
/* Sorts edges by source block and fills vl_block.first_succ/nsuccs. */
void vl_func_finish(struct vl_func *f);

/* Human-readable dump (for debugging and tests). */
void vl_func_dump(const struct vl_unit *u, const struct vl_func *f, FILE *out);
void vl_expr_dump(const struct vl_unit *u, const struct vl_func *f,
		  uint32_t e, struct vl_buf *b);

static inline const struct vl_expr *vl_func_expr(const struct vl_func *f,
					    uint32_t e)
{
	return &f->exprs[e];
}

#endif /* VL_IR_H */
