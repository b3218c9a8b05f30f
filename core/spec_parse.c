/*
 * Parser for the spec language (docs/spec-language.md).  Hand-written
 * recursive descent over a small lexer; an error is recorded with its
 * file:line:col and parsing resumes after the next ';'.
 *
 * Names (classes, defines) are resolved later by vl_spec_finish(), so a
 * spec may use a class before declaring it and annotations may refer to
 * classes of the spec file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "spec.h"
#include "spec_int.h"

enum tok_kind {
	T_EOF,
	T_IDENT,
	T_NUMBER,
	T_STRING,
	T_PUNCT,	/* text holds the punctuation */
	T_ERROR,
};

struct token {
	enum tok_kind kind;
	const char *text;	/* interned (identifiers, punctuation) */
	int64_t num;
	char *str;		/* T_STRING: arena copy without quotes */
	struct vl_pos pos;
	const char *start, *end;	/* its source text */
};

/* What a path's root names may be. */
enum path_ctx {
	PC_FUNCTION,		/* parameters, return, globals */
	PC_FIELD,		/* this, globals */
	PC_DEFINE,		/* define parameters, this, globals */
};

struct parser {
	struct vl_spec *s;
	const char *file;
	const char *p, *end;
	uint32_t line, col;
	struct token tok;	/* current token */
	struct vl_pos prev_end;	/* just after the previous token */
	bool failed;		/* error in the current item */

	bool annotation;	/* the end of the text ends an item */
	uint32_t first_diag;	/* errors before this text */
	uint32_t depth;		/* nesting of parentheses in requirements */

	/* Path context. */
	enum path_ctx pctx;
	const char *const *params;
	uint32_t nparams;

	/* The entry being parsed, for findings: its tokens so far. */
	struct vl_rule *rule;	/* NULL between entries */
	struct vl_buf text;
	const char *text_end;	/* end of the last token in text */
	bool mute;		/* the doc clause is not part of the text */
};

#define MAX_ERRORS 100
#define MAX_DEPTH 64	/* parentheses in a requirement */

/* ---- errors ---- */

VL_PRINTF(3, 4)
static void error_at(struct parser *ps, struct vl_pos pos, const char *fmt,
		     ...)
{
	va_list ap;

	ps->failed = true;
	if (ps->s->ndiags - ps->first_diag >= MAX_ERRORS) {
		/* Enough: stop reading this text. */
		ps->p = ps->end;
		return;
	}
	va_start(ap, fmt);
	vl_spec_vdiag(ps->s, pos, fmt, ap);
	va_end(ap);
}

static const char *tok_desc(const struct token *t, char *buf, size_t n)
{
	switch (t->kind) {
	case T_EOF:
		return "end of input";
	case T_IDENT:
		snprintf(buf, n, "'%s'", t->text);
		return buf;
	case T_NUMBER:
		snprintf(buf, n, "number %lld", (long long)t->num);
		return buf;
	case T_STRING:
		return "a string";
	case T_PUNCT:
		snprintf(buf, n, "'%s'", t->text);
		return buf;
	default:
		return "an invalid character";
	}
}

VL_PRINTF(2, 3)
static void expected(struct parser *ps, const char *fmt, ...)
{
	char what[256], got[96];
	va_list ap;

	if (ps->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* Something missing at the end of a line is reported there, not at
	 * the next line's token (like a compiler's "expected ';'"). */
	error_at(ps,
		 ps->prev_end.line && ps->tok.pos.line > ps->prev_end.line ?
			 ps->prev_end :
			 ps->tok.pos,
		 "expected %s, found %s", what,
		 tok_desc(&ps->tok, got, sizeof(got)));
}

/* ---- lexer ---- */

static void advance_char(struct parser *ps)
{
	if (ps->p >= ps->end)
		return;
	if (*ps->p == '\n') {
		ps->line++;
		ps->col = 1;
	} else {
		ps->col++;
	}
	ps->p++;
}

static void skip_space(struct parser *ps)
{
	for (;;) {
		while (ps->p < ps->end && isspace((unsigned char)*ps->p))
			advance_char(ps);
		if (ps->p >= ps->end)
			return;
		if (*ps->p == '#' ||
		    (*ps->p == '/' && ps->p + 1 < ps->end && ps->p[1] == '/')) {
			while (ps->p < ps->end && *ps->p != '\n')
				advance_char(ps);
			continue;
		}
		if (*ps->p == '/' && ps->p + 1 < ps->end && ps->p[1] == '*') {
			struct vl_pos pos = { ps->file, ps->line, ps->col };

			advance_char(ps);
			advance_char(ps);
			while (ps->p < ps->end &&
			       !(*ps->p == '*' && ps->p + 1 < ps->end &&
				 ps->p[1] == '/'))
				advance_char(ps);
			if (ps->p >= ps->end) {
				error_at(ps, pos, "unterminated comment");
				return;
			}
			advance_char(ps);
			advance_char(ps);
			continue;
		}
		return;
	}
}

/* Read the token at ps->p (after spaces and comments) into ps->tok. */
static void lex(struct parser *ps)
{
	static const char *const puncts[] = {
		"->", "==", "!=", "...", "(", ")", ",", ";", ":", ".", "&",
		"|", "*", "<", "=", "!",
	};
	struct token *t = &ps->tok;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->pos.file = ps->file;
	t->pos.line = ps->line;
	t->pos.col = ps->col;
	if (ps->p >= ps->end) {
		t->kind = T_EOF;
		return;
	}
	if (isalpha((unsigned char)*ps->p) || *ps->p == '_') {
		const char *s = ps->p;

		while (ps->p < ps->end &&
		       (isalnum((unsigned char)*ps->p) || *ps->p == '_'))
			advance_char(ps);
		t->kind = T_IDENT;
		t->text = vl_intern_n(&ps->s->strs, s, (size_t)(ps->p - s));
		return;
	}
	if (isdigit((unsigned char)*ps->p) ||
	    (*ps->p == '-' && ps->p + 1 < ps->end &&
	     isdigit((unsigned char)ps->p[1]))) {
		char buf[64];
		size_t n = 0;
		char *endp;

		while (ps->p < ps->end && n + 1 < sizeof(buf) &&
		       (isalnum((unsigned char)*ps->p) ||
			(n == 0 && *ps->p == '-'))) {
			buf[n++] = *ps->p;
			advance_char(ps);
		}
		buf[n] = '\0';
		errno = 0;
		t->num = strtoll(buf, &endp, 0);
		if (*endp || errno) {
			t->kind = T_ERROR;
			error_at(ps, t->pos, "invalid number '%s'", buf);
			return;
		}
		t->kind = T_NUMBER;
		return;
	}
	if (*ps->p == '"') {
		struct vl_buf b;

		vl_buf_init(&b);
		advance_char(ps);
		while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\n') {
			if (*ps->p == '\\' && ps->p + 1 < ps->end)
				advance_char(ps);
			vl_buf_putc(&b, *ps->p);
			advance_char(ps);
		}
		if (ps->p >= ps->end || *ps->p != '"') {
			vl_buf_free(&b);
			t->kind = T_ERROR;
			error_at(ps, t->pos, "unterminated string");
			return;
		}
		advance_char(ps);
		t->kind = T_STRING;
		t->str = vl_arena_strdup(&ps->s->arena, vl_buf_cstr(&b));
		vl_buf_free(&b);
		return;
	}
	for (i = 0; i < VL_ARRAY_SIZE(puncts); i++) {
		size_t n = strlen(puncts[i]);

		if ((size_t)(ps->end - ps->p) >= n &&
		    strncmp(ps->p, puncts[i], n) == 0) {
			size_t j;

			for (j = 0; j < n; j++)
				advance_char(ps);
			t->kind = T_PUNCT;
			t->text = puncts[i];
			return;
		}
	}
	t->kind = T_ERROR;
	if (isprint((unsigned char)*ps->p))
		error_at(ps, t->pos, "unexpected character '%c'", *ps->p);
	else
		error_at(ps, t->pos, "unexpected byte 0x%02x",
			 (unsigned char)*ps->p);
	advance_char(ps);
}

/* The current token is consumed: add it to the text of the entry. */
static void keep_text(struct parser *ps)
{
	const struct token *t = &ps->tok;

	if (!ps->rule || ps->mute || t->kind == T_EOF || !t->start)
		return;
	if (ps->text.len && t->start != ps->text_end)
		vl_buf_putc(&ps->text, ' ');
	vl_buf_add(&ps->text, t->start, (size_t)(t->end - t->start));
	ps->text_end = t->end;
}

static void next(struct parser *ps)
{
	struct token *t = &ps->tok;
	const char *start;

	keep_text(ps);
	if (t->kind != T_EOF && t->pos.line) {
		ps->prev_end.file = ps->file;
		ps->prev_end.line = ps->line;
		ps->prev_end.col = ps->col;
	}
	skip_space(ps);
	start = ps->p;
	lex(ps);
	t->start = start;
	t->end = ps->p;
}

/* An entry starts at the current token. */
static void begin_rule(struct parser *ps)
{
	ps->rule = vl_arena_alloc(&ps->s->arena, sizeof(*ps->rule));
	ps->rule->file = ps->file;
	ps->rule->line = ps->tok.pos.line;
	vl_buf_reset(&ps->text);
}

/* The entry ends before the current token (its ';'). */
static void end_rule(struct parser *ps)
{
	if (ps->rule)
		ps->rule->text = vl_arena_strdup(&ps->s->arena,
						 vl_buf_cstr(&ps->text));
	ps->rule = NULL;
}

static bool is_punct(struct parser *ps, const char *p)
{
	return ps->tok.kind == T_PUNCT && strcmp(ps->tok.text, p) == 0;
}

static bool is_ident(struct parser *ps, const char *id)
{
	return ps->tok.kind == T_IDENT && strcmp(ps->tok.text, id) == 0;
}

static bool accept_punct(struct parser *ps, const char *p)
{
	if (!is_punct(ps, p))
		return false;
	next(ps);
	return true;
}

static bool accept_ident(struct parser *ps, const char *id)
{
	if (!is_ident(ps, id))
		return false;
	next(ps);
	return true;
}

static bool expect_punct(struct parser *ps, const char *p)
{
	if (accept_punct(ps, p))
		return true;
	expected(ps, "'%s'", p);
	return false;
}

static const char *expect_name(struct parser *ps, const char *what)
{
	const char *n;

	if (ps->tok.kind != T_IDENT) {
		expected(ps, "%s", what);
		return NULL;
	}
	n = ps->tok.text;
	next(ps);
	return n;
}

/* Skip to just after the next ';' (error recovery). */
static void skip_item(struct parser *ps)
{
	while (ps->tok.kind != T_EOF && !is_punct(ps, ";"))
		next(ps);
	if (is_punct(ps, ";"))
		next(ps);
}

static void *alloc(struct parser *ps, size_t n)
{
	return vl_arena_alloc(&ps->s->arena, n);
}

/* ---- paths ---- */

static const char *field_path(struct parser *ps, const char *what)
{
	struct vl_buf b;
	const char *n = expect_name(ps, what), *r;

	if (!n)
		return NULL;
	vl_buf_init(&b);
	vl_buf_puts(&b, n);
	while (accept_punct(ps, ".")) {
		n = expect_name(ps, "a field name after '.'");
		if (!n)
			break;
		vl_buf_printf(&b, ".%s", n);
	}
	r = vl_intern(&ps->s->strs, vl_buf_cstr(&b));
	vl_buf_free(&b);
	return r;
}

static bool parse_path(struct parser *ps, struct vl_path *path)
{
	struct vl_buf prefix;
	struct vl_pstep steps[16];
	uint32_t nsteps = 0, i;

	memset(path, 0, sizeof(*path));
	vl_buf_init(&prefix);
	/* "*" alone is the wildcard owner. */
	if (is_punct(ps, "*")) {
		next(ps);
		if (is_punct(ps, ")")) {
			path->root = VL_ROOT_WILD;
			path->prefix = vl_intern(&ps->s->strs, "");
			vl_buf_free(&prefix);
			return true;
		}
		vl_buf_putc(&prefix, '*');
	}
	while (is_punct(ps, "&") || is_punct(ps, "*")) {
		vl_buf_puts(&prefix, ps->tok.text);
		next(ps);
	}
	if (ps->tok.kind != T_IDENT) {
		expected(ps, "a path (a parameter, 'this', 'return' or a global)");
		vl_buf_free(&prefix);
		return false;
	}
	{
		const char *id = ps->tok.text;
		struct vl_pos pos = ps->tok.pos;
		bool found = false;

		next(ps);
		for (i = 0; i < ps->nparams; i++) {
			if (strcmp(ps->params[i], id) == 0) {
				path->root = VL_ROOT_PARAM;
				path->param = i;
				found = true;
				break;
			}
		}
		if (!found && strcmp(id, "this") == 0) {
			if (ps->pctx == PC_FUNCTION)
				error_at(ps, pos,
					 "'this' is only meaningful in field rules and defines");
			path->root = VL_ROOT_THIS;
			found = true;
		}
		if (!found && strcmp(id, "return") == 0) {
			if (ps->pctx != PC_FUNCTION)
				error_at(ps, pos,
					 "'return' is only meaningful in function clauses");
			path->root = VL_ROOT_RETURN;
			found = true;
		}
		if (!found) {
			path->root = VL_ROOT_GLOBAL;
			path->global = id;
		}
	}
	for (;;) {
		uint8_t op;
		const char *f;

		if (is_punct(ps, "->"))
			op = VL_PS_ARROW;
		else if (is_punct(ps, "."))
			op = VL_PS_DOT;
		else
			break;
		next(ps);
		f = expect_name(ps, "a field name");
		if (!f) {
			vl_buf_free(&prefix);
			return false;
		}
		if (nsteps == VL_ARRAY_SIZE(steps)) {
			error_at(ps, ps->tok.pos, "path too long");
			vl_buf_free(&prefix);
			return false;
		}
		steps[nsteps].op = op;
		steps[nsteps].field = f;
		nsteps++;
	}
	path->prefix = vl_intern(&ps->s->strs, vl_buf_cstr(&prefix));
	vl_buf_free(&prefix);
	path->nsteps = nsteps;
	if (nsteps) {
		path->steps = alloc(ps, sizeof(*steps) * nsteps);
		memcpy(path->steps, steps, sizeof(*steps) * nsteps);
	}
	return true;
}

static bool parse_mode(struct parser *ps, enum vl_mode *mode)
{
	*mode = VL_MODE_ANY;
	if (!accept_punct(ps, ":"))
		return true;
	if (accept_ident(ps, "read")) {
		*mode = VL_MODE_READ;
		return true;
	}
	if (accept_ident(ps, "write")) {
		*mode = VL_MODE_WRITE;
		return true;
	}
	expected(ps, "a lock mode ('read' or 'write') after ':'");
	return false;
}

/* CLASS '(' path ')' [':' mode]: class resolved later. */
static bool parse_lockref(struct parser *ps, struct vl_lockref *l)
{
	memset(l, 0, sizeof(*l));
	l->pos = ps->tok.pos;
	l->cls_name = expect_name(ps, "a lock class name");
	if (!l->cls_name || !expect_punct(ps, "("))
		return false;
	if (is_punct(ps, ")")) {
		l->owner.root = VL_ROOT_NONE;
		l->owner.prefix = vl_intern(&ps->s->strs, "");
	} else if (!parse_path(ps, &l->owner)) {
		return false;
	}
	if (!expect_punct(ps, ")"))
		return false;
	return parse_mode(ps, &l->mode);
}

/* ---- requirements ---- */

static struct vl_req *parse_req(struct parser *ps);

static struct vl_req *new_req(struct parser *ps, enum vl_req_kind kind)
{
	struct vl_req *r = alloc(ps, sizeof(*r));

	r->kind = kind;
	r->pos = ps->tok.pos;
	return r;
}

static struct vl_req *parse_atom(struct parser *ps)
{
	struct vl_req *r;
	struct vl_path args[8];
	uint32_t nargs = 0;

	if (is_punct(ps, "(")) {
		if (ps->depth >= MAX_DEPTH) {
			error_at(ps, ps->tok.pos, "requirement nests too deeply");
			return NULL;
		}
		next(ps);
		ps->depth++;
		r = parse_req(ps);
		ps->depth--;
		if (r && !expect_punct(ps, ")"))
			return NULL;
		return r;
	}
	if (is_ident(ps, "nothing")) {
		r = new_req(ps, VL_REQ_TRUE);
		next(ps);
		return r;
	}
	if (is_ident(ps, "each")) {
		struct vl_req *locks[16];
		struct vl_path guards[16];
		uint32_t n = 0;

		r = new_req(ps, VL_REQ_EACH);
		next(ps);
		if (!expect_punct(ps, "("))
			return NULL;
		do {
			if (n == VL_ARRAY_SIZE(locks)) {
				error_at(ps, ps->tok.pos, "too many guards");
				return NULL;
			}
			if (!parse_path(ps, &guards[n]) ||
			    !expect_punct(ps, ":"))
				return NULL;
			locks[n] = parse_atom(ps);
			if (!locks[n])
				return NULL;
			n++;
		} while (accept_punct(ps, ","));
		if (!expect_punct(ps, ")"))
			return NULL;
		r->nsubs = n;
		r->subs = alloc(ps, sizeof(*locks) * n);
		memcpy(r->subs, locks, sizeof(*locks) * n);
		r->guards = alloc(ps, sizeof(*guards) * n);
		memcpy(r->guards, guards, sizeof(*guards) * n);
		return r;
	}
	/* NAME '(' args ')' [':' mode]: a lock or a define, decided later. */
	r = new_req(ps, VL_REQ_USE);
	r->use = expect_name(ps, "a lock (such as mmap(mm):write), 'nothing' or '('");
	if (!r->use || !expect_punct(ps, "("))
		return NULL;
	if (!is_punct(ps, ")")) {
		do {
			if (nargs == VL_ARRAY_SIZE(args)) {
				error_at(ps, ps->tok.pos, "too many arguments");
				return NULL;
			}
			if (!parse_path(ps, &args[nargs]))
				return NULL;
			nargs++;
		} while (accept_punct(ps, ","));
	}
	if (!expect_punct(ps, ")"))
		return NULL;
	if (!parse_mode(ps, &r->lock.mode))
		return NULL;
	r->nuse_args = nargs;
	if (nargs) {
		r->use_args = alloc(ps, sizeof(*args) * nargs);
		memcpy(r->use_args, args, sizeof(*args) * nargs);
	}
	r->lock.pos = r->pos;
	return r;
}

static struct vl_req *parse_list(struct parser *ps, enum vl_req_kind kind,
				 const char *op)
{
	struct vl_req *subs[32];
	uint32_t n = 0;
	struct vl_req *r;
	struct vl_pos pos = ps->tok.pos;

	do {
		if (n == VL_ARRAY_SIZE(subs)) {
			error_at(ps, ps->tok.pos, "requirement too long");
			return NULL;
		}
		subs[n] = kind == VL_REQ_OR ? parse_list(ps, VL_REQ_AND, "&") :
					      parse_atom(ps);
		if (!subs[n])
			return NULL;
		n++;
	} while (accept_punct(ps, op));
	if (n == 1)
		return subs[0];
	r = new_req(ps, kind);
	r->pos = pos;
	r->nsubs = n;
	r->subs = alloc(ps, sizeof(*subs) * n);
	memcpy(r->subs, subs, sizeof(*subs) * n);
	return r;
}

static struct vl_req *parse_req(struct parser *ps)
{
	return parse_list(ps, VL_REQ_OR, "|");
}

/* ---- items ---- */

/* doc STRING: where the entry's rule is documented, shown with its
 * findings apart from the entry's text. */
static bool parse_doc(struct parser *ps, const char **note)
{
	if (!is_ident(ps, "doc"))
		return false;
	ps->mute = true;
	next(ps);
	if (ps->tok.kind != T_STRING) {
		ps->mute = false;
		expected(ps, "a string after 'doc'");
		return true;
	}
	*note = ps->tok.str;
	if (ps->rule)
		ps->rule->doc = ps->tok.str;
	next(ps);
	ps->mute = false;
	return true;
}

/* covers CLASS[:MODE] {, CLASS[:MODE]} */
static bool parse_covers(struct parser *ps, struct vl_class *c)
{
	do {
		struct vl_cover *n = alloc(ps, sizeof(*n) * (c->ncovers + 1));
		struct vl_cover *cv = &n[c->ncovers];
		enum vl_mode m;

		if (c->ncovers)
			memcpy(n, c->covers, sizeof(*n) * c->ncovers);
		cv->pos = ps->tok.pos;
		cv->name = expect_name(ps, "a lock class name after 'covers'");
		if (!cv->name || !parse_mode(ps, &m))
			return false;
		cv->mode = m;
		c->covers = n;
		c->ncovers++;
	} while (accept_punct(ps, ","));
	return true;
}

/* FLAG or FLAG:read / FLAG:write */
static bool parse_mode_flags(struct parser *ps, struct vl_class *c,
			     unsigned flag_r, unsigned flag_w)
{
	enum vl_mode m;

	if (!parse_mode(ps, &m))
		return false;
	if (m != VL_MODE_WRITE)
		c->flags |= m == VL_MODE_READ ? flag_r : flag_r | flag_w;
	if (m != VL_MODE_READ)
		c->flags |= flag_w;
	return true;
}

static const struct {
	const char *name;
	enum vl_lock_kind kind;
} lock_kinds[] = {
	{ "rwsem", VL_LK_RWSEM },     { "rwlock", VL_LK_RWLOCK },
	{ "spinlock", VL_LK_SPINLOCK }, { "mutex", VL_LK_MUTEX },
	{ "rcu", VL_LK_RCU },	      { "other", VL_LK_OTHER },
};

/*
 * lock NAME ':' KIND [where] {option}
 * where: field REC.FIELD | object REC | global NAME | anonymous
 * An annotation on a field or a record implies the location.
 */
static bool parse_lock_fields(struct parser *ps, struct vl_class *c);

static void parse_lock(struct parser *ps, const struct vl_subject *subj)
{
	struct vl_class *c = alloc(ps, sizeof(*c));
	const char *doc = NULL;
	size_t i;
	bool have_where = false;

	c->pos = ps->tok.pos;
	c->rule = ps->rule;
	c->name = expect_name(ps, "a lock class name");
	if (!c->name || !expect_punct(ps, ":"))
		return;
	for (i = 0; i < VL_ARRAY_SIZE(lock_kinds); i++) {
		if (is_ident(ps, lock_kinds[i].name)) {
			c->kind = lock_kinds[i].kind;
			break;
		}
	}
	if (i == VL_ARRAY_SIZE(lock_kinds)) {
		expected(ps, "a lock kind (rwsem, rwlock, spinlock, mutex, rcu, other)");
		return;
	}
	next(ps);
	if (subj && subj->kind == VL_SUBJ_FIELD) {
		c->where = VL_LW_FIELD;
		c->rec = vl_intern(&ps->s->strs, subj->name);
		c->field = vl_intern(&ps->s->strs, subj->field);
		have_where = true;
	} else if (subj && subj->kind == VL_SUBJ_RECORD) {
		c->where = VL_LW_OBJECT;
		c->rec = vl_intern(&ps->s->strs, subj->name);
		have_where = true;
	}
	for (;;) {
		if (!have_where && accept_ident(ps, "field")) {
			c->where = VL_LW_FIELD;
			c->rec = expect_name(ps, "a struct name");
			if (!c->rec || !expect_punct(ps, "."))
				return;
			c->field = field_path(ps, "a field name");
			if (!c->field)
				return;
			/* "of GLOBAL": only that object's lock. */
			if (accept_ident(ps, "of")) {
				c->global = expect_name(ps, "a global variable name");
				if (!c->global)
					return;
			}
			have_where = true;
		} else if (!have_where && accept_ident(ps, "object")) {
			c->where = VL_LW_OBJECT;
			c->rec = expect_name(ps, "a struct name");
			if (!c->rec)
				return;
			have_where = true;
		} else if (!have_where && accept_ident(ps, "global")) {
			c->where = VL_LW_GLOBAL;
			c->global = expect_name(ps, "a global variable name");
			if (!c->global)
				return;
			have_where = true;
		} else if (!have_where && accept_ident(ps, "anonymous")) {
			c->where = VL_LW_ANON;
			have_where = true;
			/* "in STRUCT.FIELD, ...": pointers that hold one. */
			if (accept_ident(ps, "in") && !parse_lock_fields(ps, c))
				return;
		} else if (!have_where && accept_ident(ps, "path")) {
			enum path_ctx saved = ps->pctx;

			c->where = VL_LW_PATH;
			c->rec = expect_name(ps, "a struct name");
			if (!c->rec || !expect_punct(ps, ":"))
				return;
			c->path = alloc(ps, sizeof(*c->path));
			ps->pctx = PC_FIELD;
			if (!parse_path(ps, c->path))
				return;
			ps->pctx = saved;
			if (c->path->root != VL_ROOT_THIS ||
			    strcmp(c->path->prefix, "&") != 0 ||
			    !c->path->nsteps) {
				error_at(ps, ps->tok.pos,
					 "a lock path is the address of a field reached from 'this': &this->a->b");
				return;
			}
			have_where = true;
		} else if (accept_ident(ps, "reentrant")) {
			if (!parse_mode_flags(ps, c, VL_CF_REENTRANT_R,
					      VL_CF_REENTRANT_W))
				return;
		} else if (accept_ident(ps, "implicit_release")) {
			if (!parse_mode_flags(ps, c, VL_CF_IMPLICIT_R,
					      VL_CF_IMPLICIT_W))
				return;
		} else if (accept_ident(ps, "unify_owners")) {
			c->flags |= VL_CF_UNIFY;
		} else if (accept_ident(ps, "order_only")) {
			c->flags |= VL_CF_ORDER_ONLY;
		} else if (accept_ident(ps, "covers")) {
			if (!parse_covers(ps, c))
				return;
		} else if (accept_ident(ps, "display")) {
			if (ps->tok.kind != T_STRING) {
				expected(ps, "a string after 'display'");
				return;
			}
			c->display = vl_intern(&ps->s->strs, ps->tok.str);
			next(ps);
		} else if (!parse_doc(ps, &doc)) {
			break;
		}
	}
	if (!have_where) {
		expected(ps, "where the lock lives (field REC.FIELD, object REC, path REC: &this->..., global NAME or anonymous)");
		return;
	}
	if (!c->display)
		c->display = c->name;
	if (!ps->failed)
		vl_spec_add_class(ps->s, c);
}

/*
 * ['!'] 'return' ['&' MASK]            non-zero (or with '!' zero); with a
 *                                      mask: some bit set (none set)
 * 'return' ('=='|'!=') VALUE            VALUE: number, NULL, true, false
 * In effects, '*PATH' may stand for 'return': the value the callee left
 * there ("releases mmap(mm):read when *locked == 0"), and so may a pure
 * function of the result ("acquires vma(return):read when
 * !IS_ERR(return)").
 */
static bool parse_retcond(struct parser *ps, struct vl_retcond *rc,
			  bool allow_path)
{
	bool negate = accept_punct(ps, "!");

	rc->present = true;
	rc->subject = NULL;
	rc->subject_fn = NULL;
	if (allow_path && ps->tok.kind == T_IDENT && !is_ident(ps, "return")) {
		/* A pure function of the result: "when !IS_ERR(return)". */
		rc->subject_fn = ps->tok.text;
		next(ps);
		if (!accept_punct(ps, "(") || !accept_ident(ps, "return") ||
		    !accept_punct(ps, ")")) {
			expected(ps, "'(return)' after the function in a 'when' condition");
			return false;
		}
	} else if (allow_path && is_punct(ps, "*")) {
		/* A value the callee leaves behind: "when *locked == 0". */
		struct vl_path *p = alloc(ps, sizeof(*p));

		if (!parse_path(ps, p))
			return false;
		rc->subject = p;
	} else if (!accept_ident(ps, "return")) {
		expected(ps, allow_path ?
				     "'return', '*PATH' or 'FUNCTION(return)' in a 'when' condition" :
				     "'return' in a 'when' condition");
		return false;
	}
	rc->pred = negate ? VL_P_EQ : VL_P_NE;
	rc->k = 0;
	if (accept_punct(ps, "&")) {
		if (ps->tok.kind != T_NUMBER) {
			expected(ps, "a bit mask after 'return &'");
			return false;
		}
		rc->pred = negate ? VL_P_BITS_NONE : VL_P_BITS_ANY;
		rc->k = ps->tok.num;
		next(ps);
		return true;
	}
	if (negate)
		return true;
	if (is_punct(ps, "==") || is_punct(ps, "!=")) {
		bool eq = is_punct(ps, "==");

		next(ps);
		if (ps->tok.kind == T_NUMBER) {
			rc->k = ps->tok.num;
		} else if (is_ident(ps, "NULL") || is_ident(ps, "false")) {
			rc->k = 0;
		} else if (is_ident(ps, "true")) {
			/* == true means non-zero */
			rc->k = 0;
			eq = !eq;
		} else {
			expected(ps, "a number, NULL, true or false");
			return false;
		}
		next(ps);
		rc->pred = eq ? VL_P_EQ : VL_P_NE;
	}
	return true;
}

/* STRUCT '.' FIELD { ',' STRUCT '.' FIELD }: an anonymous class's
 * pointer fields. */
static bool parse_lock_fields(struct parser *ps, struct vl_class *c)
{
	const char *recs[16], *fields[16];
	uint32_t n = 0;

	do {
		if (n == VL_ARRAY_SIZE(recs)) {
			error_at(ps, ps->tok.pos, "too many pointer fields");
			return false;
		}
		recs[n] = expect_name(ps, "a struct name");
		if (!recs[n] || !expect_punct(ps, "."))
			return false;
		fields[n] = field_path(ps, "a field name");
		if (!fields[n])
			return false;
		n++;
	} while (accept_punct(ps, ","));
	c->in_rec = alloc(ps, sizeof(*recs) * n);
	c->in_field = alloc(ps, sizeof(*fields) * n);
	memcpy(c->in_rec, recs, sizeof(*recs) * n);
	memcpy(c->in_field, fields, sizeof(*fields) * n);
	c->nin = n;
	return true;
}

/* 'if' | 'unless' PATH ['&' MASK]: an argument condition on an effect. */
static bool parse_guard(struct parser *ps, struct vl_argcond *g)
{
	if (accept_ident(ps, "if"))
		g->negate = false;
	else if (accept_ident(ps, "unless"))
		g->negate = true;
	else
		return true;
	g->present = true;
	if (!parse_path(ps, &g->path))
		return false;
	if (accept_ident(ps, "in")) {
		int64_t vals[32];
		uint32_t n = 0;
		int64_t *set;

		if (!expect_punct(ps, "("))
			return false;
		do {
			if (ps->tok.kind != T_NUMBER) {
				expected(ps, "a number in the set");
				return false;
			}
			if (n == VL_ARRAY_SIZE(vals)) {
				error_at(ps, ps->tok.pos, "too many values");
				return false;
			}
			vals[n++] = ps->tok.num;
			next(ps);
		} while (accept_punct(ps, ","));
		if (!expect_punct(ps, ")"))
			return false;
		set = alloc(ps, sizeof(*set) * n);
		memcpy(set, vals, sizeof(*set) * n);
		g->set = set;
		g->nset = n;
		return true;
	}
	if (is_punct(ps, "==") || is_punct(ps, "!=")) {
		g->cmp = is_punct(ps, "==") ? '=' : '!';
		next(ps);
		if (ps->tok.kind == T_NUMBER) {
			g->k = ps->tok.num;
			next(ps);
		} else if (is_ident(ps, "NULL")) {
			g->k = 0;
			next(ps);
		} else {
			g->rhs_is_path = true;
			if (!parse_path(ps, &g->rhs))
				return false;
		}
		return true;
	}
	if (accept_punct(ps, "&")) {
		if (ps->tok.kind != T_NUMBER) {
			expected(ps, "a bit mask after '&'");
			return false;
		}
		g->has_mask = true;
		g->mask = ps->tok.num;
		next(ps);
	}
	return true;
}

static void add_effect(struct parser *ps, struct vl_fnspec *fn,
		       const struct vl_effect *e)
{
	struct vl_effect *n =
		alloc(ps, sizeof(*n) * (fn->neffects + 1));

	if (fn->neffects)
		memcpy(n, fn->effects, sizeof(*n) * fn->neffects);
	n[fn->neffects++] = *e;
	fn->effects = n;
}

/* Clauses of a function or macro, until ';' or the end of input. */
static void parse_clauses(struct parser *ps, struct vl_fnspec *fn)
{
	while (!ps->failed && ps->tok.kind != T_EOF && !is_punct(ps, ";")) {
		struct vl_effect e;
		const char *note = NULL;

		memset(&e, 0, sizeof(e));
		e.pos = ps->tok.pos;
		e.rule = ps->rule;
		if (accept_ident(ps, "pure")) {
			fn->pure = true;
			continue;
		}
		if (accept_ident(ps, "opaque")) {
			fn->opaque = true;
			continue;
		}
		if (parse_doc(ps, &note))
			continue;
		if (accept_ident(ps, "returns")) {
			if (accept_ident(ps, "new")) {
				fn->returns_new = true;
				continue;
			}
			fn->returns = alloc(ps, sizeof(*fn->returns));
			if (!parse_path(ps, fn->returns))
				return;
			continue;
		}
		if (accept_ident(ps, "checker")) {
			if (ps->tok.kind != T_STRING) {
				expected(ps, "a checker id in quotes after 'checker'");
				return;
			}
			fn->checker = vl_intern(&ps->s->strs, ps->tok.str);
			next(ps);
			continue;
		}
		if (accept_ident(ps, "publishes")) {
			do {
				struct vl_path *n = alloc(
					ps, sizeof(*n) * (fn->npublishes + 1));

				if (fn->npublishes)
					memcpy(n, fn->publishes,
					       sizeof(*n) * fn->npublishes);
				if (!parse_path(ps, &n[fn->npublishes]))
					return;
				fn->publishes = n;
				fn->npublishes++;
			} while (accept_punct(ps, ","));
			continue;
		}
		if (accept_ident(ps, "implies")) {
			struct vl_implication *n =
				alloc(ps, sizeof(*n) * (fn->nimplies + 1));
			struct vl_implication *im = &n[fn->nimplies];

			if (fn->nimplies)
				memcpy(n, fn->implies,
				       sizeof(*n) * fn->nimplies);
			im->pos = ps->tok.pos;
			if (!parse_retcond(ps, &im->when, false) ||
			    !expect_punct(ps, ":") ||
			    !parse_path(ps, &im->path))
				return;
			im->mask = 0;
			if (accept_punct(ps, "&")) {
				if (ps->tok.kind != T_NUMBER || !ps->tok.num) {
					expected(ps, "a non-zero bit mask after '&'");
					return;
				}
				im->mask = ps->tok.num;
				next(ps);
			}
			if (!accept_ident(ps, "is")) {
				expected(ps, im->mask ? "'is set' or 'is clear'" :
							"'is null' or 'is nonnull'");
				return;
			}
			if (im->mask) {
				if (accept_ident(ps, "set")) {
					im->nonnull = true;
				} else if (!accept_ident(ps, "clear")) {
					expected(ps, "'set' or 'clear' after 'is'");
					return;
				}
			} else if (accept_ident(ps, "nonnull")) {
				im->nonnull = true;
			} else if (!accept_ident(ps, "null")) {
				expected(ps, "'null' or 'nonnull' after 'is'");
				return;
			}
			fn->implies = n;
			fn->nimplies++;
			continue;
		}
		if (accept_ident(ps, "requires")) {
			e.kind = VL_EFF_REQUIRE;
			e.req = parse_req(ps);
			if (!e.req || !parse_guard(ps, &e.guard))
				return;
			add_effect(ps, fn, &e);
			continue;
		}
		if (accept_ident(ps, "writes")) {
			/* writes PATH: atomic_long_set(&vma->x, v) writes
			 * vma->x */
			e.kind = VL_EFF_WRITE;
			if (!parse_path(ps, &e.target))
				return;
			add_effect(ps, fn, &e);
			continue;
		}
		if (accept_ident(ps, "acquires")) {
			e.kind = VL_EFF_ACQUIRE;
		} else if (accept_ident(ps, "names")) {
			e.kind = VL_EFF_NAME;
		} else if (accept_ident(ps, "tries")) {
			e.kind = VL_EFF_ACQUIRE;
			e.is_try = true;
		}
		else if (accept_ident(ps, "releases"))
			e.kind = VL_EFF_RELEASE;
		else if (accept_ident(ps, "downgrades"))
			e.kind = VL_EFF_DOWNGRADE;
		else if (accept_ident(ps, "asserts"))
			e.kind = VL_EFF_ASSERT;
		else {
			expected(ps, "a clause (acquires, tries, releases, downgrades, asserts, names, requires, writes, returns new, publishes, implies, checker, pure, opaque, doc) or ';'");
			return;
		}
		do {
			if (!parse_lockref(ps, &e.lock))
				return;
			if (e.lock.owner.root == VL_ROOT_WILD &&
			    e.kind != VL_EFF_RELEASE) {
				error_at(ps, e.lock.pos,
					 "the wildcard owner '*' is only allowed in 'releases'");
				return;
			}
			if ((e.kind == VL_EFF_ACQUIRE ||
			     e.kind == VL_EFF_RELEASE) &&
			    accept_ident(ps, "when") &&
			    !parse_retcond(ps, &e.when, true))
				return;
			if (!parse_guard(ps, &e.guard))
				return;
			if (e.is_try && !e.when.present) {
				error_at(ps, e.lock.pos,
					 "'tries' needs 'when': the result that means the lock was taken");
				return;
			}
			add_effect(ps, fn, &e);
			e.when.present = false;
			memset(&e.guard, 0, sizeof(e.guard));
		} while (accept_punct(ps, ","));
	}
}

static void parse_function(struct parser *ps, bool is_macro)
{
	struct vl_fnspec *fn = alloc(ps, sizeof(*fn));
	const char *params[32];
	uint32_t n = 0;

	fn->pos = ps->tok.pos;
	fn->is_macro = is_macro;
	fn->name = expect_name(ps, is_macro ? "a macro name" : "a function name");
	if (!fn->name || !expect_punct(ps, "("))
		return;
	if (!is_punct(ps, ")")) {
		do {
			if (accept_punct(ps, "..."))
				break;
			if (n == VL_ARRAY_SIZE(params)) {
				error_at(ps, ps->tok.pos, "too many parameters");
				return;
			}
			params[n] = expect_name(ps, "a parameter name");
			if (!params[n])
				return;
			n++;
		} while (accept_punct(ps, ","));
	}
	if (!expect_punct(ps, ")"))
		return;
	fn->nparams = n;
	fn->params = alloc(ps, sizeof(*params) * (n ? n : 1));
	memcpy(fn->params, params, sizeof(*params) * n);
	ps->pctx = PC_FUNCTION;
	ps->params = fn->params;
	ps->nparams = n;
	parse_clauses(ps, fn);
	ps->params = NULL;
	ps->nparams = 0;
	if (!ps->failed)
		vl_spec_add_function(ps->s, fn);
}

static bool parse_valkind(struct parser *ps, enum vl_valkind *v)
{
	if (accept_ident(ps, "null"))
		*v = VL_VAL_NULL;
	else if (accept_ident(ps, "nonnull"))
		*v = VL_VAL_NONNULL;
	else if (accept_ident(ps, "any"))
		*v = VL_VAL_ANY;
	else {
		expected(ps, "'null', 'nonnull' or 'any'");
		return false;
	}
	return true;
}

/* The rule part of a field: requires R | unchecked | {when A -> B requires R} */
static void parse_field_rule(struct parser *ps, struct vl_field_rule *fr)
{
	struct vl_field_case cases[8];
	uint32_t n = 0;

	ps->pctx = PC_FIELD;
	for (;;) {
		struct vl_field_case *c;

		if (parse_doc(ps, &fr->note))
			continue;
		if (accept_ident(ps, "unchecked")) {
			fr->unchecked = true;
			continue;
		}
		if (accept_ident(ps, "private")) {
			fr->keeps_private = true;
			continue;
		}
		if (accept_ident(ps, "kept")) {
			fr->kept = true;
			continue;
		}
		if (n == VL_ARRAY_SIZE(cases)) {
			error_at(ps, ps->tok.pos, "too many cases");
			return;
		}
		c = &cases[n];
		memset(c, 0, sizeof(*c));
		c->pos = ps->tok.pos;
		c->rule = ps->rule;
		if (accept_ident(ps, "when")) {
			if (!parse_valkind(ps, &c->from) ||
			    !expect_punct(ps, "->") || !parse_valkind(ps, &c->to))
				return;
			if (!accept_ident(ps, "requires")) {
				expected(ps, "'requires' after the 'when' condition");
				return;
			}
		} else if (accept_ident(ps, "requires")) {
			c->from = c->to = VL_VAL_ANY;
		} else {
			break;
		}
		c->req = parse_req(ps);
		if (!c->req)
			return;
		n++;
	}
	if (!n && !fr->unchecked && !fr->keeps_private && !fr->kept) {
		expected(ps, "'requires', 'when', 'unchecked', 'private', 'kept' or 'doc'");
		return;
	}
	if (n && fr->unchecked) {
		error_at(ps, fr->pos,
			 "a field cannot be both 'unchecked' and have requirements");
		return;
	}
	fr->ncases = n;
	if (n) {
		fr->cases = alloc(ps, sizeof(*cases) * n);
		memcpy(fr->cases, cases, sizeof(*cases) * n);
	}
}

static void parse_field(struct parser *ps)
{
	struct vl_field_rule *fr = alloc(ps, sizeof(*fr));

	fr->pos = ps->tok.pos;
	fr->rec = expect_name(ps, "a struct name");
	if (!fr->rec || !expect_punct(ps, "."))
		return;
	fr->field = field_path(ps, "a field name");
	if (!fr->field)
		return;
	parse_field_rule(ps, fr);
	if (!ps->failed)
		vl_spec_add_field(ps->s, fr);
}

/* order A[:mode] < B[:mode] < C[:mode] */
static void parse_order(struct parser *ps)
{
	struct vl_pos pos = ps->tok.pos, prev_pos = pos;
	const char *prev = expect_name(ps, "a lock class name");
	const char *doc = NULL;
	enum vl_mode prev_mode;
	uint32_t n = 0;

	if (!prev || !parse_mode(ps, &prev_mode))
		return;
	while (accept_punct(ps, "<")) {
		struct vl_order_edge e;
		enum vl_mode m;

		memset(&e, 0, sizeof(e));
		e.pos = ps->tok.pos;
		e.before_name = prev;
		e.before_pos = prev_pos;
		e.before_mode = prev_mode;
		e.after_pos = ps->tok.pos;
		e.after_name = expect_name(ps, "a lock class name after '<'");
		if (!e.after_name || !parse_mode(ps, &m))
			return;
		e.after_mode = m;
		e.rule = ps->rule;
		vl_spec_add_order(ps->s, &e);
		prev = e.after_name;
		prev_pos = e.after_pos;
		prev_mode = m;
		n++;
	}
	if (!n)
		error_at(ps, pos, "an order needs at least two classes (A < B)");
	parse_doc(ps, &doc);
}

/* forbid CLASS[:mode] under CLASS[:mode] */
static void parse_forbid(struct parser *ps)
{
	struct vl_forbid f;

	memset(&f, 0, sizeof(f));
	f.pos = ps->tok.pos;
	f.rule = ps->rule;
	f.inner_pos = ps->tok.pos;
	f.inner_name = expect_name(ps, "a lock class name");
	if (!f.inner_name || !parse_mode(ps, &f.inner_mode))
		return;
	if (!accept_ident(ps, "under")) {
		expected(ps, "'under'");
		return;
	}
	f.outer_pos = ps->tok.pos;
	f.outer_name = expect_name(ps, "a lock class name after 'under'");
	if (!f.outer_name || !parse_mode(ps, &f.outer_mode))
		return;
	parse_doc(ps, &f.note);
	vl_spec_add_forbid(ps->s, &f);
}

/*
 * callback STRUCT.FIELD(params) [when FIELD == VALUE] holds R
 * entry FUNCTION(params) holds R		(is_entry: rec is NULL)
 */
static void parse_callback(struct parser *ps, bool is_entry)
{
	struct vl_callback *cb = alloc(ps, sizeof(*cb));
	const char *params[16];
	uint32_t n = 0;

	cb->pos = ps->tok.pos;
	if (is_entry) {
		cb->field = expect_name(ps, "a function name");
		if (!cb->field || !expect_punct(ps, "("))
			return;
	} else {
		cb->rec = expect_name(ps, "a struct name");
		if (!cb->rec || !expect_punct(ps, "."))
			return;
		cb->field = field_path(ps, "a field name");
		if (!cb->field || !expect_punct(ps, "("))
			return;
	}
	if (!is_punct(ps, ")")) {
		do {
			if (accept_punct(ps, "..."))
				break;
			if (n == VL_ARRAY_SIZE(params)) {
				error_at(ps, ps->tok.pos, "too many parameters");
				return;
			}
			params[n] = expect_name(ps, "a parameter name");
			if (!params[n])
				return;
			n++;
		} while (accept_punct(ps, ","));
	}
	if (!expect_punct(ps, ")"))
		return;
	cb->nparams = n;
	cb->params = alloc(ps, sizeof(*params) * (n ? n : 1));
	memcpy(cb->params, params, sizeof(*params) * n);
	if (!is_entry && accept_ident(ps, "when")) {
		cb->when_field = expect_name(ps, "a field of the same struct");
		if (!cb->when_field || !expect_punct(ps, "=="))
			return;
		if (ps->tok.kind == T_NUMBER) {
			cb->when_value = ps->tok.num;
		} else if (ps->tok.kind == T_IDENT) {
			cb->when_name = ps->tok.text;
		} else {
			expected(ps, "a number or an enumerator");
			return;
		}
		next(ps);
	}
	if (!is_ident(ps, "holds") && (is_entry || !is_ident(ps, "leaves"))) {
		expected(ps, is_entry ? "'holds'" : "'holds' or 'leaves'");
		return;
	}
	ps->pctx = PC_FUNCTION;
	ps->params = cb->params;
	ps->nparams = n;
	if (accept_ident(ps, "holds")) {
		cb->holds = parse_req(ps);
		if (cb->holds && is_entry)
			parse_guard(ps, &cb->guard);
	}
	if (!ps->failed && !is_entry && accept_ident(ps, "leaves"))
		cb->leaves = parse_req(ps);
	ps->params = NULL;
	ps->nparams = 0;
	if ((cb->holds || cb->leaves) && !ps->failed)
		vl_spec_add_callback(ps->s, cb);
}

/* define NAME(params) = requirement */
static void parse_define(struct parser *ps)
{
	struct vl_define *d = alloc(ps, sizeof(*d));
	const char *params[8];
	uint32_t n = 0;

	d->pos = ps->tok.pos;
	d->name = expect_name(ps, "a name for the define");
	if (!d->name || !expect_punct(ps, "("))
		return;
	if (!is_punct(ps, ")")) {
		do {
			if (n == VL_ARRAY_SIZE(params)) {
				error_at(ps, ps->tok.pos, "too many parameters");
				return;
			}
			params[n] = expect_name(ps, "a parameter name");
			if (!params[n])
				return;
			n++;
		} while (accept_punct(ps, ","));
	}
	if (!expect_punct(ps, ")") || !expect_punct(ps, "="))
		return;
	d->nparams = n;
	d->params = alloc(ps, sizeof(*params) * (n ? n : 1));
	memcpy(d->params, params, sizeof(*params) * n);
	ps->pctx = PC_DEFINE;
	ps->params = d->params;
	ps->nparams = n;
	d->body = parse_req(ps);
	ps->params = NULL;
	ps->nparams = 0;
	if (d->body && !ps->failed)
		vl_spec_add_define(ps->s, d);
}

static void parse_item(struct parser *ps, const struct vl_subject *subj)
{
	ps->failed = false;
	if (ps->tok.kind == T_ERROR) {
		/* The lexer has reported it already. */
		next(ps);
		return;
	}
	begin_rule(ps);
	if (accept_ident(ps, "lock"))
		parse_lock(ps, subj);
	else if (accept_ident(ps, "function"))
		parse_function(ps, false);
	else if (accept_ident(ps, "macro"))
		parse_function(ps, true);
	else if (accept_ident(ps, "field"))
		parse_field(ps);
	else if (accept_ident(ps, "order"))
		parse_order(ps);
	else if (accept_ident(ps, "forbid"))
		parse_forbid(ps);
	else if (accept_ident(ps, "define"))
		parse_define(ps);
	else if (accept_ident(ps, "callback"))
		parse_callback(ps, false);
	else if (accept_ident(ps, "entry"))
		parse_callback(ps, true);
	else
		expected(ps, "an item (lock, function, macro, field, order, forbid, define, callback, entry)");
	end_rule(ps);
	if (ps->failed) {
		skip_item(ps);
		return;
	}
	if (!accept_punct(ps, ";") &&
	    !(ps->annotation && ps->tok.kind == T_EOF)) {
		expected(ps, "';' at the end of the item");
		skip_item(ps);
	}
}

static void parser_init(struct parser *ps, struct vl_spec *s, const char *file,
			const char *text, size_t len, uint32_t line,
			uint32_t col)
{
	memset(ps, 0, sizeof(*ps));
	ps->s = s;
	ps->first_diag = s->ndiags;
	ps->file = vl_intern(&s->strs, file ? file : "<spec>");
	ps->p = text;
	ps->end = text + len;
	ps->line = line;
	ps->col = col;
	s->hash = vl_hash_bytes(s->hash, text, len);
	vl_buf_init(&ps->text);
	next(ps);
}

uint32_t vl_spec_parse(struct vl_spec *s, const char *file, const char *text,
		       size_t len)
{
	struct parser ps;
	uint32_t before = s->ndiags;

	parser_init(&ps, s, file, text, len, 1, 1);
	while (ps.tok.kind != T_EOF && s->ndiags - before < MAX_ERRORS)
		parse_item(&ps, NULL);
	vl_buf_free(&ps.text);
	return s->ndiags - before;
}

static bool starts_item(const struct parser *ps)
{
	static const char *const kws[] = { "lock",   "function", "macro",
					   "field",  "order",	 "forbid",
					   "define", "callback", "entry" };
	size_t i;

	if (ps->tok.kind != T_IDENT)
		return false;
	for (i = 0; i < VL_ARRAY_SIZE(kws); i++) {
		if (strcmp(ps->tok.text, kws[i]) == 0)
			return true;
	}
	return false;
}

uint32_t vl_spec_parse_annotation(struct vl_spec *s,
				  const struct vl_subject *subj,
				  const char *text, const char *file,
				  uint32_t line, uint32_t col)
{
	struct parser ps;
	uint32_t before = s->ndiags;

	parser_init(&ps, s, file, text, strlen(text), line, col);
	ps.annotation = true;
	while (ps.tok.kind != T_EOF && s->ndiags - before < MAX_ERRORS) {
		ps.failed = false;
		if (starts_item(&ps) || subj->kind == VL_SUBJ_NONE) {
			parse_item(&ps, subj);
			continue;
		}
		begin_rule(&ps);
		if (subj->kind == VL_SUBJ_FUNCTION) {
			struct vl_fnspec *fn = alloc(&ps, sizeof(*fn));
			uint32_t i;

			fn->pos = ps.tok.pos;
			fn->name = vl_intern(&s->strs, subj->name);
			fn->from_source = true;
			fn->nparams = subj->nparams;
			fn->params = alloc(&ps, sizeof(char *) *
						   (subj->nparams + 1));
			for (i = 0; i < subj->nparams; i++)
				fn->params[i] = vl_intern(
					&s->strs,
					subj->params[i] ? subj->params[i] : "");
			ps.pctx = PC_FUNCTION;
			ps.params = fn->params;
			ps.nparams = fn->nparams;
			parse_clauses(&ps, fn);
			if (!ps.failed)
				vl_spec_add_function(s, fn);
		} else if (subj->kind == VL_SUBJ_FIELD) {
			struct vl_field_rule *fr = alloc(&ps, sizeof(*fr));

			fr->pos = ps.tok.pos;
			fr->rec = vl_intern(&s->strs, subj->name);
			fr->field = vl_intern(&s->strs, subj->field);
			fr->from_source = true;
			parse_field_rule(&ps, fr);
			if (!ps.failed)
				vl_spec_add_field(s, fr);
		} else {
			expected(&ps, "'lock NAME : KIND' on a struct");
		}
		end_rule(&ps);
		if (ps.failed) {
			skip_item(&ps);
			continue;
		}
		if (!accept_punct(&ps, ";") && ps.tok.kind != T_EOF) {
			expected(&ps, "';' or the end of the annotation");
			skip_item(&ps);
		}
	}
	vl_buf_free(&ps.text);
	return s->ndiags - before;
}
