/*
 * The spec container: adding parsed items, resolving and checking them
 * (vl_spec_finish), lookups for the analysis, and text forms.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "spec.h"
#include "spec_int.h"

extern const char vl_bundled_spec[];
extern const size_t vl_bundled_spec_len;

#define BUNDLED_SPEC_NAME "annotations/linux-6.12.spec"

/* A string-keyed hash table (keys are compared by content). */
struct strmap {
	const char **keys;
	void **vals;
	uint32_t nslots;
	uint32_t count;
};

struct vl_spec_index {
	struct strmap fns;
	struct strmap fields;	/* "rec.field" */
	struct strmap classes;
};

static uint32_t strmap_slot(const struct strmap *m, const char *k)
{
	uint32_t mask = m->nslots - 1;
	uint32_t i = (uint32_t)vl_hash_str(VL_HASH_INIT, k) & mask;

	while (m->keys[i] && strcmp(m->keys[i], k) != 0)
		i = (i + 1) & mask;
	return i;
}

static void strmap_init(struct strmap *m, uint32_t expect)
{
	m->nslots = 16;
	while (m->nslots < expect * 2 + 2)
		m->nslots *= 2;
	m->keys = vl_xcalloc(m->nslots, sizeof(*m->keys));
	m->vals = vl_xcalloc(m->nslots, sizeof(*m->vals));
	m->count = 0;
}

static void strmap_put(struct strmap *m, const char *k, void *v)
{
	uint32_t i = strmap_slot(m, k);

	if (!m->keys[i])
		m->count++;
	m->keys[i] = k;
	m->vals[i] = v;
}

static void *strmap_get(const struct strmap *m, const char *k)
{
	uint32_t i;

	if (!m->nslots || !k)
		return NULL;
	i = strmap_slot(m, k);
	return m->keys[i] ? m->vals[i] : NULL;
}

static void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- lifetime ---- */

struct vl_spec *vl_spec_new(void)
{
	struct vl_spec *s = vl_xcalloc(1, sizeof(*s));

	vl_strtab_init(&s->strs);
	vl_arena_init(&s->arena);
	s->hash = VL_HASH_INIT;
	s->name = "";
	return s;
}

static void index_free(struct vl_spec *s)
{
	if (!s->index)
		return;
	strmap_free(&s->index->fns);
	strmap_free(&s->index->fields);
	strmap_free(&s->index->classes);
	free(s->index);
	s->index = NULL;
}

void vl_spec_free(struct vl_spec *s)
{
	uint32_t i;

	if (!s)
		return;
	index_free(s);
	for (i = 0; i < s->ndiags; i++)
		free(s->diags[i].msg);
	free(s->diags);
	free(s->classes);
	free(s->fns);
	free(s->fields);
	free(s->defines);
	free(s->orders);
	free(s->forbids);
	free(s->callbacks);
	free(s->before);
	free(s->order_arcs);
	vl_arena_free(&s->arena);
	vl_strtab_free(&s->strs);
	free(s);
}

/* ---- diagnostics ---- */

void vl_spec_vdiag(struct vl_spec *s, struct vl_pos pos, const char *fmt,
		   va_list ap)
{
	struct vl_diag *d = &VL_PUSH(s->diags, s->ndiags, s->capdiags);
	struct vl_buf b;

	vl_buf_init(&b);
	vl_buf_vprintf(&b, fmt, ap);
	d->pos = pos;
	d->msg = vl_buf_steal(&b);
}

void vl_spec_diag(struct vl_spec *s, struct vl_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vl_spec_vdiag(s, pos, fmt, ap);
	va_end(ap);
}

const struct vl_diag *vl_spec_diags(const struct vl_spec *s, uint32_t *n)
{
	*n = s->ndiags;
	return s->diags;
}

void vl_spec_format_diags(const struct vl_spec *s, struct vl_buf *b)
{
	uint32_t i;

	for (i = 0; i < s->ndiags; i++) {
		const struct vl_diag *d = &s->diags[i];

		if (d->pos.line)
			vl_buf_printf(b, "%s:%u:%u: error: %s\n", d->pos.file,
				      d->pos.line, d->pos.col, d->msg);
		else
			vl_buf_printf(b, "%s: error: %s\n", d->pos.file,
				      d->msg);
	}
}

/* ---- adding items ---- */

void vl_spec_add_class(struct vl_spec *s, struct vl_class *c)
{
	uint32_t i;

	for (i = 0; i < s->nclasses; i++) {
		if (s->classes[i]->name == c->name) {
			vl_spec_diag(s, c->pos,
				     "lock class '%s' is already declared at %s:%u",
				     c->name, s->classes[i]->pos.file,
				     s->classes[i]->pos.line);
			return;
		}
	}
	if (strcmp(c->name, "lock") == 0 || strcmp(c->name, "nothing") == 0) {
		vl_spec_diag(s, c->pos, "'%s' is reserved and cannot name a lock class",
			     c->name);
		return;
	}
	c->id = s->nclasses;
	VL_PUSH(s->classes, s->nclasses, s->capclasses) = c;
}

void vl_spec_add_function(struct vl_spec *s, struct vl_fnspec *fn)
{
	uint32_t i;

	for (i = 0; i < s->nfns; i++) {
		struct vl_fnspec *old = s->fns[i];

		if (old->name != fn->name)
			continue;
		if (fn->from_source && !old->from_source) {
			/* The source's own annotation replaces the spec file. */
			s->fns[i] = fn;
			return;
		}
		if (fn->from_source && old->from_source) {
			/* Several annotations on one function add up. */
			struct vl_effect *e = vl_arena_alloc(
				&s->arena,
				sizeof(*e) * (old->neffects + fn->neffects + 1));

			if (old->neffects)
				memcpy(e, old->effects,
				       sizeof(*e) * old->neffects);
			if (fn->neffects)
				memcpy(e + old->neffects, fn->effects,
				       sizeof(*e) * fn->neffects);
			old->effects = e;
			old->neffects += fn->neffects;
			old->pure |= fn->pure;
			return;
		}
		if (!fn->from_source && old->from_source)
			return;
		vl_spec_diag(s, fn->pos,
			     "%s '%s' is already described at %s:%u",
			     fn->is_macro ? "macro" : "function", fn->name,
			     old->pos.file, old->pos.line);
		return;
	}
	VL_PUSH(s->fns, s->nfns, s->capfns) = fn;
}

void vl_spec_add_field(struct vl_spec *s, struct vl_field_rule *fr)
{
	uint32_t i;

	for (i = 0; i < s->nfields; i++) {
		struct vl_field_rule *old = s->fields[i];

		if (old->rec != fr->rec || old->field != fr->field)
			continue;
		if (fr->from_source && !old->from_source) {
			s->fields[i] = fr;
			return;
		}
		if (fr->from_source && old->from_source && !fr->unchecked &&
		    !old->unchecked) {
			/* Several annotations on one field add cases. */
			struct vl_field_case *c = vl_arena_alloc(
				&s->arena,
				sizeof(*c) * (old->ncases + fr->ncases + 1));

			if (old->ncases)
				memcpy(c, old->cases,
				       sizeof(*c) * old->ncases);
			if (fr->ncases)
				memcpy(c + old->ncases, fr->cases,
				       sizeof(*c) * fr->ncases);
			old->cases = c;
			old->ncases += fr->ncases;
			return;
		}
		if (!fr->from_source && old->from_source)
			return;
		vl_spec_diag(s, fr->pos,
			     "field %s.%s already has a rule at %s:%u",
			     fr->rec, fr->field, old->pos.file, old->pos.line);
		return;
	}
	VL_PUSH(s->fields, s->nfields, s->capfields) = fr;
}

void vl_spec_add_order(struct vl_spec *s, const struct vl_order_edge *e)
{
	VL_PUSH(s->orders, s->norders, s->caporders) = *e;
}

void vl_spec_add_forbid(struct vl_spec *s, const struct vl_forbid *f)
{
	VL_PUSH(s->forbids, s->nforbids, s->capforbids) = *f;
}

void vl_spec_add_define(struct vl_spec *s, struct vl_define *d)
{
	uint32_t i;

	for (i = 0; i < s->ndefines; i++) {
		if (s->defines[i]->name == d->name) {
			vl_spec_diag(s, d->pos,
				     "'%s' is already defined at %s:%u",
				     d->name, s->defines[i]->pos.file,
				     s->defines[i]->pos.line);
			return;
		}
	}
	VL_PUSH(s->defines, s->ndefines, s->capdefines) = d;
}

void vl_spec_add_callback(struct vl_spec *s, struct vl_callback *cb)
{
	VL_PUSH(s->callbacks, s->ncallbacks, s->capcallbacks) = cb;
}

/* ---- parsing entry points ---- */

uint32_t vl_spec_parse_bundled(struct vl_spec *s)
{
	s->name = "bundled:linux-6.12";
	return vl_spec_parse(s, BUNDLED_SPEC_NAME, vl_bundled_spec,
			     vl_bundled_spec_len);
}

uint32_t vl_spec_parse_file(struct vl_spec *s, const char *path)
{
	size_t len;
	char *text = vl_read_file(path, &len);
	uint32_t n;

	s->name = vl_intern(&s->strs, path);
	if (!text) {
		struct vl_pos pos = { vl_intern(&s->strs, path), 0, 0 };

		vl_spec_diag(s, pos, "cannot read spec file: %s",
			     strerror(errno));
		return 1;
	}
	if (memchr(text, '\0', len)) {
		struct vl_pos pos = { vl_intern(&s->strs, path), 0, 0 };

		vl_spec_diag(s, pos, "spec file contains a NUL byte (not a text file?)");
		free(text);
		return 1;
	}
	n = vl_spec_parse(s, path, text, len);
	free(text);
	return n;
}

/* ---- resolution ---- */

const struct vl_class *vl_spec_class(const struct vl_spec *s,
				     const char *name)
{
	uint32_t i;

	if (s->index)
		return strmap_get(&s->index->classes, name);
	for (i = 0; i < s->nclasses; i++) {
		if (strcmp(s->classes[i]->name, name) == 0)
			return s->classes[i];
	}
	return NULL;
}

static const struct vl_define *find_define(const struct vl_spec *s,
					   const char *name)
{
	uint32_t i;

	for (i = 0; i < s->ndefines; i++) {
		if (strcmp(s->defines[i]->name, name) == 0)
			return s->defines[i];
	}
	return NULL;
}

bool vl_class_has_modes(const struct vl_class *c)
{
	return c->kind == VL_LK_RWSEM || c->kind == VL_LK_RWLOCK ||
	       c->kind == VL_LK_RCU || c->kind == VL_LK_OTHER;
}

/* Resolve a lockref's class and check its owner and mode. */
static void resolve_lockref(struct vl_spec *s, struct vl_lockref *l)
{
	if (strcmp(l->cls_name, "lock") == 0) {
		l->cls = NULL;
		if (l->owner.root == VL_ROOT_NONE)
			vl_spec_diag(s, l->pos,
				     "lock() needs the address of the lock, e.g. lock(&mm->mmap_lock)");
		return;
	}
	l->cls = vl_spec_class(s, l->cls_name);
	if (!l->cls) {
		vl_spec_diag(s, l->pos, "unknown lock class '%s'", l->cls_name);
		return;
	}
	if (l->cls->where == VL_LW_GLOBAL && l->owner.root != VL_ROOT_NONE &&
	    l->owner.root != VL_ROOT_WILD)
		vl_spec_diag(s, l->pos,
			     "lock class '%s' is a global lock and takes no owner: write %s()",
			     l->cls->name, l->cls->name);
	if (l->owner.root == VL_ROOT_WILD && l->owner.prefix[0]) {
		vl_spec_diag(s, l->pos, "the wildcard owner '*' takes no '&' or '*'");
		return;
	}
	if (l->cls->where != VL_LW_GLOBAL && l->owner.root == VL_ROOT_NONE)
		vl_spec_diag(s, l->pos,
			     "lock class '%s' needs an owner, e.g. %s(%s)",
			     l->cls->name, l->cls->name,
			     l->cls->where == VL_LW_ANON ? "ptl" : "obj");
	if (l->mode == VL_MODE_READ && !vl_class_has_modes(l->cls))
		vl_spec_diag(s, l->pos,
			     "lock class '%s' is exclusive and has no read mode",
			     l->cls->name);
}

/* Substitute define parameters: a path rooted at parameter i becomes
 * args[i] followed by the path's own steps. */
static bool subst_path(struct vl_spec *s, const struct vl_path *in,
		       const struct vl_path *args, uint32_t nargs,
		       struct vl_path *out, struct vl_pos pos)
{
	const struct vl_path *a;

	*out = *in;
	/* Without arguments, parameters are the function's own. */
	if (in->root != VL_ROOT_PARAM || !args)
		return true;
	if (in->param >= nargs) {
		vl_spec_diag(s, pos, "define parameter out of range");
		return false;
	}
	a = &args[in->param];
	if (a->prefix[0] && in->nsteps) {
		vl_spec_diag(s, pos,
			     "an argument with '&' or '*' cannot be followed by fields in the define");
		return false;
	}
	out->root = a->root;
	out->param = a->param;
	out->global = a->global;
	out->nsteps = a->nsteps + in->nsteps;
	out->steps = vl_arena_alloc(&s->arena,
				    sizeof(*out->steps) * (out->nsteps + 1));
	if (a->nsteps)
		memcpy(out->steps, a->steps, sizeof(*a->steps) * a->nsteps);
	if (in->nsteps)
		memcpy(out->steps + a->nsteps, in->steps,
		       sizeof(*in->steps) * in->nsteps);
	if (a->prefix[0]) {
		struct vl_buf b;

		vl_buf_init(&b);
		vl_buf_printf(&b, "%s%s", in->prefix, a->prefix);
		out->prefix = vl_intern(&s->strs, vl_buf_cstr(&b));
		vl_buf_free(&b);
	}
	return true;
}

/*
 * A field rule's requirement, or "unpublished(this)": a new object
 * nobody else sees is written without locks, and a callee's write to
 * one passes that exemption on to its callers with the locks.
 */
static struct vl_req *or_unpublished(struct vl_spec *s, struct vl_req *r)
{
	struct vl_req *priv, *n;

	if (r->kind == VL_REQ_TRUE)
		return r;

	priv = vl_arena_alloc(&s->arena, sizeof(*priv));
	memset(priv, 0, sizeof(*priv));
	priv->kind = VL_REQ_PRIVATE;
	priv->pos = r->pos;
	priv->use_args = vl_arena_alloc(&s->arena, sizeof(*priv->use_args));
	memset(priv->use_args, 0, sizeof(*priv->use_args));
	priv->use_args[0].root = VL_ROOT_THIS;
	priv->use_args[0].prefix = vl_intern(&s->strs, "");
	priv->nuse_args = 1;
	n = vl_arena_alloc(&s->arena, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->kind = VL_REQ_OR;
	n->pos = r->pos;
	n->subs = vl_arena_alloc(&s->arena, sizeof(*n->subs) * 2);
	n->subs[0] = r;
	n->subs[1] = priv;
	n->nsubs = 2;
	return n;
}

/*
 * Copy a requirement, substituting define parameters (args may be NULL)
 * and expanding uses of defines and classes.  depth guards recursion.
 */
static struct vl_req *expand_req(struct vl_spec *s, const struct vl_req *r,
				 const struct vl_path *args, uint32_t nargs,
				 int depth)
{
	struct vl_req *n = vl_arena_alloc(&s->arena, sizeof(*n));
	uint32_t i;

	*n = *r;
	if (depth > 16) {
		if (!s->define_overflow)
			vl_spec_diag(s, r->pos,
				     "defines nest too deeply (recursive define?)");
		s->define_overflow = true;
		n->kind = VL_REQ_TRUE;
		return n;
	}
	if (s->define_overflow && depth > 0) {
		n->kind = VL_REQ_TRUE;
		return n;
	}
	switch (r->kind) {
	case VL_REQ_TRUE:
		return n;
	case VL_REQ_LOCK:
		subst_path(s, &r->lock.owner, args, nargs, &n->lock.owner,
			   r->pos);
		return n;
	case VL_REQ_PRIVATE:
	case VL_REQ_CLASS:
		n->use_args = vl_arena_alloc(&s->arena, sizeof(*n->use_args));
		subst_path(s, &r->use_args[0], args, nargs, &n->use_args[0],
			   r->pos);
		return n;
	case VL_REQ_EACH:
		n->guards = vl_arena_alloc(&s->arena,
					   sizeof(*n->guards) * r->nsubs);
		for (i = 0; i < r->nsubs; i++)
			subst_path(s, &r->guards[i], args, nargs, &n->guards[i],
				   r->pos);
		/* fall through */
	case VL_REQ_AND:
	case VL_REQ_OR:
		n->subs = vl_arena_alloc(&s->arena,
					 sizeof(*n->subs) * r->nsubs);
		for (i = 0; i < r->nsubs; i++) {
			n->subs[i] = expand_req(s, r->subs[i], args, nargs,
						depth);
			if (r->kind == VL_REQ_EACH &&
			    n->subs[i]->kind != VL_REQ_LOCK &&
			    n->subs[i]->kind != VL_REQ_TRUE)
				vl_spec_diag(s, r->subs[i]->pos,
					     "each() takes one lock per guard");
		}
		return n;
	case VL_REQ_USE:
		break;
	}
	/* A use: a lock class, lock(...), or a define. */
	{
		struct vl_path *uargs = vl_arena_alloc(
			&s->arena, sizeof(*uargs) * (r->nuse_args + 1));
		const struct vl_define *d;

		for (i = 0; i < r->nuse_args; i++)
			subst_path(s, &r->use_args[i], args, nargs, &uargs[i],
				   r->pos);
		if (strcmp(r->use, "unpublished") == 0) {
			if (r->nuse_args != 1 || r->lock.mode != VL_MODE_ANY) {
				vl_spec_diag(s, r->pos,
					     "unpublished() takes one object and no mode");
				n->kind = VL_REQ_TRUE;
				return n;
			}
			n->kind = VL_REQ_PRIVATE;
			n->use_args = uargs;
			return n;
		}
		if (strcmp(r->use, "lock") == 0 || vl_spec_class(s, r->use)) {
			if (r->nuse_args > 1) {
				vl_spec_diag(s, r->pos,
					     "a lock takes one owner: %s(owner)",
					     r->use);
				n->kind = VL_REQ_TRUE;
				return n;
			}
			n->kind = VL_REQ_LOCK;
			n->lock.cls_name = r->use;
			n->lock.pos = r->pos;
			if (r->nuse_args == 1) {
				n->lock.owner = uargs[0];
			} else {
				memset(&n->lock.owner, 0,
				       sizeof(n->lock.owner));
				n->lock.owner.root = VL_ROOT_NONE;
				n->lock.owner.prefix = "";
			}
			resolve_lockref(s, &n->lock);
			return n;
		}
		d = find_define(s, r->use);
		if (!d) {
			vl_spec_diag(s, r->pos,
				     "'%s' is neither a lock class nor a define",
				     r->use);
			n->kind = VL_REQ_TRUE;
			return n;
		}
		if (d->nparams != r->nuse_args) {
			vl_spec_diag(s, r->pos,
				     "'%s' takes %u argument%s, not %u", d->name,
				     d->nparams, d->nparams == 1 ? "" : "s",
				     r->nuse_args);
			n->kind = VL_REQ_TRUE;
			return n;
		}
		if (r->lock.mode != VL_MODE_ANY)
			vl_spec_diag(s, r->pos,
				     "a mode cannot follow the define '%s'; put modes inside it",
				     d->name);
		return expand_req(s, d->body, uargs, r->nuse_args, depth + 1);
	}
}

static void check_root(struct vl_spec *s, const struct vl_path *p,
		       struct vl_pos pos, bool in_field)
{
	if (in_field && (p->root == VL_ROOT_PARAM || p->root == VL_ROOT_RETURN))
		vl_spec_diag(s, pos, "a field rule can only use 'this' and globals");
	if (!in_field && p->root == VL_ROOT_THIS)
		vl_spec_diag(s, pos, "'this' is only meaningful in field rules");
}

static void check_req_roots(struct vl_spec *s, const struct vl_req *r,
			    bool in_field)
{
	uint32_t i;

	if (r->kind == VL_REQ_LOCK)
		check_root(s, &r->lock.owner, r->pos, in_field);
	if (r->kind == VL_REQ_PRIVATE)
		check_root(s, &r->use_args[0], r->pos, in_field);
	for (i = 0; r->kind == VL_REQ_EACH && i < r->nsubs; i++)
		check_root(s, &r->guards[i], r->pos, in_field);
	for (i = 0; i < r->nsubs; i++)
		check_req_roots(s, r->subs[i], in_field);
}

/* A callback's "holds": alternatives (|) of conjunctions (&) of locks
 * and of objects the callers pass unpublished. */
static bool holds_atom(const struct vl_req *r)
{
	return r->kind == VL_REQ_LOCK || r->kind == VL_REQ_TRUE ||
	       r->kind == VL_REQ_PRIVATE;
}

static void check_dnf(struct vl_spec *s, const struct vl_req *r,
		      struct vl_pos pos)
{
	uint32_t i, j;

	if (r->kind == VL_REQ_OR) {
		for (i = 0; i < r->nsubs; i++)
			check_dnf(s, r->subs[i], pos);
		return;
	}
	if (r->kind == VL_REQ_AND) {
		for (j = 0; j < r->nsubs; j++)
			if (!holds_atom(r->subs[j]))
				vl_spec_diag(s, r->subs[j]->pos,
					     "'holds' lists alternatives of locks: A & B | C");
		return;
	}
	if (!holds_atom(r))
		vl_spec_diag(s, r->pos,
			     "'holds' lists alternatives of locks: A & B | C");
}

static void build_order(struct vl_spec *s)
{
	s->norder_arcs = 0;
	uint32_t n = 2 * s->nclasses, i, j, k;
	uint8_t *b = vl_xcalloc((size_t)n * n + 1, 1);

	for (i = 0; i < s->norders; i++) {
		struct vl_order_edge *e = &s->orders[i];
		struct vl_order_arc *arc;
		uint32_t x, y;
		int ma, mb;

		e->before = vl_spec_class(s, e->before_name);
		e->after = vl_spec_class(s, e->after_name);
		if (!e->before)
			vl_spec_diag(s, e->before_pos,
				     "unknown lock class '%s' in order",
				     e->before_name);
		if (!e->after)
			vl_spec_diag(s, e->after_pos,
				     "unknown lock class '%s' in order",
				     e->after_name);
		if (!e->before || !e->after)
			continue;
		/* Without a mode (or for an exclusive class) an edge holds
		 * for both modes. */
		for (ma = 0; ma < 2; ma++)
			for (mb = 0; mb < 2; mb++) {
				if (e->before_mode != VL_MODE_ANY &&
				    vl_class_has_modes(e->before) &&
				    ma != (e->before_mode == VL_MODE_WRITE))
					continue;
				if (e->after_mode != VL_MODE_ANY &&
				    vl_class_has_modes(e->after) &&
				    mb != (e->after_mode == VL_MODE_WRITE))
					continue;
				x = 2 * e->before->id + ma;
				y = 2 * e->after->id + mb;
				b[x * n + y] = 1;
				arc = &VL_PUSH(s->order_arcs, s->norder_arcs,
					       s->caporder_arcs);
				arc->from = x;
				arc->to = y;
				arc->rule = e->rule;
			}
	}
	for (k = 0; k < n; k++)
		for (i = 0; i < n; i++)
			if (b[i * n + k])
				for (j = 0; j < n; j++)
					if (b[k * n + j])
						b[i * n + j] = 1;
	for (i = 0; i < s->nclasses; i++) {
		const struct vl_class *c = s->classes[i];
		uint32_t r = 2 * i, w = 2 * i + 1, e;

		if (!b[r * n + r] && !b[w * n + w])
			continue;
		for (e = 0; e < s->norders; e++)
			if (s->orders[e].before == c)
				break;
		vl_spec_diag(s, e < s->norders ? s->orders[e].pos : c->pos,
			     "lock order is cyclic: '%s' comes before itself",
			     c->name);
	}
	free(s->before);
	s->before = b;
}

uint32_t vl_spec_finish(struct vl_spec *s)
{
	uint32_t i, j;
	struct vl_buf key;

	index_free(s);
	vl_buf_init(&key);
	/* Functions: classes and requirements. */
	for (i = 0; i < s->nfns; i++) {
		struct vl_fnspec *fn = s->fns[i];

		for (j = 0; j < fn->npublishes; j++)
			check_root(s, &fn->publishes[j], fn->pos, false);
		if (fn->returns) {
			check_root(s, fn->returns, fn->pos, false);
			if (fn->returns->root == VL_ROOT_RETURN)
				vl_spec_diag(s, fn->pos,
					     "'returns' names the result with a path that does not use 'return'");
		}
		for (j = 0; j < fn->nimplies; j++)
			check_root(s, &fn->implies[j].path, fn->implies[j].pos,
				   false);
		for (j = 0; j < fn->neffects; j++) {
			struct vl_effect *e = &fn->effects[j];

			if (e->kind == VL_EFF_WRITE) {
				check_root(s, &e->target, e->pos, false);
				continue;
			}
			if (e->kind == VL_EFF_REQUIRE) {
				e->req = expand_req(s, e->req, NULL, 0, 0);
				check_req_roots(s, e->req, false);
				continue;
			}
			resolve_lockref(s, &e->lock);
			check_root(s, &e->lock.owner, e->lock.pos, false);
			if (e->kind == VL_EFF_DOWNGRADE && e->lock.cls &&
			    !vl_class_has_modes(e->lock.cls))
				vl_spec_diag(s, e->lock.pos,
					     "lock class '%s' has no read mode to downgrade to",
					     e->lock.cls->name);
		}
	}
	for (i = 0; i < s->nfields; i++) {
		struct vl_field_rule *fr = s->fields[i];

		for (j = 0; j < fr->ncases; j++) {
			fr->cases[j].req =
				expand_req(s, fr->cases[j].req, NULL, 0, 0);
			check_req_roots(s, fr->cases[j].req, true);
			fr->cases[j].req_or_new =
				or_unpublished(s, fr->cases[j].req);
		}
	}
	for (i = 0; i < s->nclasses; i++) {
		struct vl_class *c = s->classes[i];

		for (j = 0; j < c->ncovers; j++) {
			struct vl_cover *cv = &c->covers[j];

			cv->cls = vl_spec_class(s, cv->name);
			if (!cv->cls)
				vl_spec_diag(s, cv->pos, "unknown lock class '%s'",
					     cv->name);
		}
	}
	for (i = 0; i < s->ncallbacks; i++) {
		struct vl_callback *cb = s->callbacks[i];

		if (cb->holds) {
			cb->holds = expand_req(s, cb->holds, NULL, 0, 0);
			check_req_roots(s, cb->holds, false);
			check_dnf(s, cb->holds, cb->pos);
		}
		if (cb->leaves) {
			cb->leaves = expand_req(s, cb->leaves, NULL, 0, 0);
			check_req_roots(s, cb->leaves, false);
		}
	}
	for (i = 0; i < s->nforbids; i++) {
		struct vl_forbid *f = &s->forbids[i];

		f->inner = vl_spec_class(s, f->inner_name);
		f->outer = vl_spec_class(s, f->outer_name);
		if (!f->inner)
			vl_spec_diag(s, f->inner_pos, "unknown lock class '%s'",
				     f->inner_name);
		if (!f->outer)
			vl_spec_diag(s, f->outer_pos, "unknown lock class '%s'",
				     f->outer_name);
	}
	for (i = 0; i < s->nclasses; i++) {
		for (j = 0; j < i; j++) {
			const struct vl_class *a = s->classes[i], *b = s->classes[j];

			if (a->where == VL_LW_FIELD && b->where == VL_LW_FIELD &&
			    a->rec == b->rec && a->field == b->field &&
			    a->global == b->global)
				vl_spec_diag(s, a->pos,
					     "lock classes '%s' and '%s' both live in %s.%s",
					     b->name, a->name, a->rec, a->field);
		}
	}
	build_order(s);

	s->index = vl_xcalloc(1, sizeof(*s->index));
	strmap_init(&s->index->fns, s->nfns);
	strmap_init(&s->index->fields, s->nfields);
	strmap_init(&s->index->classes, s->nclasses);
	for (i = 0; i < s->nfns; i++)
		strmap_put(&s->index->fns, s->fns[i]->name, s->fns[i]);
	for (i = 0; i < s->nclasses; i++)
		strmap_put(&s->index->classes, s->classes[i]->name,
			   s->classes[i]);
	for (i = 0; i < s->nfields; i++) {
		vl_buf_reset(&key);
		vl_buf_printf(&key, "%s.%s", s->fields[i]->rec,
			      s->fields[i]->field);
		strmap_put(&s->index->fields,
			   vl_intern(&s->strs, vl_buf_cstr(&key)),
			   s->fields[i]);
	}
	vl_buf_free(&key);
	s->finished = true;
	return s->ndiags;
}

/* ---- lookups ---- */

const struct vl_fnspec *vl_spec_function(const struct vl_spec *s,
					 const char *name)
{
	if (!s || !s->index || !name)
		return NULL;
	return strmap_get(&s->index->fns, name);
}

bool vl_fnspec_is_primitive(const struct vl_fnspec *fn)
{
	uint32_t i;

	if (fn && fn->opaque)
		return true;
	for (i = 0; fn && i < fn->neffects; i++) {
		enum vl_effect_kind k = fn->effects[i].kind;

		if (k != VL_EFF_REQUIRE && k != VL_EFF_NAME &&
		    k != VL_EFF_WRITE)
			return true;
	}
	return false;
}

bool vl_spec_analyses_body(const struct vl_spec *s, const char *name)
{
	uint32_t i;

	if (!vl_fnspec_is_primitive(vl_spec_function(s, name)))
		return true;
	for (i = 0; i < s->ncallbacks; i++)
		if (!s->callbacks[i]->rec &&
		    strcmp(s->callbacks[i]->field, name) == 0)
			return true;
	return false;
}

static const struct vl_field_rule *field_exact(const struct vl_spec *s,
					       const char *rec,
					       const char *field);

const struct vl_field_rule *vl_spec_field(const struct vl_spec *s,
					  const char *rec, const char *field)
{
	char path[512];
	const struct vl_field_rule *r;
	char *dot;

	if (!field || strlen(field) >= sizeof(path))
		return NULL;
	strcpy(path, field);
	for (;;) {
		r = field_exact(s, rec, path);
		if (r)
			return r;
		dot = strrchr(path, '.');
		if (!dot)
			return NULL;
		*dot = '\0';
	}
}

static const struct vl_field_rule *field_exact(const struct vl_spec *s,
					       const char *rec,
					       const char *field)
{
	char buf[512];
	uint32_t i;

	if (!s || !s->index || !field)
		return NULL;
	if (!rec) {
		const struct vl_field_rule *found = NULL;

		for (i = 0; i < s->nfields; i++) {
			if (strcmp(s->fields[i]->field, field) != 0)
				continue;
			if (found)
				return NULL;	/* ambiguous */
			found = s->fields[i];
		}
		return found;
	}
	if ((size_t)snprintf(buf, sizeof(buf), "%s.%s", rec, field) >=
	    sizeof(buf))
		return NULL;
	return strmap_get(&s->index->fields, buf);
}

const struct vl_class *vl_spec_pointer_class(const struct vl_spec *s,
					     const char *rec,
					     const char *field)
{
	uint32_t i, j;

	if (!rec || !field)
		return NULL;
	for (i = 0; i < s->nclasses; i++) {
		const struct vl_class *c = s->classes[i];

		for (j = 0; j < c->nin; j++)
			if (strcmp(c->in_rec[j], rec) == 0 &&
			    strcmp(c->in_field[j], field) == 0)
				return c;
	}
	return NULL;
}

const struct vl_class *vl_spec_field_class(const struct vl_spec *s,
					   const char *rec,
					   const char *field)
{
	const struct vl_class *found = NULL;
	uint32_t i;

	if (!field)
		return NULL;
	for (i = 0; i < s->nclasses; i++) {
		const struct vl_class *c = s->classes[i];

		if (c->where != VL_LW_FIELD || c->global ||
		    strcmp(c->field, field) != 0)
			continue;
		if (rec && strcmp(c->rec, rec) == 0)
			return c;
		if (!rec) {
			if (found)
				return NULL;
			found = c;
		}
	}
	return found;
}

const struct vl_class *vl_spec_owner_class(const struct vl_spec *s,
					   const struct vl_class *cls,
					   const char *g)
{
	uint32_t i;

	if (!cls || cls->where != VL_LW_FIELD || !g)
		return cls;
	for (i = 0; i < s->nclasses; i++) {
		const struct vl_class *c = s->classes[i];

		if (c->where == VL_LW_FIELD && c->global &&
		    strcmp(c->global, g) == 0 && strcmp(c->rec, cls->rec) == 0 &&
		    strcmp(c->field, cls->field) == 0)
			return c;
	}
	return cls;
}

bool vl_spec_class_is(const struct vl_spec *s, uint32_t id,
		      const struct vl_class *cls)
{
	const struct vl_class *c;

	if (id >= s->nclasses || !cls)
		return false;
	if (id == cls->id)
		return true;
	c = s->classes[id];
	return c->where == VL_LW_FIELD && c->global && cls->where == VL_LW_FIELD &&
	       !cls->global && strcmp(c->rec, cls->rec) == 0 &&
	       strcmp(c->field, cls->field) == 0;
}

const struct vl_class *vl_spec_global_class(const struct vl_spec *s,
					    const char *global)
{
	uint32_t i;

	for (i = 0; i < s->nclasses; i++) {
		const struct vl_class *c = s->classes[i];

		if (c->where == VL_LW_GLOBAL && strcmp(c->global, global) == 0)
			return c;
	}
	return NULL;
}

bool vl_class_covers(const struct vl_class *a, int amode,
		     const struct vl_class *b, int bmode)
{
	uint32_t i;

	if (!a || !b)
		return false;
	for (i = 0; i < a->ncovers; i++) {
		const struct vl_cover *cv = &a->covers[i];

		/* A covered write lock serves any mode; a covered read lock
		 * serves read requirements only. */
		if (cv->cls == b && (bmode != VL_MODE_WRITE ||
				     cv->mode != VL_MODE_READ))
			return true;
	}
	(void)amode;
	return false;
}

bool vl_spec_before(const struct vl_spec *s, const struct vl_class *a,
		    int amode, const struct vl_class *b, int bmode)
{
	uint32_t n = 2 * s->nclasses;
	uint32_t x, y;

	if (!a || !b || !s->before)
		return false;
	x = 2 * a->id + (amode == VL_MODE_WRITE || !vl_class_has_modes(a));
	y = 2 * b->id + (bmode == VL_MODE_WRITE || !vl_class_has_modes(b));
	return s->before[x * n + y] != 0;
}

/* Mark in seen[] the nodes that the edges of entry r lead to from x;
 * stack has room for every node. */
static void reach_within(const struct vl_spec *s, uint32_t x,
			 const struct vl_rule *r, uint8_t *seen,
			 uint32_t *stack)
{
	uint32_t sp = 0, i;

	stack[sp++] = x;
	while (sp) {
		uint32_t v = stack[--sp];

		for (i = 0; i < s->norder_arcs; i++) {
			const struct vl_order_arc *arc = &s->order_arcs[i];

			if (arc->from != v || arc->rule != r || seen[arc->to])
				continue;
			seen[arc->to] = 1;
			stack[sp++] = arc->to;
		}
	}
}

/* The order node of class c held in mode m (see before[]). */
static uint32_t order_node(const struct vl_class *c, int m)
{
	return 2 * c->id + (m == VL_MODE_WRITE || !vl_class_has_modes(c));
}

bool vl_spec_order_rule(const struct vl_spec *s, const struct vl_class *a,
			int amode, const struct vl_class *b, int bmode,
			struct vl_rule *rule, struct vl_buf *text)
{
	uint32_t n = 2 * s->nclasses, x, y, v, w, i, k, level;
	/* Per node: 1 + the number of entries on the way from x (0: not
	 * reached yet), the node it was reached from and the entry. */
	uint32_t *dist = vl_xcalloc(n + 1, sizeof(*dist));
	uint32_t *prev = vl_xcalloc(n + 1, sizeof(*prev));
	const struct vl_rule **by = vl_xcalloc(n + 1, sizeof(*by));
	const struct vl_rule **tried = vl_xcalloc(s->norder_arcs + 1,
						  sizeof(*tried));
	uint32_t *stack = vl_xcalloc(n + 1, sizeof(*stack));
	uint8_t *seen = vl_xcalloc(n + 1, 1);
	const struct vl_rule **chain = vl_xcalloc(n + 1, sizeof(*chain));
	uint32_t nchain = 0;
	bool before = vl_spec_before(s, a, amode, b, bmode);

	memset(rule, 0, sizeof(*rule));
	x = before ? order_node(a, amode) : 0;
	y = before ? order_node(b, bmode) : 0;
	if (before)
		dist[x] = 1;
	/* Breadth first over entries: each step follows the edges of one
	 * entry as far as they go. */
	for (level = 1; before && !dist[y] && level <= n; level++) {
		for (v = 0; v < n; v++) {
			uint32_t ntried = 0;

			if (dist[v] != level)
				continue;
			for (i = 0; i < s->norder_arcs; i++) {
				const struct vl_rule *r = s->order_arcs[i].rule;

				if (s->order_arcs[i].from != v)
					continue;
				for (k = 0; k < ntried && tried[k] != r; k++)
					;
				if (k < ntried)
					continue;
				tried[ntried++] = r;
				memset(seen, 0, n);
				reach_within(s, v, r, seen, stack);
				for (w = 0; w < n; w++) {
					if (!seen[w] || dist[w])
						continue;
					dist[w] = level + 1;
					prev[w] = v;
					by[w] = r;
				}
			}
		}
	}
	for (v = y; before && v != x && dist[v] > 1 && nchain < n;
	     v = prev[v])
		chain[nchain++] = by[v];
	for (i = nchain; i-- > 0;) {
		if (!chain[i])
			continue;
		if (!rule->file) {
			*rule = *chain[i];
			vl_buf_puts(text, rule->text);
			continue;
		}
		vl_buf_printf(text, "; %s", chain[i]->text);
		rule->text = vl_buf_cstr(text);
		if (!rule->doc)
			rule->doc = chain[i]->doc;
	}
	free(dist);
	free(prev);
	free(by);
	free(tried);
	free(stack);
	free(seen);
	free(chain);
	return before;
}

/* ---- text forms ---- */

const char *vl_mode_name(enum vl_mode m)
{
	switch (m) {
	case VL_MODE_READ:
		return "read";
	case VL_MODE_WRITE:
		return "write";
	default:
		return "any";
	}
}

void vl_path_format(const struct vl_path *p, const char *const *params,
		    struct vl_buf *b)
{
	uint32_t i;

	vl_buf_puts(b, p->prefix ? p->prefix : "");
	switch (p->root) {
	case VL_ROOT_PARAM:
		if (params)
			vl_buf_puts(b, params[p->param]);
		else
			vl_buf_printf(b, "$%u", p->param);
		break;
	case VL_ROOT_RETURN:
		vl_buf_puts(b, "return");
		break;
	case VL_ROOT_THIS:
		vl_buf_puts(b, "this");
		break;
	case VL_ROOT_GLOBAL:
		vl_buf_puts(b, p->global);
		break;
	case VL_ROOT_CALL:
		vl_buf_printf(b, "%s()", p->global);
		break;
	case VL_ROOT_WILD:
		vl_buf_puts(b, "*");
		break;
	case VL_ROOT_NONE:
		break;
	}
	for (i = 0; i < p->nsteps; i++)
		vl_buf_printf(b, "%s%s", p->steps[i].op == VL_PS_ARROW ? "->" : ".",
			      p->steps[i].field);
}

void vl_req_format(const struct vl_req *r, const char *const *params,
		   struct vl_buf *b)
{
	uint32_t i;

	switch (r->kind) {
	case VL_REQ_TRUE:
		vl_buf_puts(b, "nothing");
		return;
	case VL_REQ_LOCK:
		vl_buf_printf(b, "%s(", r->lock.cls ? r->lock.cls->name : "lock");
		vl_path_format(&r->lock.owner, params, b);
		vl_buf_puts(b, ")");
		if (r->lock.mode != VL_MODE_ANY)
			vl_buf_printf(b, ":%s", vl_mode_name(r->lock.mode));
		return;
	case VL_REQ_USE:
		vl_buf_printf(b, "%s(...)", r->use);
		return;
	case VL_REQ_PRIVATE:
		vl_buf_puts(b, "unpublished(");
		vl_path_format(&r->use_args[0], params, b);
		vl_buf_puts(b, ")");
		return;
	case VL_REQ_CLASS:
		vl_buf_puts(b, "passed(");
		vl_path_format(&r->use_args[0], params, b);
		vl_buf_printf(b, " is %s(", r->lock.cls->name);
		vl_path_format(&r->lock.owner, params, b);
		vl_buf_puts(b, "))");
		return;
	case VL_REQ_EACH:
		vl_buf_puts(b, "each(");
		for (i = 0; i < r->nsubs; i++) {
			if (i)
				vl_buf_puts(b, ", ");
			vl_path_format(&r->guards[i], params, b);
			vl_buf_puts(b, ": ");
			vl_req_format(r->subs[i], params, b);
		}
		vl_buf_puts(b, ")");
		return;
	case VL_REQ_AND:
	case VL_REQ_OR:
		for (i = 0; i < r->nsubs; i++) {
			bool paren = r->kind == VL_REQ_AND &&
				     r->subs[i]->kind == VL_REQ_OR;

			if (i)
				vl_buf_puts(b, r->kind == VL_REQ_AND ? " & " :
								       " | ");
			if (paren)
				vl_buf_puts(b, "(");
			vl_req_format(r->subs[i], params, b);
			if (paren)
				vl_buf_puts(b, ")");
		}
		return;
	}
}
