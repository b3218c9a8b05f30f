/*
 * Unit tests of the spec language (core/spec_parse.c, core/spec.c): the
 * structure each item parses into, name resolution and define expansion
 * in vl_spec_finish(), lookups, in-source annotations, error messages
 * and their positions, the bundled Linux 6.12 spec, text forms, and a
 * robustness run over garbage and truncated input.
 *
 * Texts parsed here are named "t.spec"; expected errors are compared as
 * the exact output of vl_spec_format_diags() ("file:line:col: error:
 * msg"), so a check fails if the file, position or wording changes.
 */
#define _XOPEN_SOURCE 700

#include "core/ir.h"
#include "core/spec.h"
#include "fuzz/spec_exercise.h"
#include "vl_test.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char vl_bundled_spec[];
extern const size_t vl_bundled_spec_len;

/* ---- helpers ---- */

static struct vl_spec *parse_text(const char *text)
{
	struct vl_spec *s = vl_spec_new();

	vl_spec_parse(s, "t.spec", text, strlen(text));
	return s;
}

/* Every error of s, formatted; caller frees. */
static char *diags_text(const struct vl_spec *s)
{
	struct vl_buf b;

	vl_buf_init(&b);
	vl_spec_format_diags(s, &b);
	vl_buf_cstr(&b);
	return vl_buf_steal(&b);
}

static void dump_diags(const struct vl_spec *s)
{
	char *t = diags_text(s);

	fputs(t, stderr);
	free(t);
}

/* Parse and finish text, which must have no error. */
static struct vl_spec *load_ok_line(const char *text, int line)
{
	struct vl_spec *s = parse_text(text);
	uint32_t n = vl_spec_finish(s);

	CHECK(n == 0);
	if (n) {
		fprintf(stderr, "%s:%d: unexpected spec errors:\n", __FILE__,
			line);
		dump_diags(s);
	}
	return s;
}
#define load_ok(text) load_ok_line(text, __LINE__)

/* Parse and finish text; the formatted errors (caller frees). */
static char *errors_of(const char *text)
{
	struct vl_spec *s = parse_text(text);
	char *t;

	vl_spec_finish(s);
	t = diags_text(s);
	vl_spec_free(s);
	return t;
}

#define CHECK_ERRORS(text, expect)                                         \
	do {                                                               \
		char *e_ = errors_of(text);                                \
		CHECK_STR(e_, expect);                                     \
		free(e_);                                                  \
	} while (0)

/* The text form of a requirement (static buffer). */
static const char *req_str(const struct vl_req *r, const char *const *params)
{
	static char out[1024];
	struct vl_buf b;

	if (!r)
		return "(null req)";
	vl_buf_init(&b);
	vl_req_format(r, params, &b);
	snprintf(out, sizeof(out), "%s", vl_buf_cstr(&b));
	vl_buf_free(&b);
	return out;
}

static const char *path_str(const struct vl_path *p,
			    const char *const *params)
{
	static char out[512];
	struct vl_buf b;

	vl_buf_init(&b);
	vl_path_format(p, params, &b);
	snprintf(out, sizeof(out), "%s", vl_buf_cstr(&b));
	vl_buf_free(&b);
	return out;
}

static const struct vl_effect *effect(const struct vl_fnspec *fn, uint32_t i)
{
	if (!fn || i >= fn->neffects)
		return NULL;
	return &fn->effects[i];
}

/* ---- lock classes ---- */

static void test_classes(void)
{
	struct vl_spec *s = load_ok(
		"lock mmap: rwsem field mm_struct.mmap_lock display \"mmap\";\n"
		"lock vma: rwsem object vm_area_struct reentrant:write\n"
		"\timplicit_release:write display \"VMA\";\n"
		"lock ptl: spinlock anonymous;\n"
		"lock rtnl: mutex global rtnl_mutex reentrant implicit_release"
		" unify_owners;\n"
		"lock deep: rwlock field foo.a.b reentrant:read"
		" implicit_release:read;\n"
		"lock r: rcu global rcu_state;\n"
		"lock o: other display \"other lock\" anonymous;\n");
	const struct vl_class *mmap = vl_spec_class(s, "mmap");
	const struct vl_class *vma = vl_spec_class(s, "vma");
	const struct vl_class *ptl = vl_spec_class(s, "ptl");
	const struct vl_class *rtnl = vl_spec_class(s, "rtnl");
	const struct vl_class *deep = vl_spec_class(s, "deep");
	const struct vl_class *r = vl_spec_class(s, "r");
	const struct vl_class *o = vl_spec_class(s, "o");

	CHECK(s->nclasses == 7);
	CHECK(mmap && vma && ptl && rtnl && deep && r && o);
	if (!(mmap && vma && ptl && rtnl && deep && r && o)) {
		vl_spec_free(s);
		return;
	}
	CHECK(vl_spec_class(s, "nosuch") == NULL);

	CHECK(mmap->kind == VL_LK_RWSEM);
	CHECK(mmap->where == VL_LW_FIELD);
	CHECK_STR(mmap->rec, "mm_struct");
	CHECK_STR(mmap->field, "mmap_lock");
	CHECK_STR(mmap->display, "mmap");
	CHECK(mmap->flags == 0);
	CHECK(mmap->id == 0);
	CHECK_STR(mmap->pos.file, "t.spec");
	CHECK(mmap->pos.line == 1 && mmap->pos.col == 6);

	CHECK(vma->kind == VL_LK_RWSEM);
	CHECK(vma->where == VL_LW_OBJECT);
	CHECK_STR(vma->rec, "vm_area_struct");
	CHECK(vma->field == NULL);
	CHECK(vma->flags == (VL_CF_REENTRANT_W | VL_CF_IMPLICIT_W));
	CHECK_STR(vma->display, "VMA");
	CHECK(vma->id == 1);
	CHECK(vma->pos.line == 2 && vma->pos.col == 6);
	CHECK(vl_class_flag(vma, VL_CF_REENTRANT_R, VL_CF_REENTRANT_W,
			    VL_MODE_WRITE));
	CHECK(!vl_class_flag(vma, VL_CF_REENTRANT_R, VL_CF_REENTRANT_W,
			     VL_MODE_READ));
	CHECK(!vl_class_flag(NULL, VL_CF_REENTRANT_R, VL_CF_REENTRANT_W,
			     VL_MODE_WRITE));

	CHECK(ptl->kind == VL_LK_SPINLOCK);
	CHECK(ptl->where == VL_LW_ANON);
	CHECK(ptl->rec == NULL && ptl->field == NULL && ptl->global == NULL);
	/* Without "display", the class name is shown. */
	CHECK_STR(ptl->display, "ptl");
	CHECK(ptl->pos.line == 4);

	/* A flag without a mode covers both modes. */
	CHECK(rtnl->kind == VL_LK_MUTEX);
	CHECK(rtnl->where == VL_LW_GLOBAL);
	CHECK_STR(rtnl->global, "rtnl_mutex");
	CHECK(rtnl->flags == (VL_CF_REENTRANT_R | VL_CF_REENTRANT_W |
			      VL_CF_IMPLICIT_R | VL_CF_IMPLICIT_W |
			      VL_CF_UNIFY));

	CHECK(deep->kind == VL_LK_RWLOCK);
	CHECK_STR(deep->rec, "foo");
	CHECK_STR(deep->field, "a.b");
	CHECK(deep->flags == (VL_CF_REENTRANT_R | VL_CF_IMPLICIT_R));

	CHECK(r->kind == VL_LK_RCU && r->where == VL_LW_GLOBAL);
	/* Options may come before the location. */
	CHECK(o->kind == VL_LK_OTHER && o->where == VL_LW_ANON);
	CHECK_STR(o->display, "other lock");
	CHECK(o->id == 6);

	CHECK(vl_class_has_modes(mmap));
	CHECK(vl_class_has_modes(deep));
	CHECK(vl_class_has_modes(r));
	CHECK(vl_class_has_modes(o));
	CHECK(!vl_class_has_modes(ptl));
	CHECK(!vl_class_has_modes(rtnl));

	/* Field classes: by record and field, or by field alone. */
	CHECK(vl_spec_field_class(s, "mm_struct", "mmap_lock") == mmap);
	CHECK(vl_spec_field_class(s, NULL, "mmap_lock") == mmap);
	CHECK(vl_spec_field_class(s, "other", "mmap_lock") == NULL);
	CHECK(vl_spec_field_class(s, "foo", "a.b") == deep);
	CHECK(vl_spec_field_class(s, "foo", "a") == NULL);
	CHECK(vl_spec_field_class(s, "vm_area_struct", "vma") == NULL);
	CHECK(vl_spec_field_class(s, NULL, NULL) == NULL);
	CHECK(vl_spec_global_class(s, "rtnl_mutex") == rtnl);
	CHECK(vl_spec_global_class(s, "rcu_state") == r);
	CHECK(vl_spec_global_class(s, "rtnl") == NULL);
	vl_spec_free(s);

	/* A field lock is found by field alone only when unambiguous. */
	s = load_ok("lock a: spinlock field x.lock;\n"
		    "lock b: spinlock field y.lock;\n");
	CHECK(vl_spec_field_class(s, NULL, "lock") == NULL);
	CHECK(vl_spec_field_class(s, "y", "lock") == vl_spec_class(s, "b"));
	vl_spec_free(s);

	CHECK_STR(vl_mode_name(VL_MODE_READ), "read");
	CHECK_STR(vl_mode_name(VL_MODE_WRITE), "write");
	CHECK_STR(vl_mode_name(VL_MODE_ANY), "any");
}

/* ---- functions and macros ---- */

#define FN_CLASSES                                                         \
	"lock mmap: rwsem field mm_struct.mmap_lock;\n"                     \
	"lock vma: rwsem object vm_area_struct;\n"                          \
	"lock ptl: spinlock anonymous;\n"                                   \
	"lock rtnl: mutex global rtnl_mutex;\n"

static void test_functions(void)
{
	struct vl_spec *s = load_ok(
		FN_CLASSES
		"function f_acq(mm) acquires mmap(mm):write;\n"
		"function f_try(mm) acquires mmap(mm):read when return;\n"
		"function f_ntry(mm) acquires mmap(mm):read when !return;\n"
		"function f_eq0(mm) acquires mmap(mm):write when return == 0;\n"
		"function f_nn(mm, addr) acquires vma(return):read"
		" when return != NULL;\n"
		"function f_true(l) acquires lock(l) when return == true;\n"
		"function f_false(l) acquires lock(l) when return != false;\n"
		"function f_neg(l) acquires lock(l) when return == -4;\n"
		"function f_rel(mm) releases mmap(mm):write, vma(*):write;\n"
		"function f_down(mm) downgrades mmap(mm):write"
		" releases vma(*):write;\n"
		"function f_assert(vma) asserts vma(vma):write,"
		" mmap(vma->vm_mm):write;\n"
		"function f_req(vma, mm) requires mmap(vma->vm_mm):write &"
		" (vma(vma):write | mmap(mm):read) | nothing;\n"
		"function f_pure() pure;\n"
		"function f_doc(x) doc \"some text\" requires mmap(x);\n"
		"macro m_lock(l, flags) acquires lock(&l->inner);\n"
		"function f_var(fmt, ...) pure;\n"
		"function f_multi(a, b) acquires mmap(a):read when return,"
		" mmap(b):write;\n"
		"function f_ptr(mm, pmd, addr, ptlp) acquires ptl(*ptlp)"
		" when return != NULL;\n"
		"function f_glob() acquires rtnl() requires mmap(&init_mm);\n");
	const struct vl_fnspec *fn;
	const struct vl_effect *e;

	/* acquires without a condition */
	fn = vl_spec_function(s, "f_acq");
	CHECK(fn != NULL);
	if (fn) {
		CHECK(!fn->is_macro && !fn->pure && !fn->from_source);
		CHECK(fn->nparams == 1);
		CHECK_STR(fn->params[0], "mm");
		CHECK(fn->neffects == 1);
		CHECK(fn->pos.line == 5 && fn->pos.col == 10);
		CHECK(vl_fnspec_is_primitive(fn));
	}
	e = effect(fn, 0);
	CHECK(e && e->kind == VL_EFF_ACQUIRE);
	if (e) {
		CHECK(e->lock.cls == vl_spec_class(s, "mmap"));
		CHECK_STR(e->lock.cls_name, "mmap");
		CHECK(e->lock.mode == VL_MODE_WRITE);
		CHECK(e->lock.owner.root == VL_ROOT_PARAM);
		CHECK(e->lock.owner.param == 0);
		CHECK(e->lock.owner.nsteps == 0);
		CHECK_STR(e->lock.owner.prefix, "");
		CHECK(!e->when.present);
		CHECK(e->lock.pos.line == 5 && e->lock.pos.col == 29);
	}

	/* when return: non-zero */
	e = effect(vl_spec_function(s, "f_try"), 0);
	CHECK(e && e->when.present && e->when.pred == VL_P_NE &&
	      e->when.k == 0);
	CHECK(e && e->lock.mode == VL_MODE_READ);
	/* when !return: zero */
	e = effect(vl_spec_function(s, "f_ntry"), 0);
	CHECK(e && e->when.present && e->when.pred == VL_P_EQ &&
	      e->when.k == 0);
	e = effect(vl_spec_function(s, "f_eq0"), 0);
	CHECK(e && e->when.present && e->when.pred == VL_P_EQ &&
	      e->when.k == 0);
	/* when return != NULL, owner return */
	fn = vl_spec_function(s, "f_nn");
	e = effect(fn, 0);
	CHECK(e && e->when.present && e->when.pred == VL_P_NE &&
	      e->when.k == 0);
	CHECK(e && e->lock.owner.root == VL_ROOT_RETURN);
	CHECK(e && e->lock.cls == vl_spec_class(s, "vma"));
	CHECK(fn && fn->nparams == 2 && strcmp(fn->params[1], "addr") == 0);
	/* == true is non-zero; != false too */
	e = effect(vl_spec_function(s, "f_true"), 0);
	CHECK(e && e->when.present && e->when.pred == VL_P_NE &&
	      e->when.k == 0);
	CHECK(e && e->lock.cls == NULL);
	CHECK(e && strcmp(e->lock.cls_name, "lock") == 0);
	CHECK(e && e->lock.mode == VL_MODE_ANY);
	e = effect(vl_spec_function(s, "f_false"), 0);
	CHECK(e && e->when.present && e->when.pred == VL_P_NE &&
	      e->when.k == 0);
	e = effect(vl_spec_function(s, "f_neg"), 0);
	CHECK(e && e->when.present && e->when.pred == VL_P_EQ &&
	      e->when.k == -4);

	/* releases with several locks and the wildcard owner */
	fn = vl_spec_function(s, "f_rel");
	CHECK(fn && fn->neffects == 2);
	e = effect(fn, 0);
	CHECK(e && e->kind == VL_EFF_RELEASE &&
	      e->lock.cls == vl_spec_class(s, "mmap") &&
	      e->lock.owner.root == VL_ROOT_PARAM);
	e = effect(fn, 1);
	CHECK(e && e->kind == VL_EFF_RELEASE &&
	      e->lock.cls == vl_spec_class(s, "vma") &&
	      e->lock.owner.root == VL_ROOT_WILD &&
	      e->lock.mode == VL_MODE_WRITE);
	CHECK(e && strcmp(path_str(&e->lock.owner, NULL), "*") == 0);
	CHECK(vl_fnspec_is_primitive(fn));

	/* downgrades, then releases */
	fn = vl_spec_function(s, "f_down");
	CHECK(fn && fn->neffects == 2);
	CHECK(effect(fn, 0) && effect(fn, 0)->kind == VL_EFF_DOWNGRADE);
	CHECK(effect(fn, 1) && effect(fn, 1)->kind == VL_EFF_RELEASE);

	/* asserts two locks; a path with a step */
	fn = vl_spec_function(s, "f_assert");
	CHECK(fn && fn->neffects == 2);
	e = effect(fn, 1);
	CHECK(e && e->kind == VL_EFF_ASSERT);
	if (e) {
		CHECK(e->lock.owner.root == VL_ROOT_PARAM &&
		      e->lock.owner.param == 0);
		CHECK(e->lock.owner.nsteps == 1);
		CHECK(e->lock.owner.nsteps == 1 &&
		      e->lock.owner.steps[0].op == VL_PS_ARROW &&
		      strcmp(e->lock.owner.steps[0].field, "vm_mm") == 0);
		CHECK_STR(path_str(&e->lock.owner, fn->params), "vma->vm_mm");
		CHECK_STR(path_str(&e->lock.owner, NULL), "$0->vm_mm");
	}
	CHECK(vl_fnspec_is_primitive(fn));

	/* requires: & binds tighter than |, parentheses group */
	fn = vl_spec_function(s, "f_req");
	e = effect(fn, 0);
	CHECK(fn && fn->neffects == 1);
	CHECK(e && e->kind == VL_EFF_REQUIRE && e->req);
	if (e && e->req) {
		const struct vl_req *r = e->req;

		CHECK(r->kind == VL_REQ_OR && r->nsubs == 2);
		if (r->kind == VL_REQ_OR && r->nsubs == 2) {
			const struct vl_req *a = r->subs[0];

			CHECK(r->subs[1]->kind == VL_REQ_TRUE);
			CHECK(a->kind == VL_REQ_AND && a->nsubs == 2);
			if (a->kind == VL_REQ_AND && a->nsubs == 2) {
				CHECK(a->subs[0]->kind == VL_REQ_LOCK);
				CHECK(a->subs[0]->lock.cls ==
				      vl_spec_class(s, "mmap"));
				CHECK(a->subs[0]->lock.mode == VL_MODE_WRITE);
				CHECK(a->subs[1]->kind == VL_REQ_OR &&
				      a->subs[1]->nsubs == 2);
				CHECK(a->subs[1]->subs[1]->lock.owner.param ==
				      1);
				CHECK(a->subs[1]->subs[1]->lock.mode ==
				      VL_MODE_READ);
			}
		}
		CHECK_STR(req_str(r, fn->params),
			  "mmap(vma->vm_mm):write & (vma(vma):write | "
			  "mmap(mm):read) | nothing");
		CHECK_STR(req_str(r, NULL),
			  "mmap($0->vm_mm):write & (vma($0):write | "
			  "mmap($1):read) | nothing");
	}
	CHECK(!vl_fnspec_is_primitive(fn));

	/* pure, doc */
	fn = vl_spec_function(s, "f_pure");
	CHECK(fn && fn->pure && fn->nparams == 0 && fn->neffects == 0);
	CHECK(!vl_fnspec_is_primitive(fn));
	CHECK(!vl_fnspec_is_primitive(NULL));
	fn = vl_spec_function(s, "f_doc");
	CHECK(fn && !fn->pure && fn->neffects == 1 &&
	      fn->effects[0].kind == VL_EFF_REQUIRE);
	CHECK(fn && strcmp(req_str(fn->effects[0].req, fn->params),
			   "mmap(x)") == 0);

	/* a macro; lock() with an address */
	fn = vl_spec_function(s, "m_lock");
	CHECK(fn && fn->is_macro && fn->nparams == 2);
	e = effect(fn, 0);
	CHECK(e && e->lock.cls == NULL);
	if (e) {
		CHECK_STR(e->lock.owner.prefix, "&");
		CHECK(e->lock.owner.nsteps == 1);
		CHECK_STR(path_str(&e->lock.owner, fn->params), "&l->inner");
	}

	/* variadic: "..." is not a parameter */
	fn = vl_spec_function(s, "f_var");
	CHECK(fn && fn->nparams == 1 && fn->pure);

	/* "when" belongs to the lock it follows */
	fn = vl_spec_function(s, "f_multi");
	CHECK(fn && fn->neffects == 2);
	e = effect(fn, 0);
	CHECK(e && e->kind == VL_EFF_ACQUIRE && e->when.present &&
	      e->lock.owner.param == 0);
	e = effect(fn, 1);
	CHECK(e && e->kind == VL_EFF_ACQUIRE && !e->when.present &&
	      e->lock.owner.param == 1 && e->lock.mode == VL_MODE_WRITE);

	/* *ptlp: a dereference prefix */
	fn = vl_spec_function(s, "f_ptr");
	e = effect(fn, 0);
	CHECK(e && e->lock.owner.root == VL_ROOT_PARAM &&
	      e->lock.owner.param == 3);
	CHECK(e && strcmp(e->lock.owner.prefix, "*") == 0);
	CHECK(e && e->lock.cls == vl_spec_class(s, "ptl"));

	/* a global lock takes no owner; a global owner */
	fn = vl_spec_function(s, "f_glob");
	CHECK(fn && fn->neffects == 2);
	e = effect(fn, 0);
	CHECK(e && e->lock.owner.root == VL_ROOT_NONE &&
	      e->lock.cls == vl_spec_class(s, "rtnl"));
	e = effect(fn, 1);
	if (e && e->req) {
		CHECK(e->req->kind == VL_REQ_LOCK);
		CHECK(e->req->lock.owner.root == VL_ROOT_GLOBAL);
		CHECK_STR(e->req->lock.owner.global, "init_mm");
		CHECK_STR(e->req->lock.owner.prefix, "&");
		CHECK_STR(req_str(e->req, NULL), "mmap(&init_mm)");
	} else {
		CHECK(!"f_glob has no requirement");
	}
	e = effect(fn, 0);
	if (e) {
		struct vl_req r;

		/* A lock without an owner prints as CLASS(). */
		memset(&r, 0, sizeof(r));
		r.kind = VL_REQ_LOCK;
		r.lock = e->lock;
		CHECK_STR(req_str(&r, NULL), "rtnl()");
	}

	CHECK(vl_spec_function(s, "nosuch") == NULL);
	CHECK(vl_spec_function(s, NULL) == NULL);
	vl_spec_free(s);

	/* Before vl_spec_finish() there is no index. */
	s = parse_text(FN_CLASSES "function f(mm) requires mmap(mm);\n");
	CHECK(vl_spec_function(s, "f") == NULL);
	CHECK(s->nfns == 1);
	/* ... and a requirement is still an unresolved use */
	CHECK(s->nfns == 1 && s->fns[0]->neffects == 1 &&
	      s->fns[0]->effects[0].req->kind == VL_REQ_USE);
	CHECK(s->nfns == 1 &&
	      strcmp(req_str(s->fns[0]->effects[0].req, NULL),
		     "mmap(...)") == 0);
	CHECK(vl_spec_finish(s) == 0);
	CHECK(vl_spec_function(s, "f") != NULL);
	CHECK(s->finished);
	vl_spec_free(s);
}

/* ---- field rules ---- */

static void test_fields(void)
{
	struct vl_spec *s = load_ok(
		FN_CLASSES
		"lock page_table_lock: spinlock"
		" field mm_struct.page_table_lock;\n"
		"lock i_mmap: rwsem field address_space.i_mmap_rwsem;\n"
		"field vm_area_struct.vm_start requires mmap(this->vm_mm):write"
		" & vma(this):write;\n"
		"field vm_area_struct.vm_mm unchecked doc \"written once\";\n"
		"field vm_area_struct.anon_vma\n"
		"\twhen null -> nonnull requires mmap(this->vm_mm):read &"
		" page_table_lock(this->vm_mm)\n"
		"\twhen nonnull -> null requires mmap(this->vm_mm):write\n"
		"\twhen any -> nonnull requires nothing;\n"
		"field vm_area_struct.shared.rb requires"
		" i_mmap(this->vm_file->f_mapping):write;\n"
		"field vm_area_struct.g requires rtnl() doc \"global\";\n"
		"field other.vm_start requires mmap(&init_mm):read;\n"
		"field vm_area_struct.two requires vma(this) requires"
		" mmap(this->vm_mm);\n");
	const struct vl_field_rule *fr;

	CHECK(s->nfields == 7);
	fr = vl_spec_field(s, "vm_area_struct", "vm_start");
	CHECK(fr != NULL);
	if (fr) {
		CHECK_STR(fr->rec, "vm_area_struct");
		CHECK_STR(fr->field, "vm_start");
		CHECK(!fr->unchecked && !fr->from_source);
		CHECK(fr->ncases == 1);
		CHECK(fr->pos.line == 7 && fr->pos.col == 7);
		CHECK(fr->ncases == 1 && fr->cases[0].from == VL_VAL_ANY &&
		      fr->cases[0].to == VL_VAL_ANY);
		CHECK(fr->ncases == 1 &&
		      strcmp(req_str(fr->cases[0].req, NULL),
			     "mmap(this->vm_mm):write & vma(this):write") ==
			      0);
		CHECK(fr->ncases == 1 &&
		      fr->cases[0].req->subs[1]->lock.owner.root ==
			      VL_ROOT_THIS);
	}

	fr = vl_spec_field(s, "vm_area_struct", "vm_mm");
	CHECK(fr && fr->unchecked && fr->ncases == 0);
	CHECK(fr && fr->note && strcmp(fr->note, "written once") == 0);

	/* value-dependent cases */
	fr = vl_spec_field(s, "vm_area_struct", "anon_vma");
	CHECK(fr && fr->ncases == 3);
	if (fr && fr->ncases == 3) {
		CHECK(fr->cases[0].from == VL_VAL_NULL &&
		      fr->cases[0].to == VL_VAL_NONNULL);
		CHECK_STR(req_str(fr->cases[0].req, NULL),
			  "mmap(this->vm_mm):read & "
			  "page_table_lock(this->vm_mm)");
		CHECK(fr->cases[0].pos.line == 10 &&
		      fr->cases[0].pos.col == 2);
		CHECK(fr->cases[1].from == VL_VAL_NONNULL &&
		      fr->cases[1].to == VL_VAL_NULL);
		CHECK_STR(req_str(fr->cases[1].req, NULL),
			  "mmap(this->vm_mm):write");
		/* What a write needs, as it goes to the callers. */
		CHECK_STR(req_str(fr->cases[1].req_or_new, NULL),
			  "mmap(this->vm_mm):write | unpublished(this)");
		CHECK(fr->cases[2].from == VL_VAL_ANY &&
		      fr->cases[2].to == VL_VAL_NONNULL);
		CHECK(fr->cases[2].req->kind == VL_REQ_TRUE);
	}

	/* nested field paths, and the prefix rule */
	fr = vl_spec_field(s, "vm_area_struct", "shared.rb");
	CHECK(fr && strcmp(fr->field, "shared.rb") == 0);
	CHECK(vl_spec_field(s, "vm_area_struct", "shared.rb.rb_left") == fr);
	CHECK(vl_spec_field(s, "vm_area_struct", "shared.rb.a.b.c") == fr);
	CHECK(vl_spec_field(s, "vm_area_struct", "vm_start.lo") ==
	      vl_spec_field(s, "vm_area_struct", "vm_start"));
	CHECK(vl_spec_field(s, "vm_area_struct", "shared") == NULL);
	CHECK(vl_spec_field(s, "vm_area_struct", "shared.rbx") == NULL);
	CHECK(vl_spec_field(s, "vm_area_struct", "vm_startx") == NULL);
	CHECK(vl_spec_field(s, "vm_area_struct", "nosuch") == NULL);
	CHECK(vl_spec_field(s, "mm_struct", "vm_start") == NULL);
	CHECK(vl_spec_field(s, "vm_area_struct", NULL) == NULL);

	/* by field alone: found when unambiguous */
	CHECK(vl_spec_field(s, NULL, "anon_vma") ==
	      vl_spec_field(s, "vm_area_struct", "anon_vma"));
	CHECK(vl_spec_field(s, NULL, "vm_start") == NULL);

	/* global lock and global owner in field rules */
	fr = vl_spec_field(s, "vm_area_struct", "g");
	CHECK(fr && fr->ncases == 1 &&
	      fr->cases[0].req->lock.cls == vl_spec_class(s, "rtnl") &&
	      fr->cases[0].req->lock.owner.root == VL_ROOT_NONE);
	CHECK(fr && fr->note && strcmp(fr->note, "global") == 0);
	fr = vl_spec_field(s, "other", "vm_start");
	CHECK(fr && fr->ncases == 1 &&
	      fr->cases[0].req->lock.owner.root == VL_ROOT_GLOBAL);
	/* two unconditional cases */
	fr = vl_spec_field(s, "vm_area_struct", "two");
	CHECK(fr && fr->ncases == 2);
	vl_spec_free(s);
}

/* ---- order, forbid ---- */

static void test_order_forbid(void)
{
	struct vl_spec *s = load_ok(
		"lock a: rwsem anonymous;\n"
		"lock b: rwsem anonymous;\n"
		"lock c: spinlock anonymous;\n"
		"lock d: mutex anonymous;\n"
		"lock e: mutex anonymous;\n"
		"order a < b < c;\n"
		"order c < d;\n"
		"forbid a under b:read doc \"reverse\";\n"
		"forbid c:write under d;\n");
	const struct vl_class *a = vl_spec_class(s, "a");
	const struct vl_class *b = vl_spec_class(s, "b");
	const struct vl_class *c = vl_spec_class(s, "c");
	const struct vl_class *d = vl_spec_class(s, "d");
	const struct vl_class *e = vl_spec_class(s, "e");

	CHECK(s->norders == 3);
	CHECK(s->norders == 3 && s->orders[0].before == a &&
	      s->orders[0].after == b && s->orders[1].before == b &&
	      s->orders[1].after == c && s->orders[2].before == c &&
	      s->orders[2].after == d);
	CHECK(vl_spec_before(s, a, VL_MODE_WRITE, b, VL_MODE_WRITE));
	CHECK(vl_spec_before(s, b, VL_MODE_WRITE, c, VL_MODE_WRITE));
	CHECK(vl_spec_before(s, a, VL_MODE_WRITE, c, VL_MODE_WRITE));
	/* transitive through two order items */
	CHECK(vl_spec_before(s, a, VL_MODE_WRITE, d, VL_MODE_WRITE));
	CHECK(vl_spec_before(s, b, VL_MODE_WRITE, d, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, b, VL_MODE_WRITE, a, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, d, VL_MODE_WRITE, a, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, a, VL_MODE_WRITE, a, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, a, VL_MODE_WRITE, e, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, e, VL_MODE_WRITE, a, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, NULL, VL_MODE_WRITE, a, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, a, VL_MODE_WRITE, NULL, VL_MODE_WRITE));

	CHECK(s->nforbids == 2);
	if (s->nforbids == 2) {
		const struct vl_forbid *f = &s->forbids[0];

		CHECK(f->inner == a && f->inner_mode == VL_MODE_ANY);
		CHECK(f->outer == b && f->outer_mode == VL_MODE_READ);
		CHECK(f->note && strcmp(f->note, "reverse") == 0);
		CHECK(f->pos.line == 8 && f->pos.col == 8);
		f = &s->forbids[1];
		CHECK(f->inner == c && f->inner_mode == VL_MODE_WRITE);
		CHECK(f->outer == d && f->outer_mode == VL_MODE_ANY);
		CHECK(f->note == NULL);
	}
	vl_spec_free(s);

	/* An order may name classes declared after it. */
	s = load_ok("order x < y;\n"
		    "lock x: mutex anonymous;\n"
		    "lock y: mutex anonymous;\n");
	CHECK(vl_spec_before(s, vl_spec_class(s, "x"), VL_MODE_WRITE,
			     vl_spec_class(s, "y"), VL_MODE_WRITE));
	vl_spec_free(s);

	/* A mode on an edge restricts it to that mode of the class
	 * (mmap < vma:read < invalidate_lock): the write mode of the
	 * middle class is not ordered, and transitivity goes through the
	 * read mode only.  Exclusive classes ignore modes. */
	s = load_ok("lock m: rwsem anonymous;\n"
		    "lock v: rwsem anonymous;\n"
		    "lock i: rwsem anonymous;\n"
		    "lock x: mutex anonymous;\n"
		    "order m < v:read < i;\n"
		    "order x:read < m;\n");
	{
		const struct vl_class *m = vl_spec_class(s, "m"),
				      *v = vl_spec_class(s, "v"),
				      *i = vl_spec_class(s, "i"),
				      *x = vl_spec_class(s, "x");

		CHECK(vl_spec_before(s, m, VL_MODE_WRITE, v, VL_MODE_READ));
		CHECK(vl_spec_before(s, m, VL_MODE_READ, v, VL_MODE_READ));
		CHECK(!vl_spec_before(s, m, VL_MODE_WRITE, v, VL_MODE_WRITE));
		CHECK(vl_spec_before(s, v, VL_MODE_READ, i, VL_MODE_WRITE));
		CHECK(!vl_spec_before(s, v, VL_MODE_WRITE, i, VL_MODE_WRITE));
		CHECK(vl_spec_before(s, m, VL_MODE_WRITE, i, VL_MODE_READ));
		CHECK(vl_spec_before(s, x, VL_MODE_WRITE, m, VL_MODE_READ));
		CHECK(vl_spec_before(s, x, VL_MODE_READ, i, VL_MODE_WRITE));
	}
	vl_spec_free(s);
}

/* ---- defines ---- */

/*
 * Defines, including arguments without steps (mvw(this)), which once
 * made subst_path() call memcpy() with a NULL source (seen by UBSan).
 */
static void test_defines(void)
{
	struct vl_spec *s = load_ok(
		FN_CLASSES
		"lock i_mmap: rwsem field address_space.i_mmap_rwsem;\n"
		"lock anon_vma: rwsem field anon_vma.rwsem;\n"
		"define mvw(v) = mmap(v->vm_mm):write & vma(v):write;\n"
		"define rmap(v) = i_mmap(v->vm_file->f_mapping):write\n"
		"\t| anon_vma(v->anon_vma->root):write;\n"
		"define both(v) = mvw(v) & rmap(v);\n"
		"define mm_of(m) = mmap(m):read;\n"
		"define none() = nothing;\n"
		"define addr(l) = lock(l):write;\n"
		"define pair(x, y) = mmap(x) & vma(y);\n"
		"define inner(l) = lock(&l->mmap_lock);\n"
		"define deref(p) = lock(*p);\n"
		"field vm_area_struct.vm_start requires both(this);\n"
		"field vm_area_struct.vm_pgoff requires"
		" mvw(this) & rmap(this);\n"
		"function f(vma) requires mvw(vma);\n"
		"function g(mm, vma) requires mm_of(mm) | mm_of(vma->vm_mm);\n"
		"function h(mm) requires addr(&mm->mmap_lock) & none();\n"
		"function k(a, b) requires pair(b, a->vm_mm);\n"
		"function l(mm) requires inner(mm);\n"
		"function dd(pp) requires deref(&pp);\n"
		"field vm_area_struct.late requires later(this);\n"
		"define later(v) = vma(v):read;\n");
	const char *layout = "mmap(this->vm_mm):write & vma(this):write & "
			     "(i_mmap(this->vm_file->f_mapping):write | "
			     "anon_vma(this->anon_vma->root):write)";
	const struct vl_field_rule *fr;
	const struct vl_fnspec *fn;

	CHECK(s->ndefines == 10);
	/* a nested define in a field rule */
	fr = vl_spec_field(s, "vm_area_struct", "vm_start");
	CHECK(fr && fr->ncases == 1 &&
	      strcmp(req_str(fr->cases[0].req, NULL), layout) == 0);
	if (fr && fr->ncases == 1)
		CHECK_STR(req_str(fr->cases[0].req, NULL), layout);
	fr = vl_spec_field(s, "vm_area_struct", "vm_pgoff");
	CHECK(fr && fr->ncases == 1 &&
	      strcmp(req_str(fr->cases[0].req, NULL), layout) == 0);
	/* expansion resolves the classes */
	if (fr && fr->ncases == 1) {
		const struct vl_req *r = fr->cases[0].req;

		CHECK(r->kind == VL_REQ_AND && r->nsubs == 2);
		CHECK(r->subs[0]->kind == VL_REQ_AND);
		CHECK(r->subs[0]->subs[0]->kind == VL_REQ_LOCK &&
		      r->subs[0]->subs[0]->lock.cls ==
			      vl_spec_class(s, "mmap"));
		CHECK(r->subs[1]->kind == VL_REQ_OR &&
		      r->subs[1]->subs[1]->lock.cls ==
			      vl_spec_class(s, "anon_vma"));
		CHECK(r->subs[1]->subs[1]->lock.owner.root == VL_ROOT_THIS &&
		      r->subs[1]->subs[1]->lock.owner.nsteps == 2);
	}
	/* a define in a function's requires: parameters are the function's */
	fn = vl_spec_function(s, "f");
	CHECK(fn && fn->neffects == 1);
	if (fn && fn->neffects == 1) {
		const struct vl_req *r = fn->effects[0].req;

		CHECK_STR(req_str(r, fn->params),
			  "mmap(vma->vm_mm):write & vma(vma):write");
		CHECK(r->kind == VL_REQ_AND &&
		      r->subs[0]->lock.owner.root == VL_ROOT_PARAM &&
		      r->subs[0]->lock.owner.param == 0);
	}
	fn = vl_spec_function(s, "g");
	CHECK(fn && fn->neffects == 1 &&
	      strcmp(req_str(fn->effects[0].req, fn->params),
		     "mmap(mm):read | mmap(vma->vm_mm):read") == 0);
	/* an argument with '&'; a define without parameters */
	fn = vl_spec_function(s, "h");
	CHECK(fn && fn->neffects == 1 &&
	      strcmp(req_str(fn->effects[0].req, fn->params),
		     "lock(&mm->mmap_lock):write & nothing") == 0);
	/* two parameters, swapped order; a path as argument */
	fn = vl_spec_function(s, "k");
	CHECK(fn && fn->neffects == 1 &&
	      strcmp(req_str(fn->effects[0].req, fn->params),
		     "mmap(b) & vma(a->vm_mm)") == 0);
	/* the define's own '&' and steps around the argument */
	fn = vl_spec_function(s, "l");
	CHECK(fn && fn->neffects == 1 &&
	      strcmp(req_str(fn->effects[0].req, fn->params),
		     "lock(&mm->mmap_lock)") == 0);
	/* prefixes compose: '*' of the define applied to the argument '&pp' */
	fn = vl_spec_function(s, "dd");
	CHECK(fn && fn->neffects == 1 &&
	      strcmp(req_str(fn->effects[0].req, fn->params), "lock(*&pp)") ==
		      0);
	/* a define used before it is declared */
	fr = vl_spec_field(s, "vm_area_struct", "late");
	CHECK(fr && fr->ncases == 1 &&
	      strcmp(req_str(fr->cases[0].req, NULL), "vma(this):read") == 0);
	vl_spec_free(s);
}

/* ---- in-source annotations ---- */

static uint32_t annotate(struct vl_spec *s, enum vl_subject_kind kind,
			 const char *name, const char *field,
			 const char *const *params, uint32_t nparams,
			 const char *text)
{
	struct vl_subject subj;

	memset(&subj, 0, sizeof(subj));
	subj.kind = kind;
	subj.name = name;
	subj.field = field;
	subj.params = params;
	subj.nparams = nparams;
	return vl_spec_parse_annotation(s, &subj, text, "a.c", 7, 10);
}

/*
 * Annotations; two on one function where one has no effects ("pure")
 * once made vl_spec_add_function() memcpy() from NULL (seen by UBSan).
 */
static void test_annotations(void)
{
	static const char *const foo_params[] = { "x", "mm" };
	static const char *const bar_params[] = { "a" };
	struct vl_spec *s = parse_text(
		FN_CLASSES
		"function foo(mm) requires mmap(mm):read;\n"
		"function keep(mm) requires mmap(mm):read;\n"
		"field vm_area_struct.vm_flags requires"
		" mmap(this->vm_mm):read;\n");
	const struct vl_fnspec *fn;
	const struct vl_field_rule *fr;
	const struct vl_class *c;
	char *t;

	/* A function annotation: clauses only, parameters by name. */
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "foo", NULL, foo_params, 2,
		       "requires mmap(mm):write") == 0);
	/* A second one on the same function adds up. */
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "foo", NULL, foo_params, 2,
		       " acquires vma(x):read when return") == 0);
	/* Several clause groups separated by ';'; "pure" adds up too. */
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "bar", NULL, bar_params, 1,
		       "requires mmap(a); pure;") == 0);
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "baz", NULL, bar_params, 1,
		       "pure") == 0);
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "baz", NULL, bar_params, 1,
		       "requires mmap(a)") == 0);
	/* A field annotation replaces the spec file's rule. */
	CHECK(annotate(s, VL_SUBJ_FIELD, "vm_area_struct", "vm_flags", NULL,
		       0, "requires mmap(this->vm_mm):write & "
			  "vma(this):write") == 0);
	CHECK(annotate(s, VL_SUBJ_FIELD, "vm_area_struct", "vm_file", NULL,
		       0, "unchecked") == 0);
	/* A lock on a field lives in that field; on a struct, per object. */
	CHECK(annotate(s, VL_SUBJ_FIELD, "mm_struct", "my.lock", NULL, 0,
		       "lock mylock: spinlock display \"my lock\"") == 0);
	CHECK(annotate(s, VL_SUBJ_RECORD, "anon_vma", NULL, NULL, 0,
		       " lock av: rwsem reentrant:write") == 0);
	/* Anything else: whole items. */
	CHECK(annotate(s, VL_SUBJ_NONE, NULL, NULL, NULL, 0,
		       "order mmap < av; lock g: mutex global g_mutex;"
		       " function gfn() acquires g()") == 0);
	CHECK(vl_spec_finish(s) == 0);
	t = diags_text(s);
	CHECK_STR(t, "");
	free(t);

	fn = vl_spec_function(s, "foo");
	CHECK(fn && fn->from_source);
	CHECK(fn && fn->nparams == 2 && strcmp(fn->params[1], "mm") == 0);
	CHECK(fn && fn->neffects == 2);
	if (fn && fn->neffects == 2) {
		const struct vl_effect *e = &fn->effects[0];

		CHECK(e->kind == VL_EFF_REQUIRE);
		CHECK_STR(req_str(e->req, fn->params), "mmap(mm):write");
		CHECK(e->req->lock.owner.param == 1);
		CHECK(e->pos.line == 7 && e->pos.col == 10);
		CHECK_STR(e->pos.file, "a.c");
		e = &fn->effects[1];
		CHECK(e->kind == VL_EFF_ACQUIRE && e->when.present &&
		      e->when.pred == VL_P_NE);
		CHECK(e->lock.owner.param == 0 &&
		      e->lock.cls == vl_spec_class(s, "vma"));
		CHECK(e->lock.pos.line == 7 && e->lock.pos.col == 20);
	}
	fn = vl_spec_function(s, "keep");
	CHECK(fn && !fn->from_source && fn->neffects == 1);
	fn = vl_spec_function(s, "bar");
	CHECK(fn && fn->pure && fn->neffects == 1 && fn->from_source);
	fn = vl_spec_function(s, "baz");
	CHECK(fn && fn->pure && fn->neffects == 1 && fn->from_source);

	fr = vl_spec_field(s, "vm_area_struct", "vm_flags");
	CHECK(fr && fr->from_source && fr->ncases == 1);
	CHECK(fr && fr->ncases == 1 &&
	      strcmp(req_str(fr->cases[0].req, NULL),
		     "mmap(this->vm_mm):write & vma(this):write") == 0);
	CHECK(s->nfields == 2);
	fr = vl_spec_field(s, "vm_area_struct", "vm_file");
	CHECK(fr && fr->unchecked && fr->from_source);

	c = vl_spec_class(s, "mylock");
	CHECK(c && c->where == VL_LW_FIELD && c->kind == VL_LK_SPINLOCK);
	CHECK(c && strcmp(c->rec, "mm_struct") == 0 &&
	      strcmp(c->field, "my.lock") == 0);
	CHECK(c && strcmp(c->display, "my lock") == 0);
	CHECK(vl_spec_field_class(s, "mm_struct", "my.lock") == c);
	c = vl_spec_class(s, "av");
	CHECK(c && c->where == VL_LW_OBJECT &&
	      strcmp(c->rec, "anon_vma") == 0 &&
	      c->flags == VL_CF_REENTRANT_W);
	CHECK(vl_spec_before(s, vl_spec_class(s, "mmap"), VL_MODE_WRITE, c,
			     VL_MODE_WRITE));
	CHECK(vl_spec_global_class(s, "g_mutex") == vl_spec_class(s, "g"));
	CHECK(vl_spec_function(s, "gfn") != NULL);
	vl_spec_free(s);

	/* Annotations first, spec file second: the annotation still wins. */
	s = vl_spec_new();
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "foo", NULL, foo_params, 2,
		       "acquires mmap(mm)") == 0);
	CHECK(annotate(s, VL_SUBJ_FIELD, "s", "f", NULL, 0, "unchecked") ==
	      0);
	{
		const char *text = FN_CLASSES
			"function foo(mm) pure;\n"
			"field s.f requires mmap(this);\n";

		CHECK(vl_spec_parse(s, "t.spec", text, strlen(text)) == 0);
	}
	CHECK(vl_spec_finish(s) == 0);
	fn = vl_spec_function(s, "foo");
	CHECK(fn && fn->from_source && !fn->pure && fn->neffects == 1);
	fr = vl_spec_field(s, "s", "f");
	CHECK(fr && fr->from_source && fr->unchecked);
	vl_spec_free(s);

	/*
	 * Finished, annotated, finished again (what the plugin does): the
	 * annotation replaces the entry and nothing is reported twice.
	 */
	s = parse_text(FN_CLASSES
		       "define rd(m) = mmap(m):read;\n"
		       "function foo(mm) requires rd(mm);\n"
		       "field x.y requires rd(this->mm);\n");
	CHECK(vl_spec_finish(s) == 0);
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "foo", NULL, foo_params, 2,
		       "requires rd(x)") == 0);
	CHECK(annotate(s, VL_SUBJ_RECORD, "late", NULL, NULL, 0,
		       "lock late: mutex") == 0);
	CHECK(annotate(s, VL_SUBJ_NONE, NULL, NULL, NULL, 0,
		       "order vma < late") == 0);
	CHECK(vl_spec_finish(s) == 0);
	fn = vl_spec_function(s, "foo");
	CHECK(fn && fn->from_source && fn->neffects == 1 &&
	      strcmp(req_str(fn->effects[0].req, fn->params),
		     "mmap(x):read") == 0);
	fr = vl_spec_field(s, "x", "y");
	CHECK(fr && fr->ncases == 1 &&
	      strcmp(req_str(fr->cases[0].req, NULL), "mmap(this->mm):read") ==
		      0);
	CHECK(vl_spec_before(s, vl_spec_class(s, "vma"), VL_MODE_WRITE,
			     vl_spec_class(s, "late"), VL_MODE_WRITE));
	vl_spec_free(s);
}

/*
 * Two __vl_write_when() on one field (annotations/vmalock.h) are two
 * annotations of the field: their cases add up, and both replace the
 * spec file's rule.
 */
static void test_field_annotations_add_up(void)
{
	struct vl_spec *s = parse_text(FN_CLASSES
				       "field vm_area_struct.anon_vma requires "
				       "mmap(this->vm_mm);\n");
	const struct vl_field_rule *fr;
	char *t;

	CHECK(annotate(s, VL_SUBJ_FIELD, "vm_area_struct", "anon_vma", NULL,
		       0, " when null -> nonnull requires "
			  "mmap(this->vm_mm):read") == 0);
	CHECK(annotate(s, VL_SUBJ_FIELD, "vm_area_struct", "anon_vma", NULL,
		       0, " when nonnull -> null requires "
			  "mmap(this->vm_mm):write") == 0);
	vl_spec_finish(s);
	t = diags_text(s);
	CHECK_STR(t, "");
	free(t);
	fr = vl_spec_field(s, "vm_area_struct", "anon_vma");
	CHECK(fr && fr->ncases == 2 && fr->from_source);
	if (fr && fr->ncases == 2) {
		CHECK(fr->cases[0].from == VL_VAL_NULL &&
		      fr->cases[0].to == VL_VAL_NONNULL &&
		      fr->cases[0].req->lock.mode == VL_MODE_READ);
		CHECK(fr->cases[1].from == VL_VAL_NONNULL &&
		      fr->cases[1].to == VL_VAL_NULL &&
		      fr->cases[1].req->lock.mode == VL_MODE_WRITE);
		CHECK(fr->cases[1].pos.line == 7 && fr->cases[1].pos.col == 11);
	}
	vl_spec_free(s);

	/* An item in an annotation may end at the end of the text... */
	s = vl_spec_new();
	CHECK(annotate(s, VL_SUBJ_NONE, NULL, NULL, NULL, 0,
		       "lock q: mutex anonymous") == 0);
	CHECK(vl_spec_finish(s) == 0);
	CHECK(vl_spec_class(s, "q") != NULL);
	/* ... but not in a spec file */
	CHECK(vl_spec_parse(s, "t.spec", "lock r: mutex anonymous", 23) == 1);
	vl_spec_free(s);
}

static void test_annotation_errors(void)
{
	static const char *const params[] = { "mm" };
	struct vl_spec *s = parse_text(FN_CLASSES);
	char *t;

	/* Positions count from the annotation's own line and column. */
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "f", NULL, params, 1,
		       "requires mmap(mm") == 1);
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "g", NULL, params, 1,
		       "acquires mmap(this)") == 1);
	CHECK(annotate(s, VL_SUBJ_FIELD, "r", "f", NULL, 0,
		       "requires\n  mmap(return)") == 1);
	CHECK(annotate(s, VL_SUBJ_FIELD, "r", "g", NULL, 0, "bogus") == 1);
	CHECK(annotate(s, VL_SUBJ_RECORD, "r", NULL, NULL, 0,
		       "requires mmap(this)") == 1);
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "h", NULL, params, 1,
		       "requires mmap(mm) extra") == 1);
	CHECK(annotate(s, VL_SUBJ_FUNCTION, "k", NULL, params, 1,
		       "requires nosuch(mm)") == 0);
	vl_spec_finish(s);
	t = diags_text(s);
	CHECK_STR(t,
		  "a.c:7:26: error: expected ')', found end of input\n"
		  "a.c:7:24: error: 'this' is only meaningful in field rules "
		  "and defines\n"
		  "a.c:8:8: error: 'return' is only meaningful in function "
		  "clauses\n"
		  "a.c:7:10: error: expected 'requires', 'when', 'unchecked', "
		  "'private', 'kept' or 'doc', found 'bogus'\n"
		  "a.c:7:10: error: expected 'lock NAME : KIND' on a struct, "
		  "found 'requires'\n"
		  "a.c:7:28: error: expected a clause (acquires, tries, releases, "
		  "downgrades, asserts, names, requires, writes, returns new, publishes, "
		  "implies, checker, pure, opaque, doc) or ';', found "
		  "'extra'\n"
		  "a.c:7:19: error: 'nosuch' is neither a lock class nor a "
		  "define\n");
	free(t);
	CHECK(vl_spec_function(s, "f") == NULL);
	CHECK(vl_spec_function(s, "g") == NULL);
	CHECK(vl_spec_field(s, "r", "f") == NULL);
	vl_spec_free(s);
}

/* ---- errors ---- */

#define PRE                                                                \
	"lock m: rwsem anonymous; lock sl: spinlock anonymous;"             \
	" lock g: mutex global g_lock;\n"

static void test_errors(void)
{
	struct vl_spec *s;
	char *t;

	/* unknown class, in a clause and in a requirement */
	CHECK_ERRORS("function f(a) acquires nosuch(a);\n",
		     "t.spec:1:24: error: unknown lock class 'nosuch'\n");
	CHECK_ERRORS("function f(a) requires nosuch(a);\n",
		     "t.spec:1:24: error: 'nosuch' is neither a lock class "
		     "nor a define\n");
	CHECK_ERRORS(PRE "field s.f requires m(this) & other(this);\n",
		     "t.spec:2:30: error: 'other' is neither a lock class "
		     "nor a define\n");
	CHECK_ERRORS(PRE "forbid m under sl;\nforbid nosuch under m;\n",
		     "t.spec:3:8: error: unknown lock class 'nosuch'\n");

	/* defines: arity, modes */
	CHECK_ERRORS(PRE "define d(x, y) = m(x) & m(y);\n"
			 "function f(a) requires d(a);\n",
		     "t.spec:3:24: error: 'd' takes 2 arguments, not 1\n");
	CHECK_ERRORS(PRE "define d(x) = m(x);\n"
			 "function f(a, b) requires d(a, b);\n",
		     "t.spec:3:27: error: 'd' takes 1 argument, not 2\n");
	CHECK_ERRORS(PRE "define d(x) = m(x):write;\n"
			 "function f(a) requires d(a):read;\n",
		     "t.spec:3:24: error: a mode cannot follow the define "
		     "'d'; put modes inside it\n");
	CHECK_ERRORS(PRE "define d(x) = m(x);\ndefine d(y) = m(y);\n",
		     "t.spec:3:8: error: 'd' is already defined at t.spec:2\n");
	CHECK_ERRORS(PRE "define d(x) = d(x);\nfield s.f requires d(this);\n",
		     "t.spec:2:15: error: defines nest too deeply (recursive "
		     "define?)\n");
	CHECK_ERRORS(PRE "function f(a, b) requires m(a, b);\n",
		     "t.spec:2:27: error: a lock takes one owner: m(owner)\n");

	/* lexical errors */
	CHECK_ERRORS(PRE "lock x: rwsem anonymous display \"abc;\n"
			 "lock lost: rwsem anonymous;\n"
			 "lock y: rwsem anonymous;\n",
		     "t.spec:2:33: error: unterminated string\n");
	s = parse_text(PRE "lock x: rwsem anonymous display \"abc;\n"
			   "lock lost: rwsem anonymous;\n"
			   "lock y: rwsem anonymous;\n");
	CHECK(vl_spec_class(s, "x") == NULL);
	CHECK(vl_spec_class(s, "y") != NULL);
	vl_spec_free(s);
	CHECK_ERRORS(PRE "lock x: rwsem anonymous;\n/* never\nclosed\n",
		     "t.spec:3:1: error: unterminated comment\n");
	CHECK_ERRORS(PRE "lock x: rwsem /* never closed",
		     "t.spec:2:15: error: unterminated comment\n");
	s = parse_text(PRE "lock x: rwsem anonymous;\n/* never\nclosed\n");
	CHECK(vl_spec_class(s, "x") != NULL);
	vl_spec_free(s);
	CHECK_ERRORS(PRE "lock x: rwsem @ anonymous;\n"
			 "lock y: rwsem anonymous;\n",
		     "t.spec:2:15: error: unexpected character '@'\n");
	CHECK_ERRORS(PRE "lock x: rwsem \x01 anonymous;\n",
		     "t.spec:2:15: error: unexpected byte 0x01\n");
	CHECK_ERRORS(PRE "function f(a) acquires m(a) when return == 12x;\n",
		     "t.spec:2:44: error: invalid number '12x'\n");
	/* comments of all three forms are skipped */
	s = load_ok("# hash\n// slashes\n/* block\n */ lock x: mutex"
		    " /* in */ anonymous; # after\n");
	CHECK(vl_spec_class(s, "x") && vl_spec_class(s, "x")->pos.line == 4 &&
	      vl_spec_class(s, "x")->pos.col == 10);
	vl_spec_free(s);

	/*
	 * missing ';': reported just after the last token when what was
	 * found is on a later line; the next item is lost up to its own
	 * ';'.
	 */
	CHECK_ERRORS(PRE "lock x: rwsem anonymous\n"
			 "lock lost: rwsem anonymous;\n"
			 "lock y: rwsem anonymous;\n",
		     "t.spec:2:24: error: expected ';' at the end of the item, "
		     "found 'lock'\n");
	CHECK_ERRORS(PRE "lock x: rwsem anonymous  # comment\n\n"
			 "\t/* more */ lock lost: rwsem anonymous;\n",
		     "t.spec:2:24: error: expected ';' at the end of the item, "
		     "found 'lock'\n");
	/* on the same line: at what was found */
	CHECK_ERRORS(PRE "lock x: rwsem anonymous lock lost: rwsem"
			 " anonymous;\n",
		     "t.spec:2:25: error: expected ';' at the end of the item, "
		     "found 'lock'\n");
	s = parse_text(PRE "lock x: rwsem anonymous\n"
			   "lock lost: rwsem anonymous;\n"
			   "lock y: rwsem anonymous;\n");
	CHECK(vl_spec_class(s, "x") != NULL);
	CHECK(vl_spec_class(s, "lost") == NULL);
	CHECK(vl_spec_class(s, "y") != NULL);
	vl_spec_free(s);
	CHECK_ERRORS(PRE "function f(a) acquires m(a)\nfunction g(a) pure;\n",
		     "t.spec:2:28: error: expected a clause (acquires, tries, "
		     "releases, downgrades, asserts, names, requires, writes, returns new, "
		     "publishes, implies, checker, pure, opaque, doc) or "
		     "';', found 'function'\n");

	/* syntax: what was expected, and what was found */
	CHECK_ERRORS("lock m rwsem anonymous;\n",
		     "t.spec:1:8: error: expected ':', found 'rwsem'\n");
	CHECK_ERRORS("lock m: semaphore anonymous;\n",
		     "t.spec:1:9: error: expected a lock kind (rwsem, rwlock, "
		     "spinlock, mutex, rcu, other), found 'semaphore'\n");
	CHECK_ERRORS("lock m: rwsem;\n",
		     "t.spec:1:14: error: expected where the lock lives (field "
		     "REC.FIELD, object REC, path REC: &this->..., global NAME or anonymous), found "
		     "';'\n");
	CHECK_ERRORS("lock m: rwsem anonymous display 3;\n",
		     "t.spec:1:33: error: expected a string after 'display', "
		     "found number 3\n");
	CHECK_ERRORS("lock m: rwsem anonymous reentrant:maybe;\n",
		     "t.spec:1:35: error: expected a lock mode ('read' or "
		     "'write') after ':', found 'maybe'\n");
	CHECK_ERRORS("frobnicate x;\n",
		     "t.spec:1:1: error: expected an item (lock, function, "
		     "macro, field, order, forbid, define, callback, entry), found "
		     "'frobnicate'\n");
	CHECK_ERRORS(PRE "entry f holds m(a);\n",
		     "t.spec:2:9: error: expected '(', found 'holds'\n");
	CHECK_ERRORS(PRE "entry f(a) when x == 1 holds m(a);\n",
		     "t.spec:2:12: error: expected 'holds', found 'when'\n");
	CHECK_ERRORS(PRE "function f(a) acquires m(a) when ret;\n",
		     "t.spec:2:37: error: expected '(return)' after the "
		     "function in a 'when' condition, found ';'\n");
	CHECK_ERRORS(PRE "function f(a) acquires m(a) when return == maybe;\n",
		     "t.spec:2:44: error: expected a number, NULL, true or "
		     "false, found 'maybe'\n");
	CHECK_ERRORS(PRE "function f(a) requires m(a) &;\n",
		     "t.spec:2:30: error: expected a lock (such as "
		     "mmap(mm):write), 'nothing' or '(', found ';'\n");
	CHECK_ERRORS(PRE "function f(a) requires (m(a) | m(a);\n",
		     "t.spec:2:36: error: expected ')', found ';'\n");
	CHECK_ERRORS(PRE "function f(a) requires m(a->);\n",
		     "t.spec:2:29: error: expected a field name, found ')'\n");
	CHECK_ERRORS(PRE "field s.f when null requires m(this);\n",
		     "t.spec:2:21: error: expected '->', found 'requires'\n");
	CHECK_ERRORS(PRE "field s.f when null -> maybe requires m(this);\n",
		     "t.spec:2:24: error: expected 'null', 'nonnull' or 'any', "
		     "found 'maybe'\n");
	CHECK_ERRORS(PRE "field s.f;\n",
		     "t.spec:2:10: error: expected 'requires', 'when', "
		     "'unchecked', 'private', 'kept' or 'doc', found ';'\n");
	CHECK_ERRORS(PRE "field s.f unchecked requires m(this);\n",
		     "t.spec:2:7: error: a field cannot be both 'unchecked' "
		     "and have requirements\n");
	CHECK_ERRORS(PRE "order m;\n",
		     "t.spec:2:7: error: an order needs at least two classes "
		     "(A < B)\n");
	CHECK_ERRORS(PRE "forbid m over sl;\n",
		     "t.spec:2:10: error: expected 'under', found 'over'\n");
	CHECK_ERRORS("lock lock: rwsem anonymous;\nlock nothing: mutex"
		     " anonymous;\n",
		     "t.spec:1:6: error: 'lock' is reserved and cannot name a "
		     "lock class\n"
		     "t.spec:2:6: error: 'nothing' is reserved and cannot name "
		     "a lock class\n");

	/* roots: this in functions, return in field rules */
	CHECK_ERRORS(PRE "function f(a) requires m(this);\n",
		     "t.spec:2:26: error: 'this' is only meaningful in field "
		     "rules and defines\n");
	CHECK_ERRORS(PRE "function f(a) acquires m(this->x);\n",
		     "t.spec:2:26: error: 'this' is only meaningful in field "
		     "rules and defines\n");
	CHECK_ERRORS(PRE "field s.f requires m(return);\n",
		     "t.spec:2:22: error: 'return' is only meaningful in "
		     "function clauses\n");
	CHECK_ERRORS(PRE "define d(v) = m(return);\n",
		     "t.spec:2:17: error: 'return' is only meaningful in "
		     "function clauses\n");
	/* 'this' reaching a function through a define */
	CHECK_ERRORS(PRE "define d() = m(this);\n"
			 "function f(a) requires d();\n",
		     "t.spec:2:14: error: 'this' is only meaningful in field "
		     "rules\n");

	/* modes and owners */
	CHECK_ERRORS(PRE "function f(a) acquires sl(a):read;\n",
		     "t.spec:2:24: error: lock class 'sl' is exclusive and "
		     "has no read mode\n");
	CHECK_ERRORS(PRE "field s.f requires sl(this):read;\n",
		     "t.spec:2:20: error: lock class 'sl' is exclusive and "
		     "has no read mode\n");
	CHECK_ERRORS(PRE "function f(a) requires g():read;\n",
		     "t.spec:2:24: error: lock class 'g' is exclusive and "
		     "has no read mode\n");
	CHECK_ERRORS(PRE "function f(a) downgrades sl(a);\n",
		     "t.spec:2:26: error: lock class 'sl' has no read mode to "
		     "downgrade to\n");
	CHECK_ERRORS(PRE "function f(a) acquires g(a);\n",
		     "t.spec:2:24: error: lock class 'g' is a global lock and "
		     "takes no owner: write g()\n");
	CHECK_ERRORS(PRE "function f(a) acquires m();\n",
		     "t.spec:2:24: error: lock class 'm' needs an owner, e.g. "
		     "m(ptl)\n");
	CHECK_ERRORS(PRE "function f(a) acquires lock();\n",
		     "t.spec:2:24: error: lock() needs the address of the "
		     "lock, e.g. lock(&mm->mmap_lock)\n");

	/* the wildcard owner */
	CHECK_ERRORS(PRE "function f(a) acquires m(*);\n",
		     "t.spec:2:24: error: the wildcard owner '*' is only "
		     "allowed in 'releases'\n");
	CHECK_ERRORS(PRE "function f(a) asserts m(a), m(*);\n",
		     "t.spec:2:29: error: the wildcard owner '*' is only "
		     "allowed in 'releases'\n");
	CHECK_ERRORS(PRE "function f(a) downgrades m(*);\n",
		     "t.spec:2:26: error: the wildcard owner '*' is only "
		     "allowed in 'releases'\n");

	/* duplicates */
	CHECK_ERRORS("lock m: rwsem anonymous;\nlock m: mutex anonymous;\n",
		     "t.spec:2:6: error: lock class 'm' is already declared "
		     "at t.spec:1\n");
	CHECK_ERRORS("function f(a) pure;\nfunction f(b) pure;\n",
		     "t.spec:2:10: error: function 'f' is already described "
		     "at t.spec:1\n");
	CHECK_ERRORS("function f(a) pure;\n\nmacro f(b) pure;\n",
		     "t.spec:3:7: error: macro 'f' is already described at "
		     "t.spec:1\n");
	CHECK_ERRORS("field s.f unchecked;\nfield s.f unchecked;\n"
		     "field s.g unchecked;\n",
		     "t.spec:2:7: error: field s.f already has a rule at "
		     "t.spec:1\n");

	/* order cycles, each class of the cycle once */
	CHECK_ERRORS(PRE "order m < sl;\norder sl < m;\n",
		     "t.spec:2:11: error: lock order is cyclic: 'm' comes "
		     "before itself\n"
		     "t.spec:3:12: error: lock order is cyclic: 'sl' comes "
		     "before itself\n");
	CHECK_ERRORS(PRE "order m < m;\n",
		     "t.spec:2:11: error: lock order is cyclic: 'm' comes "
		     "before itself\n");
	CHECK_ERRORS(PRE "order m < sl < nosuch;\n",
		     "t.spec:2:16: error: unknown lock class 'nosuch' in "
		     "order\n");

	/* two classes in one field */
	CHECK_ERRORS("lock a: rwsem field s.f;\nlock b: mutex field s.f;\n",
		     "t.spec:2:6: error: lock classes 'a' and 'b' both live "
		     "in s.f\n");

	/* The parse result counts the errors of that text only. */
	s = vl_spec_new();
	CHECK(vl_spec_parse(s, "one", "lock a: rwsem;", 14) == 1);
	CHECK(vl_spec_parse(s, "two", "lock b: rwsem anonymous;", 24) == 0);
	CHECK(vl_spec_parse(s, "three", "x; y;", 5) == 2);
	CHECK(vl_spec_finish(s) == 3);
	t = diags_text(s);
	CHECK_STR(t, "one:1:14: error: expected where the lock lives (field "
		     "REC.FIELD, object REC, path REC: &this->..., global NAME or anonymous), "
		     "found ';'\n"
		     "three:1:1: error: expected an item (lock, function, "
		     "macro, field, order, forbid, define, callback, entry), found 'x'\n"
		     "three:1:4: error: expected an item (lock, function, "
		     "macro, field, order, forbid, define, callback, entry), found 'y'\n");
	free(t);
	vl_spec_free(s);

	/* A NULL file name. */
	s = vl_spec_new();
	CHECK(vl_spec_parse(s, NULL, "x", 1) == 1);
	t = diags_text(s);
	CHECK_STR(t, "<spec>:1:1: error: expected an item (lock, function, "
		     "macro, field, order, forbid, define, callback, entry), found 'x'\n");
	free(t);
	vl_spec_free(s);
}

/*
 * The wildcard owner in a requirement means "any lock of the class"
 * (pt-install: "the mmap or a VMA lock"); '&' and '*' cannot prefix it.
 */
static void test_wildcard_in_requires(void)
{
	struct vl_spec *s = parse_text(PRE "function f(a) requires m(*);\n");
	const struct vl_fnspec *fn;
	uint32_t n;

	CHECK(vl_spec_finish(s) == 0);
	fn = vl_spec_function(s, "f");
	CHECK(fn && fn->neffects == 1 &&
	      fn->effects[0].req->kind == VL_REQ_LOCK &&
	      fn->effects[0].req->lock.owner.root == VL_ROOT_WILD);
	vl_spec_free(s);

	s = parse_text(PRE "field s.f requires m(*);\n");
	vl_spec_finish(s);
	vl_spec_diags(s, &n);
	CHECK(n == 0);
	vl_spec_free(s);
}

/* "entry F(params) holds R" is a callback with no struct. */
static void test_entry(void)
{
	struct vl_spec *s = parse_text(PRE "entry f(a, b) holds m(a) | m(b);\n");

	CHECK(vl_spec_finish(s) == 0);
	CHECK(s->ncallbacks == 1);
	if (s->ncallbacks == 1) {
		const struct vl_callback *cb = s->callbacks[0];

		CHECK(cb->rec == NULL);
		CHECK_STR(cb->field, "f");
		CHECK(cb->nparams == 2 && !cb->when_field);
		CHECK(cb->holds && cb->holds->kind == VL_REQ_OR &&
		      cb->holds->nsubs == 2);
		CHECK(!cb->guard.present);
	}
	vl_spec_free(s);
	/* An entry line may hold only where an argument condition does. */
	s = parse_text(PRE "entry f(a, fl) holds m(a) unless fl & 0x1000;\n");
	CHECK(vl_spec_finish(s) == 0);
	CHECK(s->ncallbacks == 1);
	if (s->ncallbacks == 1) {
		const struct vl_argcond *g = &s->callbacks[0]->guard;

		CHECK(g->present && g->negate && g->has_mask &&
		      g->mask == 0x1000);
	}
	vl_spec_free(s);
	/* ... or where it is one of a set of values. */
	s = parse_text(PRE "entry f(a, b) holds m(a) if b in (3, 4, 25);\n");
	CHECK(vl_spec_finish(s) == 0);
	CHECK(s->ncallbacks == 1);
	if (s->ncallbacks == 1) {
		const struct vl_argcond *g = &s->callbacks[0]->guard;

		CHECK(g->present && !g->negate && g->nset == 3 &&
		      g->set[0] == 3 && g->set[2] == 25 && !g->cmp);
	}
	vl_spec_free(s);
	CHECK_ERRORS(PRE "entry f(a, b) holds m(a) if b in (3, x);\n",
		     "t.spec:2:38: error: expected a number in the set, found "
		     "'x'\n");
}

/* "callback ... leaves R": locks handed to a sibling callback. */
static void test_callback_leaves(void)
{
	struct vl_spec *s = parse_text(
		PRE "callback ops.start(a) when stop == f leaves m(*):read;\n"
		    "callback ops.show(a) when start == g holds m(*):read"
		    " leaves m(a):read;\n");

	CHECK(vl_spec_finish(s) == 0);
	CHECK(s->ncallbacks == 2);
	if (s->ncallbacks == 2) {
		CHECK(!s->callbacks[0]->holds && s->callbacks[0]->leaves &&
		      s->callbacks[0]->leaves->kind == VL_REQ_LOCK);
		CHECK_STR(s->callbacks[0]->when_name, "f");
		CHECK(s->callbacks[1]->holds && s->callbacks[1]->leaves);
	}
	vl_spec_free(s);
	CHECK_ERRORS(PRE "callback ops.start(a) gives m(a);\n",
		     "t.spec:2:23: error: expected 'holds' or 'leaves', found "
		     "'gives'\n");
	CHECK_ERRORS(PRE "entry f(a) leaves m(a);\n",
		     "t.spec:2:12: error: expected 'holds', found 'leaves'\n");
}

/* "anonymous in S.F, ...": pointer fields that hold such a lock. */
static void test_lock_in_fields(void)
{
	struct vl_spec *s = parse_text(
		"lock ptl: spinlock anonymous in vm_fault.ptl, pvmw.ptl;\n");

	CHECK(vl_spec_finish(s) == 0);
	CHECK(vl_spec_pointer_class(s, "vm_fault", "ptl") ==
	      vl_spec_class(s, "ptl"));
	CHECK(vl_spec_pointer_class(s, "pvmw", "ptl") ==
	      vl_spec_class(s, "ptl"));
	CHECK(vl_spec_pointer_class(s, "vm_fault", "pte") == NULL);
	vl_spec_free(s);
	CHECK_ERRORS("lock ptl: spinlock anonymous in vm_fault;\n",
		     "t.spec:1:41: error: expected '.', found ';'\n");
}

/* vl_spec_order_rule() of class a (mode m) before b (write), as text. */
static const char *order_rule(const struct vl_spec *s, const char *a, int m,
			      const char *b)
{
	static char out[256];
	struct vl_buf chain;
	struct vl_rule r;

	vl_buf_init(&chain);
	if (vl_spec_order_rule(s, vl_spec_class(s, a), m, vl_spec_class(s, b),
			       VL_MODE_WRITE, &r, &chain))
		snprintf(out, sizeof(out), "%s:%u: %s (%s)", r.file, r.line,
			 r.text, r.doc ? r.doc : "-");
	else
		snprintf(out, sizeof(out), "not before");
	vl_buf_free(&chain);
	return out;
}

/*
 * Every entry keeps where it is and its text for the findings it causes:
 * tokens with single spaces, without comments, the doc clause and the
 * ';'; the doc apart.  Annotations likewise, at their own position.  A
 * lock order through several entries names the fewest.
 */
static void test_rules(void)
{
	static const char *const params[] = { "mm" };
	struct vl_subject subj = { VL_SUBJ_FUNCTION, "g", NULL, params, 1 };
	struct vl_spec *s = parse_text(
		PRE "lock n: rwsem anonymous doc \"n doc\";\n"
		"lock o: rwsem anonymous; lock p: rwsem anonymous;\n"
		"function f(a) /* why */ requires m(a):write\n"
		"\t# more\n"
		"\tacquires sl(a) doc \"f doc\";\n"
		"field s.f requires m(this)   doc \"s.f doc\";\n"
		"order m < n doc \"mn\";\norder n < sl < o;\norder o < p;\n"
		"order m < p;\n"
		"forbid m under sl doc \"no\";\n");
	const struct vl_fnspec *fn;
	const struct vl_field_rule *fr;

	CHECK(vl_spec_parse_annotation(s, &subj, "requires  m(mm)", "x.c", 7,
				       3) == 0);
	CHECK(vl_spec_finish(s) == 0);
	fn = vl_spec_function(s, "f");
	CHECK(fn && fn->neffects == 2);
	if (fn && fn->neffects == 2) {
		CHECK(fn->effects[0].rule == fn->effects[1].rule);
		CHECK_STR(fn->effects[0].rule->file, "t.spec");
		CHECK(fn->effects[0].rule->line == 4);
		CHECK_STR(fn->effects[0].rule->text,
			  "function f(a) requires m(a):write acquires sl(a)");
		CHECK_STR(fn->effects[0].rule->doc, "f doc");
	}
	fr = vl_spec_field(s, "s", "f");
	CHECK(fr && fr->ncases == 1);
	if (fr && fr->ncases == 1) {
		CHECK_STR(fr->cases[0].rule->text,
			  "field s.f requires m(this)");
		CHECK_STR(fr->cases[0].rule->doc, "s.f doc");
	}
	CHECK_STR(vl_spec_class(s, "n")->rule->text, "lock n: rwsem anonymous");
	CHECK_STR(vl_spec_class(s, "n")->rule->doc, "n doc");
	CHECK(vl_spec_class(s, "o")->rule->doc == NULL);
	CHECK_STR(s->forbids[0].rule->text, "forbid m under sl");
	CHECK_STR(s->forbids[0].note, "no");
	fn = vl_spec_function(s, "g");
	CHECK(fn && fn->neffects == 1);
	if (fn && fn->neffects == 1) {
		CHECK_STR(fn->effects[0].rule->file, "x.c");
		CHECK(fn->effects[0].rule->line == 7);
		CHECK_STR(fn->effects[0].rule->text, "requires m(mm)");
	}

	/* One entry; two; the direct line m < p rather than three. */
	CHECK_STR(order_rule(s, "m", VL_MODE_WRITE, "n"),
		  "t.spec:8: order m < n (mn)");
	CHECK_STR(order_rule(s, "m", VL_MODE_READ, "o"),
		  "t.spec:8: order m < n; order n < sl < o (mn)");
	CHECK_STR(order_rule(s, "m", VL_MODE_WRITE, "p"),
		  "t.spec:11: order m < p (-)");
	CHECK_STR(order_rule(s, "p", VL_MODE_WRITE, "m"), "not before");
	vl_spec_free(s);
}

/* Errors about an order edge or a forbid point at the unknown name. */
static void test_unknown_class_positions(void)
{
	CHECK_ERRORS(PRE "order nosuch < m;\n",
		     "t.spec:2:7: error: unknown lock class 'nosuch' in "
		     "order\n");
	CHECK_ERRORS(PRE "forbid m under nosuch;\n",
		     "t.spec:2:16: error: unknown lock class 'nosuch'\n");
}

/* A character the lexer rejects between items is reported once. */
static void test_stray_character(void)
{
	CHECK_ERRORS(PRE "lock x: mutex anonymous;\n@\n",
		     "t.spec:3:1: error: unexpected character '@'\n");
}

static void test_files(void)
{
	const char *missing = "test_spec_missing.spec";
	const char *nul = "test_spec_nul.spec";
	const char *good = "test_spec_good.spec";
	static const char nul_text[] = "lock a: rwsem anonymous;\0lock b:"
				       " rwsem anonymous;\n";
	struct vl_spec *s;
	FILE *f;
	char *t;

	/* A missing file: one error without a line. */
	unlink(missing);
	s = vl_spec_new();
	CHECK(vl_spec_parse_file(s, missing) == 1);
	t = diags_text(s);
	CHECK_STR(t, "test_spec_missing.spec: error: cannot read spec file: "
		     "No such file or directory\n");
	free(t);
	CHECK_STR(s->name, missing);
	vl_spec_free(s);

	/* A file with a NUL byte is refused whole. */
	f = fopen(nul, "wb");
	CHECK(f != NULL);
	if (f) {
		fwrite(nul_text, 1, sizeof(nul_text) - 1, f);
		fclose(f);
	}
	s = vl_spec_new();
	CHECK(vl_spec_parse_file(s, nul) == 1);
	t = diags_text(s);
	CHECK_STR(t, "test_spec_nul.spec: error: spec file contains a NUL "
		     "byte (not a text file?)\n");
	free(t);
	CHECK(s->nclasses == 0);
	vl_spec_free(s);

	/* A good file: errors name it. */
	f = fopen(good, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("lock a: rwsem anonymous;\n\n"
		      "  lock a: mutex anonymous;\n", f);
		fclose(f);
	}
	s = vl_spec_new();
	CHECK(vl_spec_parse_file(s, good) == 1);
	t = diags_text(s);
	CHECK_STR(t, "test_spec_good.spec:3:8: error: lock class 'a' is "
		     "already declared at test_spec_good.spec:1\n");
	free(t);
	CHECK(s->nclasses == 1);
	vl_spec_free(s);
	unlink(nul);
	unlink(good);
}

/* Recovery, the error limit and positions in a multi-line text. */
static void test_recovery(void)
{
	struct vl_spec *s;
	struct vl_buf b;
	uint32_t n, i;
	const struct vl_diag *d;
	char *t;

	s = parse_text("lock a: rwsem anonymous;\n"
		       "lock b: rwsem nowhere;\n"
		       "\tfunction f(x) acquires a(x) when;\n"
		       "lock c: spinlock anonymous;\n"
		       "order a < ;\n"
		       "function g(x)\n"
		       "\trequires a(x) &\n"
		       "\t\t$;\n"
		       "field s.f requires c(this);\n"
		       "  forbid c under a\n"
		       "function h(x) releases a(x);\n"
		       "define d(v) = a(v);\n"
		       "field s.g requires d(this);\n");
	CHECK(vl_spec_finish(s) == 5);
	t = diags_text(s);
	CHECK_STR(t,
		  "t.spec:2:15: error: expected where the lock lives (field "
		  "REC.FIELD, object REC, path REC: &this->..., global NAME or anonymous), found "
		  "'nowhere'\n"
		  "t.spec:3:34: error: expected 'return', '*PATH' or "
		  "'FUNCTION(return)' in a 'when' condition, found ';'\n"
		  "t.spec:5:11: error: expected a lock class name after '<', "
		  "found ';'\n"
		  "t.spec:8:3: error: unexpected character '$'\n"
		  "t.spec:10:19: error: expected ';' at the end of the item, "
		  "found 'function'\n");
	free(t);
	CHECK(vl_spec_class(s, "a") && vl_spec_class(s, "c"));
	CHECK(!vl_spec_class(s, "b"));
	CHECK(!vl_spec_function(s, "f") && !vl_spec_function(s, "g"));
	CHECK(!vl_spec_function(s, "h"));
	CHECK(vl_spec_field(s, "s", "f") != NULL);
	CHECK(s->nforbids == 1);
	CHECK(s->ndefines == 1);
	CHECK(vl_spec_field(s, "s", "g") != NULL);
	vl_spec_free(s);

	/* At most 100 errors per text, one per item. */
	vl_buf_init(&b);
	for (i = 0; i < 300; i++)
		vl_buf_puts(&b, "lock ;\n");
	s = vl_spec_new();
	CHECK(vl_spec_parse(s, "t.spec", vl_buf_cstr(&b), b.len) == 100);
	d = vl_spec_diags(s, &n);
	CHECK(n == 100);
	CHECK(n == 100 && d[99].pos.line == 100 && d[99].pos.col == 6);
	/* ... and counted again for the next text */
	CHECK(vl_spec_parse(s, "u.spec", "lock ;", 6) == 1);
	vl_spec_free(s);

	/* The same for annotations. */
	s = vl_spec_new();
	{
		struct vl_subject subj;

		memset(&subj, 0, sizeof(subj));
		subj.kind = VL_SUBJ_NONE;
		CHECK(vl_spec_parse_annotation(s, &subj, vl_buf_cstr(&b),
					       "a.c", 1, 1) == 100);
	}
	vl_spec_free(s);
	vl_buf_free(&b);
}

/*
 * The limit of 100 errors per text holds within one item too (one line
 * of 500 '$' once gave 501 errors).
 */
static void test_error_limit_in_one_item(void)
{
	struct vl_buf b;
	struct vl_spec *s;
	uint32_t n, i;

	vl_buf_init(&b);
	vl_buf_puts(&b, "x ");
	for (i = 0; i < 500; i++)
		vl_buf_putc(&b, '$');
	vl_buf_puts(&b, ";\n");
	s = vl_spec_new();
	n = vl_spec_parse(s, "t.spec", vl_buf_cstr(&b), b.len);
	CHECK(n <= 100);
	vl_spec_diags(s, &n);
	CHECK(n <= 100);
	vl_spec_free(s);
	vl_buf_free(&b);
}

/* ---- the bundled spec ---- */

static void test_bundled(void)
{
	struct vl_spec *s = vl_spec_new();
	const struct vl_class *mmap, *vma, *ptl, *anon_vma, *i_mmap, *ptlock;
	const struct vl_fnspec *fn;
	const struct vl_field_rule *fr;
	uint32_t n;

	CHECK(vl_spec_parse_bundled(s) == 0);
	n = vl_spec_finish(s);
	CHECK(n == 0);
	if (n)
		dump_diags(s);
	CHECK_STR(s->name, "bundled:linux-6.12");
	CHECK(s->nclasses >= 8);

	mmap = vl_spec_class(s, "mmap");
	vma = vl_spec_class(s, "vma");
	ptl = vl_spec_class(s, "ptl");
	anon_vma = vl_spec_class(s, "anon_vma");
	i_mmap = vl_spec_class(s, "i_mmap");
	ptlock = vl_spec_class(s, "page_table_lock");
	CHECK(mmap && vma && ptl && anon_vma && i_mmap && ptlock);
	if (!(mmap && vma && ptl && anon_vma && i_mmap && ptlock)) {
		vl_spec_free(s);
		return;
	}
	CHECK(mmap->kind == VL_LK_RWSEM && mmap->where == VL_LW_FIELD);
	CHECK(vl_spec_field_class(s, "mm_struct", "mmap_lock") == mmap);
	/* 6.12: the VMA lock is the rwsem at vma->vm_lock->lock. */
	CHECK(vma->where == VL_LW_PATH && vma->flags ==
	      (VL_CF_REENTRANT_W | VL_CF_IMPLICIT_W));
	CHECK(vma->path && vma->path->nsteps == 2 &&
	      strcmp(vma->path->steps[0].field, "vm_lock") == 0 &&
	      strcmp(vma->path->steps[1].field, "lock") == 0);
	CHECK_STR(vma->display, "VMA");
	CHECK(ptl->kind == VL_LK_SPINLOCK && ptl->where == VL_LW_ANON);
	CHECK_STR(mmap->pos.file, "annotations/linux-6.12.spec");

	/* mmap < vma < i_mmap < anon_vma < page_table_lock, anon_vma < ptl */
	CHECK(vl_spec_before(s, mmap, VL_MODE_WRITE, ptlock, VL_MODE_WRITE));
	CHECK(vl_spec_before(s, mmap, VL_MODE_WRITE, ptl, VL_MODE_WRITE));
	CHECK(vl_spec_before(s, vma, VL_MODE_WRITE, anon_vma, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, ptl, VL_MODE_WRITE, mmap, VL_MODE_WRITE));
	CHECK(!vl_spec_before(s, ptlock, VL_MODE_WRITE, ptl, VL_MODE_WRITE));
	CHECK(s->nforbids == 1 && s->forbids[0].inner == mmap &&
	      s->forbids[0].outer == vma &&
	      s->forbids[0].outer_mode == VL_MODE_READ);

	fn = vl_spec_function(s, "mmap_write_unlock");
	CHECK(fn && fn->neffects == 3 && vl_fnspec_is_primitive(fn));
	CHECK(fn && fn->neffects == 3 &&
	      fn->effects[1].lock.owner.root == VL_ROOT_WILD &&
	      fn->effects[1].lock.cls == vma);
	fn = vl_spec_function(s, "mmap_read_trylock");
	CHECK(fn && fn->neffects == 1 && fn->effects[0].when.present &&
	      fn->effects[0].when.pred == VL_P_NE);
	fn = vl_spec_function(s, "mmap_write_lock_killable");
	CHECK(fn && fn->neffects == 1 && fn->effects[0].when.present &&
	      fn->effects[0].when.pred == VL_P_EQ &&
	      fn->effects[0].when.k == 0);
	fn = vl_spec_function(s, "lock_vma_under_rcu");
	CHECK(fn && fn->neffects == 1 &&
	      fn->effects[0].lock.owner.root == VL_ROOT_RETURN &&
	      fn->effects[0].lock.mode == VL_MODE_READ);
	fn = vl_spec_function(s, "pte_offset_map_lock");
	CHECK(fn && fn->neffects == 2 &&
	      fn->effects[0].lock.owner.param == 3 &&
	      strcmp(fn->effects[0].lock.owner.prefix, "*") == 0);
	fn = vl_spec_function(s, "vma_start_write");
	CHECK(fn && fn->neffects == 2 &&
	      fn->effects[0].kind == VL_EFF_REQUIRE &&
	      strcmp(req_str(fn->effects[0].req, fn->params),
		     "mmap(vma->vm_mm):write | unpublished(vma)") == 0);
	fn = vl_spec_function(s, "spin_lock_irqsave");
	CHECK(fn && fn->is_macro && fn->effects[0].lock.cls == NULL);
	fn = vl_spec_function(s, "get_current");
	CHECK(fn && fn->pure && !vl_fnspec_is_primitive(fn));
	fn = vl_spec_function(s, "find_vma");
	CHECK(fn && !vl_fnspec_is_primitive(fn));

	fr = vl_spec_field(s, "vm_area_struct", "vm_start");
	CHECK(fr && fr->ncases == 1 &&
	      strcmp(req_str(fr->cases[0].req, NULL),
		     "mmap(this->vm_mm):write & vma(this):write & "
		     "each(this->vm_file: i_mmap(this->vm_file->f_mapping):write, "
		     "this->anon_vma: anon_vma(this->anon_vma->root):write)") == 0);
	fr = vl_spec_field(s, "vm_area_struct", "vm_file");
	CHECK(fr && fr->unchecked);
	fr = vl_spec_field(s, "vm_area_struct", "anon_vma");
	CHECK(fr && fr->ncases == 3 && fr->cases[0].from == VL_VAL_NULL &&
	      fr->cases[0].to == VL_VAL_NONNULL);
	CHECK(fr && fr->ncases == 3 &&
	      strcmp(req_str(fr->cases[0].req, NULL),
		     "mmap(this->vm_mm):read & page_table_lock(this->vm_mm) "
		     "| mmap(this->vm_mm):write & vma(this):write") == 0);
	/* a write inside shared.rb is covered by the shared.rb rule */
	CHECK(vl_spec_field(s, "vm_area_struct", "shared.rb.__rb_parent_color")
	      == vl_spec_field(s, "vm_area_struct", "shared.rb"));
	CHECK(vl_spec_field(s, "vm_area_struct", "shared.rb") != NULL);
	vl_spec_free(s);

	/* Same text, same hash; another text, another hash. */
	{
		struct vl_spec *a = vl_spec_new(), *b = vl_spec_new();

		vl_spec_parse_bundled(a);
		vl_spec_parse_bundled(b);
		CHECK(a->hash == b->hash);
		vl_spec_parse(b, "x", "lock z: mutex anonymous;", 24);
		CHECK(a->hash != b->hash);
		vl_spec_free(a);
		vl_spec_free(b);
	}
}

/* ---- robustness ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return (uint32_t)(x >> 16);
}

static const char *volatile fuzz_case = "";

static void crash_handler(int sig)
{
	const char *c = fuzz_case;

	(void)!write(2, "crashed on: ", 12);
	(void)!write(2, c, strlen(c));
	(void)!write(2, "\n", 1);
	raise(sig);
}

/* Name the input on a crash, even a stack overflow (alternate stack). */
static void install_crash_handler(void)
{
	static char altstack[1 << 16];
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
	struct sigaction sa;
	stack_t ss;
	size_t i;

	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = crash_handler;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < VL_ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static const char *const fuzz_tokens[] = {
	"lock", "function", "macro", "field", "order", "forbid", "define",
	"acquires", "releases", "downgrades", "asserts", "requires", "pure",
	"doc", "when", "return", "this", "nothing", "null", "nonnull", "any",
	"rwsem", "spinlock", "mutex", "rcu", "other", "rwlock", "object",
	"global", "anonymous", "reentrant", "implicit_release", "unify_owners",
	"display", "under", "read", "write", "NULL", "true", "false", "mm",
	"vma", "mmap", "x", "(", ")", ",", ";", ":", ".", "->", "&", "|",
	"*", "<", "=", "==", "!=", "!", "...", "0", "-1", "0x10", "\"s\"",
	"\"", "/*", "*/", "#", "\n", "$", "@", "mmap(mm):write",
};

/* Random inputs; returns the number of bad results. */
static int fuzz_all(void)
{
	const char *spec = vl_bundled_spec;
	size_t len = vl_bundled_spec_len;
	char *buf = malloc(len + 1);
	char desc[128];
	int bad = 0;
	size_t i, j;

	if (!buf)
		return 1;
	fuzz_case = desc;
	/* Random bytes, from a spec-like alphabet and from all bytes. */
	for (i = 0; i < 400; i++) {
		static const char alpha[] =
			"lockfunctiondefr_(),;:.->&|*<=!\"/# \t\n"
			"0123456789mmapvmathisreturn";
		char t[256];
		size_t n = rnd() % 255;

		for (j = 0; j < n; j++)
			t[j] = i % 2 ? (char)(rnd() % 256) :
				       alpha[rnd() % (sizeof(alpha) - 1)];
		t[n] = '\0';
		snprintf(desc, sizeof(desc), "random bytes #%zu", i);
		bad += vl_spec_exercise(t, n);
	}
	/* Random token sequences. */
	for (i = 0; i < 600; i++) {
		struct vl_buf b;
		size_t n = 1 + rnd() % 60;

		vl_buf_init(&b);
		for (j = 0; j < n; j++) {
			size_t k = rnd() % VL_ARRAY_SIZE(fuzz_tokens);

			vl_buf_puts(&b, fuzz_tokens[k]);
			vl_buf_putc(&b, rnd() % 3 ? ' ' : '\n');
		}
		snprintf(desc, sizeof(desc), "token soup #%zu", i);
		bad += vl_spec_exercise(vl_buf_cstr(&b), b.len);
		vl_buf_free(&b);
	}
	/* Truncated prefixes of the bundled spec. */
	for (i = 0; i <= len; i += 1 + rnd() % 13) {
		memcpy(buf, spec, i);
		buf[i] = '\0';
		snprintf(desc, sizeof(desc), "bundled prefix of %zu bytes", i);
		bad += vl_spec_exercise(buf, i);
	}
	/* The bundled spec with a few bytes changed. */
	for (i = 0; i < 200; i++) {
		size_t k, nchg = 1 + rnd() % 6;

		memcpy(buf, spec, len);
		buf[len] = '\0';
		for (k = 0; k < nchg; k++) {
			size_t at = rnd() % len;
			static const char repl[] = "();,:&|*<>-\"#/ x0\n";

			buf[at] = repl[rnd() % (sizeof(repl) - 1)];
		}
		snprintf(desc, sizeof(desc), "mutated bundled spec #%zu", i);
		bad += vl_spec_exercise(buf, len);
	}
	free(buf);
	fuzz_case = "";
	return bad;
}

/* Run fn in a child process: 0 if it exited with status 0. */
static int in_child(int (*fn)(void))
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		install_crash_handler();
		_exit(fn() ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "child killed by signal %d\n",
			WTERMSIG(status));
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Deeply nested parentheses in a requirement. */
static int deep_nesting(void)
{
	const size_t depth = 200000;
	struct vl_buf b;
	struct vl_spec *s;
	size_t i;
	uint32_t n;

	fuzz_case = "200000 nested parentheses";
	vl_buf_init(&b);
	vl_buf_puts(&b, "lock m: mutex anonymous;\nfunction f(a) requires ");
	for (i = 0; i < depth; i++)
		vl_buf_putc(&b, '(');
	vl_buf_puts(&b, "m(a)");
	for (i = 0; i < depth; i++)
		vl_buf_putc(&b, ')');
	vl_buf_puts(&b, ";\n");
	s = vl_spec_new();
	vl_spec_parse(s, "deep.spec", vl_buf_cstr(&b), b.len);
	vl_spec_finish(s);
	vl_spec_diags(s, &n);
	vl_spec_free(s);
	vl_buf_free(&b);
	return 0;
}

static void test_robustness(void)
{
	/* In a child process: a crash is a failed check naming the input,
	 * not the end of this test. */
	CHECK(in_child(fuzz_all) == 0);
	/*
	 * Deeply nested parentheses are an error, not a stack overflow.
	 */
	CHECK(in_child(deep_nesting) == 0);
}

int main(void)
{
	test_classes();
	test_functions();
	test_fields();
	test_order_forbid();
	test_defines();
	test_annotations();
	test_field_annotations_add_up();
	test_annotation_errors();
	test_errors();
	test_wildcard_in_requires();
	test_entry();
	test_lock_in_fields();
	test_callback_leaves();
	test_rules();
	test_unknown_class_positions();
	test_stray_character();
	test_files();
	test_recovery();
	test_error_limit_in_one_item();
	test_bundled();
	test_robustness();
	return vl_test_done("test_spec");
}
