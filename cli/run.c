/*
 * vmalock run: analysis only over a compilation database
 * (compile_commands.json), without make and without building objects.
 *
 * Each C entry's own compile command runs again with the plugin's clang,
 * syntax only, from the entry's directory: the plugin then stores file
 * names relative to that directory, as it does inside the kernel's build
 * (make C=2 CHECK=scripts/vmalock-check), so both ways store the same
 * units and findings.  Up to N commands run at once; the diagnostics of
 * each are printed in one piece when it ends.  Then the database is
 * linked (link.c).
 */
#define _XOPEN_SOURCE 700 /* realpath() */

#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wordexp.h>

#include "core/util.h"
#include "store/store.h"

/* One C entry of the database, as it will be run. */
struct unit {
	char *dir;	/* the entry's directory: where the command runs */
	char *path;	/* the file, absolute, for the PATH filters */
	char *name;	/* the file as shown: relative to dir when under it */
	char **argv;	/* the analysis command, NULL-terminated */
	uint32_t nargv, cap;
	bool failed;
};

struct run {
	const char *json;	/* the database's file name, for messages */
	const char *compiler, *plugin, *db, *spec;
	struct unit *units;
	uint32_t n, cap;
	uint32_t done, failed;
	bool tty, quiet, color;
};

static void run_usage(FILE *out)
{
	fputs("usage: vmalock run [-j N] [--db DB] [--spec FILE] "
	      "[--plugin PATH]\n"
	      "                   [--compiler CLANG] [--no-link] [-q]\n"
	      "                   COMPILE_COMMANDS.json [PATH...]\n"
	      "\n"
	      "Analyse the C files of a compilation database without\n"
	      "building them: each entry's compile command runs again with\n"
	      "clang and the plugin, syntax only (-c, -o and dependency-file\n"
	      "flags dropped), from the entry's directory.  A kernel tree's\n"
	      "database comes from\n"
	      "scripts/clang-tools/gen_compile_commands.py after a build.\n"
	      "Then the stored units are linked (as 'vmalock link').\n"
	      "\n"
	      "  PATH...           only the files at or under these paths\n"
	      "  -j, --jobs N      run N compilers at once (default: one\n"
	      "                    per CPU)\n"
	      "  --db DB           the findings database (default:\n"
	      "                    vmalock.db)\n"
	      "  --spec FILE       use this spec instead of the bundled one\n"
	      "  --plugin PATH     the plugin (default: vmalock.so next to\n"
	      "                    vmalock)\n"
	      "  --compiler CLANG  the clang to run (default: the plugin's)\n"
	      "  --no-link         do not link after the units\n"
	      "  -q, --quiet       print only the failures\n"
	      "\n"
	      "Exit status: 0 every unit analysed, whatever the findings;\n"
	      "1 some unit failed (the others are stored and linked) or the\n"
	      "link failed; 2 usage error or bad compilation database.\n",
	      out);
}

/* PATH made absolute against BASE: resolved if it exists, else joined. */
static char *absolute(const char *base, const char *path)
{
	struct vl_buf b;
	char *real;

	vl_buf_init(&b);
	if (path[0] != '/')
		vl_buf_printf(&b, "%s/", base);
	vl_buf_puts(&b, path);
	real = realpath(vl_buf_cstr(&b), NULL);
	if (real) {
		vl_buf_free(&b);
		return real;
	}
	while (b.len > 1 && b.s[b.len - 1] == '/')
		b.s[--b.len] = '\0';
	return vl_buf_steal(&b);
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/' || strcmp(dir, "/") == 0);
}

static bool is_c_file(const char *file)
{
	size_t n = strlen(file);

	return n > 2 && strcmp(file + n - 2, ".c") == 0;
}

static void add_arg(struct unit *u, const char *arg)
{
	VL_PUSH(u->argv, u->nargv, u->cap) = arg ? vl_xstrdup(arg) : NULL;
}

/*
 * How many words from W[0] an analysis-only run leaves out: outputs
 * (clang warns on an unused -c or -o, and the kernel makes that an
 * error), dependency files (kbuild's fixdep reads and deletes them) and a
 * plugin of the build itself (it must not store into the build's
 * database).
 */
static int dropped_words(char *const *w)
{
	static const char *const with_value[] = { "-o", "-MF", "-MT", "-MQ" };
	static const char *const alone[] = { "-c", "-MD", "-MMD", "-MP" };
	static const char *const prefixes[] = { "-MF", "-MT", "-MQ",
						"-Wp,-MD,", "-Wp,-MMD,",
						"-fplugin=", "-fplugin-arg-" };
	size_t i;

	for (i = 0; i < VL_ARRAY_SIZE(with_value); i++) {
		if (strcmp(w[0], with_value[i]) == 0)
			return w[1] ? 2 : 1;
	}
	for (i = 0; i < VL_ARRAY_SIZE(alone); i++) {
		if (strcmp(w[0], alone[i]) == 0)
			return 1;
	}
	for (i = 0; i < VL_ARRAY_SIZE(prefixes); i++) {
		if (strncmp(w[0], prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	}
	return 0;
}

/* The analysis command of U from the entry's words W (W[0] the compiler). */
static void build_argv(const struct run *r, struct unit *u, char *const *w)
{
	struct vl_buf b;

	vl_buf_init(&b);
	add_arg(u, r->compiler);
	add_arg(u, "-fsyntax-only");
	vl_buf_printf(&b, "-fplugin=%s", r->plugin);
	add_arg(u, vl_buf_cstr(&b));
	vl_buf_reset(&b);
	vl_buf_printf(&b, "-fplugin-arg-vmalock-db=%s", r->db);
	add_arg(u, vl_buf_cstr(&b));
	if (r->spec) {
		vl_buf_reset(&b);
		vl_buf_printf(&b, "-fplugin-arg-vmalock-spec=%s", r->spec);
		add_arg(u, vl_buf_cstr(&b));
	}
	/* Diagnostics go to a file first; they are shown on a terminal. */
	if (r->color)
		add_arg(u, "-fcolor-diagnostics");
	vl_buf_free(&b);
	if (*w)
		w++;
	while (*w) {
		int skip = dropped_words(w);

		if (!skip)
			add_arg(u, *w);
		w += skip ? skip : 1;
	}
	add_arg(u, NULL);
}

/* The command of an entry split into words as the shell does. */
static int split_command(struct run *r, struct unit *u, long long key,
			 const char *command)
{
	static const char *const why[] = {
		[WRDE_BADCHAR] = "an unquoted shell operator "
				 "(| & ; < > ( ) { } or a newline)",
		[WRDE_CMDSUB] = "a command substitution",
		[WRDE_NOSPACE] = "out of memory",
		[WRDE_SYNTAX] = "a shell syntax error such as an "
				"unbalanced quote",
	};
	wordexp_t we;
	int rc = wordexp(command, &we, WRDE_NOCMD);

	if (rc) {
		fprintf(stderr, "vmalock run: %s: $[%lld].command: cannot "
			"split it into arguments: %s\n", r->json, key,
			rc > 0 && (size_t)rc < VL_ARRAY_SIZE(why) && why[rc] ?
				why[rc] : "wordexp failed");
		if (rc == WRDE_NOSPACE)
			wordfree(&we);
		return -1;
	}
	if (!we.we_wordc) {
		fprintf(stderr, "vmalock run: %s: $[%lld].command: empty\n",
			r->json, key);
		wordfree(&we);
		return -1;
	}
	build_argv(r, u, we.we_wordv);
	wordfree(&we);
	return 0;
}

/* The "arguments" array of ENTRY (JSON text) as the command's words. */
static int read_arguments(struct run *r, struct unit *u, sqlite3 *db,
			  long long key, const char *entry)
{
	sqlite3_stmt *st;
	char **w = NULL;
	uint32_t n = 0, cap = 0, i;
	int rc, ret = 0;

	rc = sqlite3_prepare_v2(db, "SELECT type, value FROM "
				"json_each(?1, '$.arguments')", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, entry, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (strcmp((const char *)sqlite3_column_text(st, 0), "text")) {
			fprintf(stderr, "vmalock run: %s: "
				"$[%lld].arguments[%u]: not a string\n",
				r->json, key, n);
			ret = -1;
			break;
		}
		VL_PUSH(w, n, cap) =
			vl_xstrdup((const char *)sqlite3_column_text(st, 1));
		rc = SQLITE_OK;
	}
	if (!ret && rc != SQLITE_DONE) {
		fprintf(stderr, "vmalock run: %s: %s\n", r->json,
			sqlite3_errmsg(db));
		ret = -1;
	}
	sqlite3_finalize(st);
	if (!ret && !n) {
		fprintf(stderr, "vmalock run: %s: $[%lld].arguments: empty\n",
			r->json, key);
		ret = -1;
	}
	VL_PUSH(w, n, cap) = NULL;
	if (!ret)
		build_argv(r, u, w);
	for (i = 0; w[i]; i++)
		free(w[i]);
	free(w);
	return ret;
}

/*
 * Entry KEY of the database, the JSON object ENTRY: a C file at or under
 * one of FILTERS (all files when there is none) becomes a unit.  The
 * entry's fields are checked whether or not the file is chosen.
 */
static int read_entry(struct run *r, sqlite3 *db, long long key,
		      const char *entry, char **filters, int nfilters,
		      bool *matched, const char *cwd)
{
	const char *dir_type, *dir, *file_type, *file, *cmd_type, *command;
	const char *args_type;
	sqlite3_stmt *st;
	struct unit u;
	size_t n;
	int i, ret = -1;

	if (sqlite3_prepare_v2(db,
			       "SELECT json_type(?1, '$.directory'), "
			       "json_extract(?1, '$.directory'), "
			       "json_type(?1, '$.file'), "
			       "json_extract(?1, '$.file'), "
			       "json_type(?1, '$.command'), "
			       "json_extract(?1, '$.command'), "
			       "json_type(?1, '$.arguments')",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, entry, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		fprintf(stderr, "vmalock run: %s: $[%lld]: %s\n", r->json, key,
			sqlite3_errmsg(db));
		goto out;
	}
	dir_type = (const char *)sqlite3_column_text(st, 0);
	dir = (const char *)sqlite3_column_text(st, 1);
	file_type = (const char *)sqlite3_column_text(st, 2);
	file = (const char *)sqlite3_column_text(st, 3);
	cmd_type = (const char *)sqlite3_column_text(st, 4);
	command = (const char *)sqlite3_column_text(st, 5);
	args_type = (const char *)sqlite3_column_text(st, 6);
	if (!dir_type || strcmp(dir_type, "text") || !*dir ||
	    !file_type || strcmp(file_type, "text") || !*file) {
		fprintf(stderr, "vmalock run: %s: $[%lld].%s: missing or not "
			"a non-empty string\n", r->json, key,
			!dir_type || strcmp(dir_type, "text") || !*dir ?
				"directory" : "file");
		goto out;
	}
	if ((!cmd_type || strcmp(cmd_type, "text")) &&
	    (!args_type || strcmp(args_type, "array"))) {
		fprintf(stderr, "vmalock run: %s: $[%lld]: needs \"command\" "
			"(a string) or \"arguments\" (an array)\n", r->json,
			key);
		goto out;
	}
	ret = 0;
	if (!is_c_file(file))
		goto out;
	memset(&u, 0, sizeof(u));
	u.dir = absolute(cwd, dir);
	u.path = absolute(u.dir, file);
	for (i = 0; i < nfilters && !under(u.path, filters[i]); i++)
		;
	if (nfilters && i == nfilters) {
		free(u.dir);
		free(u.path);
		goto out;
	}
	if (nfilters)
		matched[i] = true;
	n = strlen(u.dir);
	u.name = vl_xstrdup(under(u.path, u.dir) && u.path[n] == '/' ?
				    u.path + n + 1 : u.path);
	if (args_type && strcmp(args_type, "array") == 0 ?
		    read_arguments(r, &u, db, key, entry) :
		    split_command(r, &u, key, command)) {
		free(u.dir);
		free(u.path);
		free(u.name);
		ret = -1;
		goto out;
	}
	VL_PUSH(r->units, r->n, r->cap) = u;
out:
	sqlite3_finalize(st);
	return ret;
}

/*
 * The units of compilation database PATH, with sqlite's JSON functions.
 * 0, or -1 after a message naming the file and what is wrong.
 */
static int read_database(struct run *r, const char *path, char **filters,
			 int nfilters, const char *cwd)
{
	bool *matched = vl_xcalloc(nfilters + 1, sizeof(*matched));
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t len;
	char *text = vl_read_file(path, &len);
	const char *type;
	int rc, ret = -1, i;

	if (!text) {
		fprintf(stderr, "vmalock run: %s: %s\n", path, strerror(errno));
		free(matched);
		return -1;
	}
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		goto db_error;
	/* An array is checked first: json_each() also walks an object. */
	rc = sqlite3_prepare_v2(db, "SELECT json_valid(?1), CASE WHEN "
				"json_valid(?1) THEN json_type(?1) END", -1,
				&st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto db_error;
	if (!sqlite3_column_int(st, 0)) {
		fprintf(stderr, "vmalock run: %s: not valid JSON\n", path);
		goto out;
	}
	type = (const char *)sqlite3_column_text(st, 1);
	if (strcmp(type, "array")) {
		fprintf(stderr, "vmalock run: %s: not a JSON array of compile "
			"commands (found %s %s)\n", path,
			type[0] == 'o' || type[0] == 'i' ? "an" : "a", type);
		goto out;
	}
	sqlite3_finalize(st);
	rc = sqlite3_prepare_v2(db, "SELECT key, type, value "
				"FROM json_each(?1)", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long key = sqlite3_column_int64(st, 0);

		type = (const char *)sqlite3_column_text(st, 1);
		if (strcmp(type, "object")) {
			fprintf(stderr, "vmalock run: %s: $[%lld]: not an "
				"object\n", path, key);
			goto out;
		}
		if (read_entry(r, db, key,
			       (const char *)sqlite3_column_text(st, 2),
			       filters, nfilters, matched, cwd))
			goto out;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	for (i = 0; i < nfilters; i++) {
		if (!matched[i]) {
			fprintf(stderr, "vmalock run: %s: no C file at or "
				"under %s\n", path, filters[i]);
			goto out;
		}
	}
	ret = 0;
	goto out;
db_error:
	fprintf(stderr, "vmalock run: %s: %s\n", path,
		db ? sqlite3_errmsg(db) : "cannot open sqlite");
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(text);
	free(matched);
	return ret;
}

/* A running compiler and the file its output goes to. */
struct job {
	pid_t pid;
	FILE *out;
	uint32_t unit;
};

/* Start U's command; -1 after a message when it cannot be started. */
static int start_job(struct unit *u, struct job *j)
{
	j->out = tmpfile();
	if (!j->out) {
		fprintf(stderr, "vmalock run: %s: no temporary file: %s\n",
			u->name, strerror(errno));
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	j->pid = fork();
	if (j->pid < 0) {
		fprintf(stderr, "vmalock run: %s: cannot fork: %s\n", u->name,
			strerror(errno));
		fclose(j->out);
		return -1;
	}
	if (j->pid == 0) {
		int fd = fileno(j->out);

		if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
			_exit(127);
		if (chdir(u->dir)) {
			fprintf(stderr, "vmalock run: cannot enter %s: %s\n",
				u->dir, strerror(errno));
			_exit(127);
		}
		execvp(u->argv[0], u->argv);
		fprintf(stderr, "vmalock run: cannot run %s: %s\n", u->argv[0],
			strerror(errno));
		_exit(127);
	}
	return 0;
}

/* The progress line on a terminal: "[done/total] file", cut to fit. */
static void show_progress(const struct run *r, const struct unit *u)
{
	const char *name = u->name;
	size_t n = strlen(name);

	if (n > 60)
		fprintf(stderr, "\r[%u/%u] ...%s\33[K", r->done, r->n,
			name + n - 57);
	else
		fprintf(stderr, "\r[%u/%u] %s\33[K", r->done, r->n, name);
}

/* A job ended with STATUS (or never started, OUT NULL): report it. */
static void finish_job(struct run *r, struct unit *u, FILE *out, int status)
{
	bool ok = out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	char buf[4096];
	size_t n;

	r->done++;
	if (!ok) {
		r->failed++;
		u->failed = true;
	}
	if (r->tty && !r->quiet)
		fputs("\r\33[K", stderr);
	else if (!r->quiet)
		fprintf(stderr, "[%u/%u] %s%s\n", r->done, r->n, u->name,
			ok ? "" : " (failed)");
	if (out && (!ok || !r->quiet)) {
		rewind(out);
		while ((n = fread(buf, 1, sizeof(buf), out)) > 0)
			fwrite(buf, 1, n, stderr);
	}
	if (out && WIFSIGNALED(status))
		fprintf(stderr, "vmalock run: %s: %s killed by signal %d\n",
			u->name, u->argv[0], WTERMSIG(status));
	else if (out && !ok)
		fprintf(stderr, "vmalock run: %s: %s exited with status %d\n",
			u->name, u->argv[0], WEXITSTATUS(status));
	if (r->tty && !r->quiet)
		show_progress(r, u);
	if (out)
		fclose(out);
}

/* Run every unit, JOBS at a time. */
static void run_units(struct run *r, uint32_t jobs)
{
	struct job *js = vl_xcalloc(jobs, sizeof(*js));
	uint32_t next = 0, running = 0, i;
	pid_t pid;
	int status;

	while (next < r->n || running) {
		while (running < jobs && next < r->n) {
			if (start_job(&r->units[next], &js[running]) == 0) {
				js[running++].unit = next;
			} else {
				finish_job(r, &r->units[next], NULL, 0);
			}
			next++;
		}
		if (!running)
			continue;
		pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0) {
			/* Cannot happen with children running; if it does,
			 * what did not end counts as failed. */
			fprintf(stderr, "vmalock run: waitpid: %s\n",
				strerror(errno));
			for (i = 0; i < running; i++) {
				fclose(js[i].out);
				finish_job(r, &r->units[js[i].unit], NULL, 0);
			}
			while (next < r->n)
				finish_job(r, &r->units[next++], NULL, 0);
			break;
		}
		for (i = 0; i < running && js[i].pid != pid; i++)
			;
		if (i == running)
			continue;
		finish_job(r, &r->units[js[i].unit], js[i].out, status);
		js[i] = js[--running];
	}
	if (r->tty && !r->quiet)
		fputs("\r\33[K", stderr);
	free(js);
}

/*
 * The findings of this run: the link's, or those of the units stored
 * under RUN_KEY.  -1 when the database cannot tell.
 */
static long long count_findings(const char *db_path, bool linked,
				const char *run_key)
{
	struct vl_store *s;
	sqlite3_stmt *st;
	char *err = NULL;
	long long n = -1;

	if (vl_store_open_readonly(db_path, &s, &err)) {
		free(err);
		return -1;
	}
	if (sqlite3_prepare_v2(vl_store_db(s),
			       "SELECT count(DISTINCT fu.finding_id) "
			       "FROM finding_units fu "
			       "JOIN units u ON u.id = fu.unit_id "
			       "JOIN runs r ON r.id = u.run_id "
			       "WHERE (?1 AND u.path = ?2) OR "
			       "(NOT ?1 AND r.key = ?3 AND u.path <> ?2)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, linked);
		sqlite3_bind_text(st, 2, VL_STORE_LINK_UNIT, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, run_key, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	vl_store_close(s);
	return n;
}

/* The vmalock.so next to this program. */
static char *default_plugin(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;
	struct vl_buf b;

	if (n <= 0)
		return vl_xstrdup("vmalock.so");
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	vl_buf_init(&b);
	vl_buf_printf(&b, "%s/vmalock.so", self);
	return vl_buf_steal(&b);
}

/* An option with a value, and where the value goes. */
struct valued {
	const char *name;
	const char **dst;
};

/* Where the value of option ARG goes (and its name), or NULL. */
static const char **value_option(const char *arg, const struct valued *opts,
				 const char **name)
{
	for (; opts->name; opts++) {
		if (vl_is_option(arg, opts->name, NULL)) {
			*name = opts->name;
			return opts->dst;
		}
	}
	return NULL;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int vl_cmd_run(int argc, char **argv)
{
	struct run r;
	const char *json = NULL, *db = "vmalock.db", *spec = NULL, *v, *name;
	const char *plugin_arg = NULL, **dst;
	const struct valued valued[] = {
		{ "--db", &db }, { "--spec", &spec },
		{ "--plugin", &plugin_arg }, { "--compiler", &r.compiler },
		{ NULL, NULL },
	};
	char *plugin = NULL, **filters, *cwd, *err = NULL, key_buf[64];
	const char *run_key;
	int nfilters = 0, i, ret = VL_EXIT_USAGE;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	bool link = true;
	long long findings;
	struct timespec t0;
	uint32_t k;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&r, 0, sizeof(r));
	r.compiler = VMALOCK_CLANG;
	filters = vl_xcalloc(argc, sizeof(*filters));
	cwd = realpath(".", NULL);
	if (!cwd) {
		fprintf(stderr, "vmalock run: the current directory: %s\n",
			strerror(errno));
		free(filters);
		return VL_EXIT_ERROR;
	}
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			run_usage(stdout);
			ret = VL_EXIT_OK;
			goto out;
		} else if (vl_is_option(arg, "--jobs", "-j")) {
			char *end;

			v = vl_option_value(argc, argv, &i,
					    arg[1] == '-' ? "--jobs" : "-j");
			jobs = v ? strtol(v, &end, 10) : 0;
			if (!v || *end || jobs < 1 || jobs > 1024) {
				vl_usage_error("run", "%s needs a number of "
					       "jobs from 1 to 1024", arg);
				goto out;
			}
		} else if ((dst = value_option(arg, valued, &name))) {
			v = vl_option_value(argc, argv, &i, name);
			if (!v || !*v) {
				vl_usage_error("run", "%s needs a value", name);
				goto out;
			}
			*dst = v;
		} else if (strcmp(arg, "--no-link") == 0) {
			link = false;
		} else if (strcmp(arg, "--quiet") == 0 ||
			   strcmp(arg, "-q") == 0) {
			r.quiet = true;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			vl_usage_error("run", "unknown option '%s'", arg);
			goto out;
		} else if (!json) {
			json = arg;
		} else {
			filters[nfilters++] = absolute(cwd, arg);
		}
	}
	if (!json) {
		vl_usage_error("run", "%s", "no compilation database given");
		goto out;
	}
	plugin = plugin_arg ? absolute(cwd, plugin_arg) : default_plugin();
	if (access(plugin, R_OK)) {
		fprintf(stderr, "vmalock run: plugin %s: %s (give --plugin)\n",
			plugin, strerror(errno));
		goto out;
	}
	/* The compilers run in other directories: absolute paths for them. */
	r.json = json;
	r.plugin = plugin;
	r.db = absolute(cwd, db);
	r.spec = spec ? absolute(cwd, spec) : NULL;
	r.tty = isatty(STDERR_FILENO);
	r.color = r.tty;
	if (read_database(&r, json, filters, nfilters, cwd))
		goto out;
	if (!r.n) {
		fprintf(stderr, "vmalock run: %s: no C file to analyse\n",
			json);
		goto out;
	}
	/* One history run for all the units (and the link), unless given. */
	run_key = getenv("VMALOCK_RUN");
	if (!run_key || !*run_key) {
		snprintf(key_buf, sizeof(key_buf), "vmalock-run-%ld-%lld",
			 (long)getpid(), (long long)time(NULL));
		setenv("VMALOCK_RUN", key_buf, 1);
		run_key = key_buf;
	}
	run_units(&r, (uint32_t)(jobs < (long)r.n ? jobs : (long)r.n));
	ret = r.failed ? VL_EXIT_ERROR : VL_EXIT_OK;
	if (link && r.failed < r.n &&
	    vl_link_database(r.db, r.spec, true, &err)) {
		fprintf(stderr, "vmalock run: link: %s\n",
			err ? err : "failed");
		free(err);
		link = false;
		ret = VL_EXIT_ERROR;
	}
	findings = count_findings(r.db, link && r.failed < r.n, run_key);
	for (k = 0; k < r.n; k++) {
		if (r.units[k].failed)
			fprintf(stderr, "vmalock run: failed: %s\n",
				r.units[k].name);
	}
	if (!r.quiet) {
		fprintf(stderr, "vmalock run: %u unit%s analysed, %u failed, ",
			r.n - r.failed, r.n - r.failed == 1 ? "" : "s",
			r.failed);
		if (findings < 0)
			fputs("findings not counted", stderr);
		else
			fprintf(stderr, "%lld finding%s (%s)", findings,
				findings == 1 ? "" : "s",
				link && r.failed < r.n ? "linked" : "per unit");
		fprintf(stderr, ", %.1f s\n", seconds_since(&t0));
	}
out:
	for (k = 0; k < r.n; k++) {
		for (i = 0; r.units[k].argv[i]; i++)
			free(r.units[k].argv[i]);
		free(r.units[k].argv);
		free(r.units[k].dir);
		free(r.units[k].path);
		free(r.units[k].name);
	}
	free(r.units);
	for (i = 0; i < nfilters; i++)
		free(filters[i]);
	free(filters);
	free((char *)r.db);
	free((char *)r.spec);
	free(plugin);
	free(cwd);
	return ret;
}
