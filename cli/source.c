/*
 * Source files for reports: the lines around a finding (HTML) and
 * in-source suppression comments.
 *
 * The database stores file names relative to the plugin's root (or
 * absolute); a report finds the files under its own root directory
 * (--root, default the current directory).  A file that cannot be read
 * has no lines and suppresses nothing: reports never fail for a missing
 * source.  Files are read once and kept until vl_sources_free().
 *
 * Suppression: the text "vmalock: ignore[CHECKER,...] REASON", in a
 * comment on the finding's line or on the line just before it
 * (docs/reports.md).  "*" as a checker matches every checker; the reason
 * ends at the end of the line or of the comment.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IGNORE_MARK "vmalock: ignore["

struct source_file {
	char *name;		/* as stored in the database */
	char *text;		/* NULL: could not be read */
	size_t len;
	size_t *lines;		/* offset of each line's start */
	uint32_t nlines, caplines;
};

struct vl_sources {
	char *root;
	struct source_file *files;
	uint32_t nfiles, capfiles;
};

struct vl_sources *vl_sources_new(const char *root)
{
	struct vl_sources *s = vl_xcalloc(1, sizeof(*s));

	s->root = vl_xstrdup(root && *root ? root : ".");
	return s;
}

void vl_sources_free(struct vl_sources *s)
{
	uint32_t i;

	if (!s)
		return;
	for (i = 0; i < s->nfiles; i++) {
		free(s->files[i].name);
		free(s->files[i].text);
		free(s->files[i].lines);
	}
	free(s->files);
	free(s->root);
	free(s);
}

static struct source_file *get_file(struct vl_sources *s, const char *name)
{
	struct source_file *sf;
	struct vl_buf path;
	uint32_t i;
	size_t k;

	for (i = 0; i < s->nfiles; i++) {
		if (strcmp(s->files[i].name, name) == 0)
			return &s->files[i];
	}
	sf = &VL_PUSH(s->files, s->nfiles, s->capfiles);
	memset(sf, 0, sizeof(*sf));
	sf->name = vl_xstrdup(name);
	vl_buf_init(&path);
	if (name[0] != '/')
		vl_buf_printf(&path, "%s/", s->root);
	vl_buf_puts(&path, name);
	sf->text = vl_read_file(vl_buf_cstr(&path), &sf->len);
	vl_buf_free(&path);
	if (!sf->text)
		return sf;
	VL_PUSH(sf->lines, sf->nlines, sf->caplines) = 0;
	for (k = 0; k < sf->len; k++) {
		if (sf->text[k] == '\n' && k + 1 < sf->len)
			VL_PUSH(sf->lines, sf->nlines, sf->caplines) = k + 1;
	}
	return sf;
}

const char *vl_source_line(struct vl_sources *s, const char *file, long n,
			   size_t *len)
{
	struct source_file *sf;
	size_t start, end;

	if (!file || n < 1)
		return NULL;
	sf = get_file(s, file);
	if (!sf->text || (unsigned long)n > sf->nlines)
		return NULL;
	start = sf->lines[n - 1];
	end = (unsigned long)n < sf->nlines ? sf->lines[n] : sf->len;
	while (end > start && (sf->text[end - 1] == '\n' ||
			       sf->text[end - 1] == '\r'))
		end--;
	*len = end - start;
	return sf->text + start;
}

/*
 * If the line TEXT (LEN bytes) has a suppression for CHECKER, its reason
 * (malloc'ed, "" when none is given); else NULL.
 */
static char *line_ignore(const char *text, size_t len, const char *checker)
{
	char *line = vl_xstrndup(text, len), *p, *end, *item, *reason;
	bool match = false;
	size_t n;

	p = strstr(line, IGNORE_MARK);
	if (!p)
		goto none;
	p += strlen(IGNORE_MARK);
	end = strchr(p, ']');
	if (!end)
		goto none;
	*end = '\0';
	for (item = p; item && !match; item = p) {
		p = strchr(item, ',');
		if (p)
			*p++ = '\0';
		while (*item == ' ')
			item++;
		n = strlen(item);
		while (n && item[n - 1] == ' ')
			item[--n] = '\0';
		match = strcmp(item, "*") == 0 || strcmp(item, checker) == 0;
	}
	if (!match)
		goto none;
	reason = end + 1;
	p = strstr(reason, "*/");
	if (p)
		*p = '\0';
	while (*reason == ' ' || *reason == '\t')
		reason++;
	n = strlen(reason);
	while (n && (reason[n - 1] == ' ' || reason[n - 1] == '\t'))
		reason[--n] = '\0';
	reason = vl_xstrdup(reason);
	free(line);
	return reason;
none:
	free(line);
	return NULL;
}

char *vl_source_ignore(struct vl_sources *s, const char *file, long line,
		       const char *checker)
{
	const char *text;
	char *reason = NULL;
	size_t len;
	long n;

	for (n = line; n >= line - 1 && n >= 1 && !reason; n--) {
		text = vl_source_line(s, file, n, &len);
		if (text)
			reason = line_ignore(text, len, checker);
	}
	return reason;
}

/* SQL vl_ignore(FILE, LINE, CHECKER): the reason, or NULL. */
static void sql_ignore(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct vl_sources *s = sqlite3_user_data(ctx);
	const char *file = (const char *)sqlite3_value_text(argv[0]);
	const char *checker = (const char *)sqlite3_value_text(argv[2]);
	char *reason;

	(void)argc;	/* registered with three arguments */
	if (!file || !checker) {
		sqlite3_result_null(ctx);
		return;
	}
	reason = vl_source_ignore(s, file, sqlite3_value_int64(argv[1]),
				  checker);
	if (reason)
		sqlite3_result_text(ctx, reason, -1, free);
	else
		sqlite3_result_null(ctx);
}

int vl_sources_register(struct vl_sources *s, sqlite3 *db)
{
	return sqlite3_create_function(db, "vl_ignore", 3, SQLITE_UTF8, s,
				       sql_ignore, NULL, NULL) == SQLITE_OK
		       ? 0 : -1;
}
