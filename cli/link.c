/*
 * vmalock link: the whole-program analysis.  Every unit the plugin
 * stored with its lowered IR is read back into one program, the spec
 * (with every unit's in-source annotations) is loaded again, and the
 * program is analysed as one unit, so that a callee's summary reaches
 * its callers in other units.  The findings are stored under the link
 * pseudo-unit (store.h), which the reports then show.
 *
 * The result depends only on the set of units stored: they are read in
 * order of their paths, whatever the build order.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analysis.h"
#include "core/finding.h"
#include "core/irio.h"
#include "core/spec.h"
#include "core/util.h"
#include "store/store.h"
#include "vl_version.h"

struct blob {
	char *path;
	char *spec_name;
	char *spec_hash;
	uint32_t format;
	void *data;
	size_t len;
};

struct blobs {
	struct blob *v;
	uint32_t n, cap;
};

static int collect(void *ctx, const char *path, const char *spec_name,
		   const char *spec_hash, uint32_t format, const void *ir,
		   size_t len)
{
	struct blobs *b = ctx;
	struct blob *x = &VL_PUSH(b->v, b->n, b->cap);

	x->path = vl_xstrdup(path);
	x->spec_name = vl_xstrdup(spec_name ? spec_name : "");
	x->spec_hash = vl_xstrdup(spec_hash ? spec_hash : "");
	x->format = format;
	x->data = vl_xmalloc(len + 1);
	memcpy(x->data, ir, len);
	x->len = len;
	return 0;
}

static void blobs_free(struct blobs *b)
{
	uint32_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].path);
		free(b->v[i].spec_name);
		free(b->v[i].spec_hash);
		free(b->v[i].data);
	}
	free(b->v);
}

static char *fmt_err(const char *fmt, ...) VL_PRINTF(1, 2);

static char *fmt_err(const char *fmt, ...)
{
	struct vl_buf b;
	va_list ap;

	vl_buf_init(&b);
	va_start(ap, fmt);
	vl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return vl_buf_steal(&b);
}

/* The spec the units were analysed with, or the one given. */
static struct vl_spec *load_spec(const struct blobs *b, const char *given,
				 char **err)
{
	struct vl_spec *spec = vl_spec_new();
	const struct blob *first = &b->v[0];
	char hash[32];
	uint32_t i, n;

	if (given) {
		vl_spec_parse_file(spec, given);
	} else {
		for (i = 1; i < b->n; i++) {
			if (strcmp(b->v[i].spec_name, first->spec_name) ||
			    strcmp(b->v[i].spec_hash, first->spec_hash)) {
				*err = fmt_err(
					"units were analysed with different "
					"specs (%s: %s %s; %s: %s %s); analyse "
					"them again with one, or give --spec",
					first->path, first->spec_name,
					first->spec_hash, b->v[i].path,
					b->v[i].spec_name, b->v[i].spec_hash);
				vl_spec_free(spec);
				return NULL;
			}
		}
		if (strncmp(first->spec_name, "bundled:", 8) == 0)
			vl_spec_parse_bundled(spec);
		else
			vl_spec_parse_file(spec, first->spec_name);
	}
	vl_spec_diags(spec, &n);
	if (n) {
		struct vl_buf d;

		vl_buf_init(&d);
		vl_spec_format_diags(spec, &d);
		*err = fmt_err("spec errors:\n%s", vl_buf_cstr(&d));
		vl_buf_free(&d);
		vl_spec_free(spec);
		return NULL;
	}
	snprintf(hash, sizeof(hash), "%016llx",
		 (unsigned long long)spec->hash);
	if (!given && strcmp(hash, first->spec_hash) != 0) {
		*err = fmt_err("spec %s changed since the units were analysed "
			       "(hash %s, was %s); analyse them again, or give "
			       "--spec",
			       first->spec_name, hash, first->spec_hash);
		vl_spec_free(spec);
		return NULL;
	}
	return spec;
}

/* Every unit's annotations, once each, after the spec file. */
static int add_annotations(struct vl_spec *spec, const struct vl_unit *prog,
			   char **err)
{
	uint32_t i, j, n;

	for (i = 0; i < prog->nannots; i++) {
		const struct vl_annot *a = &prog->annots[i];
		struct vl_subject subj;

		for (j = 0; j < i; j++) {
			const struct vl_annot *o = &prog->annots[j];

			if (o->kind == a->kind && o->name == a->name &&
			    o->field == a->field && o->text == a->text &&
			    o->file == a->file && o->line == a->line &&
			    o->col == a->col)
				break;
		}
		if (j < i)
			continue;
		memset(&subj, 0, sizeof(subj));
		subj.kind = (enum vl_subject_kind)a->kind;
		subj.name = a->name;
		subj.field = a->field;
		subj.params = a->params;
		subj.nparams = a->nparams;
		vl_spec_parse_annotation(spec, &subj, a->text,
					 a->file ? a->file : "<annotation>",
					 a->line, a->col);
	}
	if (vl_spec_finish(spec)) {
		struct vl_buf d;

		vl_spec_diags(spec, &n);
		vl_buf_init(&d);
		vl_spec_format_diags(spec, &d);
		*err = fmt_err("spec errors:\n%s", vl_buf_cstr(&d));
		vl_buf_free(&d);
		return -1;
	}
	return 0;
}

/* Store the program's findings under the link pseudo-unit. */
static int store_results(struct vl_store *s, const struct vl_unit *prog,
			 const struct vl_spec *spec, const char *hash,
			 uint32_t ms, char **err)
{
	struct vl_store_finding *fs = vl_xcalloc(prog->nfindings + 1,
						 sizeof(*fs));
	struct vl_store_function *fn = vl_xcalloc(prog->nfuncs + 1,
						  sizeof(*fn));
	struct vl_store_step **steps = vl_xcalloc(prog->nfindings + 1,
						  sizeof(*steps));
	struct vl_store_unit unit;
	uint32_t i, j;
	int rc;

	for (i = 0; i < prog->nfindings; i++) {
		const struct vl_finding *f = &prog->findings[i];
		const struct vl_loc *l = &prog->locs[f->loc];

		steps[i] = vl_xcalloc(f->nsteps + 1, sizeof(**steps));
		for (j = 0; j < f->nsteps; j++) {
			const struct vl_loc *sl = &prog->locs[f->steps[j].loc];

			steps[i][j].file = prog->files[sl->file];
			steps[i][j].line = sl->line;
			steps[i][j].col = sl->col;
			steps[i][j].message = f->steps[j].msg;
		}
		fs[i].fingerprint = f->fingerprint;
		fs[i].checker = f->checker;
		fs[i].file = prog->files[l->file];
		fs[i].line = l->line;
		fs[i].col = l->col;
		fs[i].function = f->function;
		fs[i].key = f->key;
		fs[i].message = f->message;
		fs[i].steps = steps[i];
		fs[i].nsteps = f->nsteps;
		fs[i].rule_file = f->rule.file;
		fs[i].rule_line = f->rule.line;
		fs[i].rule_text = f->rule.text;
		fs[i].rule_doc = f->rule.doc;
	}
	for (i = 0; i < prog->nfuncs; i++) {
		const struct vl_func *f = prog->funcs[i];
		const struct vl_loc *l = f->loc < prog->nlocs ?
						 &prog->locs[f->loc] :
						 NULL;

		fn[i].name = f->name;
		fn[i].file = l ? prog->files[l->file] : NULL;
		fn[i].line = l ? l->line : 0;
		fn[i].is_static = f->is_static;
		fn[i].analysed = true;
	}
	memset(&unit, 0, sizeof(unit));
	unit.path = VL_STORE_LINK_UNIT;
	unit.compiler = "vmalock link";
	unit.tool_version = VL_VERSION;
	unit.spec_name = spec->name;
	unit.spec_hash = hash;
	unit.run_key = getenv("VMALOCK_RUN");
	unit.duration_ms = ms;
	rc = vl_store_put_unit(s, &unit, fn, prog->nfuncs, fs,
			       prog->nfindings, err);
	for (i = 0; i < prog->nfindings; i++)
		free(steps[i]);
	free(steps);
	free(fs);
	free(fn);
	return rc;
}

static uint32_t elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (uint32_t)((t1.tv_sec - t0->tv_sec) * 1000 +
			  (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

/* vmalock link --dump-summaries: print each summary (debugging). */
static FILE *dump_summaries;

int vl_link_database(const char *db_path, const char *spec_path, bool quiet,
		     char **err)
{
	struct vl_store *s = NULL;
	struct vl_spec *spec = NULL;
	struct vl_unit *prog = NULL;
	struct blobs b = { NULL, 0, 0 };
	struct timespec t0;
	char spec_hash[32];
	uint32_t i, dropped;
	int rc = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (vl_store_open(db_path, &s, err))
		return -1;
	if (vl_store_each_ir(s, collect, &b, err))
		goto out;
	if (!b.n) {
		*err = fmt_err("%s: no unit has stored IR (compile with "
			       "-fplugin-arg-vmalock-db=%s first)",
			       db_path, db_path);
		goto out;
	}
	spec = load_spec(&b, spec_path, err);
	if (!spec)
		goto out;
	/* The spec file's hash, before the annotations (as units store it). */
	snprintf(spec_hash, sizeof(spec_hash), "%016llx",
		 (unsigned long long)spec->hash);
	prog = vl_unit_new(spec, VL_STORE_LINK_UNIT);
	prog->dump_summaries = dump_summaries;
	for (i = 0; i < b.n; i++) {
		char tag[16], *e = NULL;

		snprintf(tag, sizeof(tag), "%u", i);
		if (vl_ir_decode_into(prog, b.v[i].data, b.v[i].len, tag,
				      &e)) {
			*err = fmt_err("%s: unit %s: %s", db_path, b.v[i].path,
				       e ? e : "unreadable IR");
			free(e);
			goto out;
		}
	}
	if (add_annotations(spec, prog, err))
		goto out;
	dropped = vl_unit_drop_duplicate_functions(prog);
	vl_unit_analyse(prog);
	if (store_results(s, prog, spec, spec_hash, elapsed_ms(&t0), err))
		goto out;
	if (!quiet)
		fprintf(stderr,
			"vmalock: linked %u unit%s (%u function%s%s): %u "
			"finding%s\n",
			b.n, b.n == 1 ? "" : "s", prog->nfuncs,
			prog->nfuncs == 1 ? "" : "s",
			dropped ? ", duplicates dropped" : "",
			prog->nfindings, prog->nfindings == 1 ? "" : "s");
	rc = 0;
out:
	vl_unit_free(prog);
	vl_spec_free(spec);
	blobs_free(&b);
	vl_store_close(s);
	return rc;
}

static void link_usage(FILE *out)
{
	fprintf(out,
		"usage: vmalock link [--spec FILE] [--quiet] [--dump-summaries] DB\n"
		"\n"
		"Analyse the whole program: every unit stored in DB with its\n"
		"lowered form, read back together, so that what a function needs\n"
		"and does reaches its callers in other units.  The findings are\n"
		"stored in DB; 'vmalock report' shows them (and links first when\n"
		"units were analysed since).\n"
		"\n"
		"  --spec FILE  use this spec instead of the units' own\n"
		"  --quiet      no summary line\n"
		"  --dump-summaries  print what is inferred of each function\n");
}

int vl_cmd_link(int argc, char **argv)
{
	const char *db = NULL, *spec = NULL;
	bool quiet = false;
	char *err = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			link_usage(stdout);
			return VL_EXIT_OK;
		} else if (strcmp(argv[i], "--quiet") == 0 ||
			   strcmp(argv[i], "-q") == 0) {
			quiet = true;
		} else if (strcmp(argv[i], "--dump-summaries") == 0) {
			dump_summaries = stdout;
		} else if (strcmp(argv[i], "--spec") == 0) {
			if (++i >= argc || !*argv[i]) {
				fprintf(stderr,
					"vmalock link: --spec needs a file\n");
				return VL_EXIT_USAGE;
			}
			spec = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "vmalock link: unknown option '%s'\n",
				argv[i]);
			return VL_EXIT_USAGE;
		} else if (db) {
			fprintf(stderr,
				"vmalock link: unexpected argument '%s'\n",
				argv[i]);
			return VL_EXIT_USAGE;
		} else {
			db = argv[i];
		}
	}
	if (!db) {
		fprintf(stderr, "vmalock link: no database given\n");
		link_usage(stderr);
		return VL_EXIT_USAGE;
	}
	if (vl_link_database(db, spec, quiet, &err)) {
		fprintf(stderr, "vmalock: %s\n", err ? err : "link failed");
		free(err);
		return VL_EXIT_ERROR;
	}
	return VL_EXIT_OK;
}
