/*
 * Unit tests of the stored form of the IR (core/irio.c): a unit read back
 * is the unit written (functions, locations with their source lines,
 * callbacks, annotations); static functions get per-unit link names;
 * duplicate definitions are dropped; and a damaged blob is refused with
 * a message, never read out of bounds (truncations and flipped bytes;
 * run under the sanitizers by scripts/test.sh --sanitize).
 */
#define _POSIX_C_SOURCE 200809L

#include "core/ir.h"
#include "core/irio.h"
#include "core/spec.h"
#include "vl_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *lines[] = { "void helper(struct vm_area_struct *vma)",
			       "\tvma->vm_start = addr;",
			       "\thelper(vma);" };

static const char *line_text(void *ctx, uint32_t loc, size_t *len)
{
	(void)ctx;
	*len = strlen(lines[loc % 3]);
	return lines[loc % 3];
}

/* static void helper(vma) { if (vma->anon_vma & 1) vma->vm_start = 0;
 * return; }  void caller(vma) { helper(vma); } */
static struct vl_unit *build(void)
{
	struct vl_unit *u = vl_unit_new(NULL, "a.c");
	uint32_t file = vl_unit_file(u, "a.c"), l[3], i;
	const char *params[] = { "vma" };
	struct vl_sibling sib = { "walk_lock", "PGWALK_RDLOCK", 0 };
	struct vl_func *f;
	uint32_t vma, e_vma, e_av, e_test, e_zero, site, args[1];

	for (i = 0; i < 3; i++)
		l[i] = vl_unit_loc(u, file, i + 1, 2, 0);
	u->fe.line_text = line_text;

	f = vl_func_new(u, "helper", true, l[0], l[1]);
	vma = vl_func_local(u, f, "vma", "struct vm_area_struct *",
			    "vm_area_struct", 0);
	vl_func_set_blocks(f, 3, 2, 0);
	vl_func_begin_block(f, 2);
	e_vma = vl_x_local(f, vma);
	e_av = vl_x_load(f, vl_x_field_addr(u, f, e_vma, "vm_area_struct",
					    "anon_vma"));
	/* (A logical operator: format 3; two values compared: format 4.) */
	e_test = vl_x_logic(f, false,
			    vl_x_test(f, vl_x_bitand(f, e_av, 1), VL_P_NE, 0),
			    vl_x_test(f, vl_x_eq(f, e_vma, e_av), VL_P_EQ, 0));
	vl_func_edge(f, 2, 1, e_test, true);
	vl_func_edge_all(f, 2, 0, &e_test, 1);
	vl_func_begin_block(f, 1);
	e_zero = vl_x_const(f, -5);
	vl_ev_write(u, f, l[1], vl_x_local(f, vma), "vm_area_struct",
		    "vm_start", e_zero, 0);
	vl_ev_return(f, l[1], VL_NONE);
	vl_func_edge(f, 1, 0, VL_NONE, true);
	vl_func_finish(f);

	f = vl_func_new(u, "caller", false, l[2], l[2]);
	vma = vl_func_local(u, f, "vma", "struct vm_area_struct *",
			    "vm_area_struct", 0);
	vl_func_set_blocks(f, 2, 1, 0);
	vl_func_begin_block(f, 1);
	site = vl_func_new_site(f);
	args[0] = vl_x_local(f, vma);
	vl_ev_call(u, f, l[2], site, "helper", VL_NONE, args, 1, 0);
	vl_ev_call(u, f, l[2], vl_func_new_site(f), "external", VL_NONE, args,
		   1, 0);
	vl_func_edge(f, 1, 0, VL_NONE, true);
	vl_func_finish(f);

	vl_unit_callback(u, "helper", "mm_walk_ops", "pmd_entry", &sib, 1);
	vl_unit_const_field(u, "rd_ops", "walk_lock", 0);
	vl_unit_const_field(u, "wr_ops", "walk_lock", 1);
	vl_unit_annotation(u, VL_SUBJ_FUNCTION, "caller", NULL, params, 1,
			   "requires mmap(vma->vm_mm):read", "a.c", 3, 1);
	return u;
}

static char *dump(const struct vl_unit *u)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	uint32_t i;

	for (i = 0; i < u->nfuncs; i++)
		vl_func_dump(u, u->funcs[i], out);
	fclose(out);
	return text;
}

static void test_round_trip(void)
{
	struct vl_unit *u = build(), *p = vl_unit_new(NULL, "<link>");
	struct vl_buf blob;
	char *err = NULL, *a, *b;
	const struct vl_func *h, *c;
	int64_t k;
	size_t len;

	vl_buf_init(&blob);
	vl_ir_encode(u, &blob);
	CHECK(blob.len > 8 && memcmp(vl_buf_cstr(&blob), "VLIR", 4) == 0);
	CHECK(vl_ir_decode_into(p, vl_buf_cstr(&blob), blob.len, "7", &err) ==
	      0);
	CHECK(err == NULL);
	a = dump(u);
	b = dump(p);
	CHECK_STR(a, b);
	free(a);
	free(b);
	CHECK(p->nfuncs == 2 && p->nlocs == 3 && p->nfiles == 1);
	h = p->funcs[0];
	c = p->funcs[1];
	/* A static function gets a link name; the unit's calls to it use it,
	 * calls to other functions do not. */
	CHECK_STR(h->name, "helper");
	CHECK_STR(h->link_name, "helper@7");
	CHECK(c->link_name == NULL);
	CHECK(c->events[0].link && strcmp(c->events[0].link, "helper@7") == 0);
	CHECK(c->events[1].link == NULL);
	/* A local made by vl_func_local() is no record until told so (the
	 * flag was left uninitialised once: UBSan saw a bool of 190). */
	CHECK(h->nlocals == 1 && !h->locals[0].is_record &&
	      !h->locals[0].addr_taken);
	/* Locations keep their source lines (fingerprints need them). */
	CHECK_STR(p->fe.line_text(p->fe.ctx, 1, &len), lines[1]);
	CHECK(len == strlen(lines[1]));
	CHECK(p->locs[2].line == 3 && p->locs[2].col == 2);
	/* Callbacks and annotations come along. */
	CHECK(p->ncbregs == 1 && strcmp(p->cbregs[0].func, "helper@7") == 0 &&
	      p->cbregs[0].nsibs == 1 &&
	      strcmp(p->cbregs[0].sibs[0].name, "PGWALK_RDLOCK") == 0);
	CHECK(p->nannots == 1 && p->annots[0].nparams == 1 &&
	      strcmp(p->annots[0].text, "requires mmap(vma->vm_mm):read") ==
		      0 &&
	      p->annots[0].line == 3);
	/* Constant fields of const globals too (format 2). */
	CHECK(p->nconsts == 2);
	CHECK(vl_unit_const_lookup(p, vl_unit_intern(p, "wr_ops"),
				   vl_unit_intern(p, "walk_lock"), &k) &&
	      k == 1);
	CHECK(!vl_unit_const_lookup(p, vl_unit_intern(p, "wr_ops"),
				    vl_unit_intern(p, "pte_hole"), &k));
	/* A second unit: its locations follow the first's. */
	CHECK(vl_ir_decode_into(p, vl_buf_cstr(&blob), blob.len, "8", &err) ==
	      0);
	/* The same static global with the same value: still known. */
	CHECK(vl_unit_const_lookup(p, vl_unit_intern(p, "wr_ops"),
				   vl_unit_intern(p, "walk_lock"), &k) &&
	      k == 1);
	/* Another unit's "wr_ops" with another value: no longer assumed. */
	vl_unit_const_field(p, "wr_ops", "walk_lock", 2);
	CHECK(!vl_unit_const_lookup(p, vl_unit_intern(p, "wr_ops"),
				    vl_unit_intern(p, "walk_lock"), &k));
	CHECK(p->nfuncs == 4 && p->nlocs == 6 && p->nfiles == 1);
	CHECK(p->funcs[3]->events[0].loc == 5);
	CHECK_STR(p->funcs[2]->link_name, "helper@8");
	/* "caller" is defined twice (non-static): one is kept. */
	CHECK(vl_unit_drop_duplicate_functions(p) == 1);
	CHECK(p->nfuncs == 3);
	vl_buf_free(&blob);
	vl_unit_free(u);
	vl_unit_free(p);
}

static void test_damaged(void)
{
	struct vl_unit *u = build();
	struct vl_buf blob;
	char *copy, *err;
	size_t n, i;
	uint32_t ok = 0;

	vl_buf_init(&blob);
	vl_ir_encode(u, &blob);
	n = blob.len;
	copy = malloc(n);
	/* Every truncation is refused, and leaves the program as it was. */
	for (i = 0; i < n; i++) {
		struct vl_unit *p = vl_unit_new(NULL, "<link>");

		memcpy(copy, vl_buf_cstr(&blob), i);
		err = NULL;
		CHECK(vl_ir_decode_into(p, copy, i, "0", &err) == -1);
		CHECK(err != NULL && p->nfuncs == 0 && p->nlocs == 0);
		free(err);
		vl_unit_free(p);
	}
	/* Flipped bytes: refused or read, never out of bounds. */
	for (i = 0; i < n; i++) {
		struct vl_unit *p = vl_unit_new(NULL, "<link>");

		memcpy(copy, vl_buf_cstr(&blob), n);
		copy[i] = (char)(copy[i] ^ 0x5a);
		err = NULL;
		if (vl_ir_decode_into(p, copy, n, "0", &err) == 0)
			ok++;
		else
			CHECK(err && strstr(err, "stored IR is malformed"));
		free(err);
		vl_unit_free(p);
	}
	CHECK(ok < n);
	/* Another format is named. */
	memcpy(copy, vl_buf_cstr(&blob), n);
	copy[4] = 9;
	err = NULL;
	{
		struct vl_unit *p = vl_unit_new(NULL, "<link>");

		CHECK(vl_ir_decode_into(p, copy, n, "0", &err) == -1);
		CHECK(err && strstr(err, "format 9"));
		vl_unit_free(p);
	}
	free(err);
	free(copy);
	vl_buf_free(&blob);
	vl_unit_free(u);
}

/* A blob stored by the previous format (no constant fields) is read. */
static void test_format_1(void)
{
	struct vl_unit *u = build(), *p = vl_unit_new(NULL, "<link>");
	struct vl_buf blob;
	char *copy, *err = NULL;
	size_t n;

	u->nconsts = 0;		/* format 1 had no such table */
	vl_buf_init(&blob);
	vl_ir_encode(u, &blob);
	n = blob.len;
	copy = vl_xmalloc(n);
	memcpy(copy, vl_buf_cstr(&blob), n);
	/* Format 2 ends with the count of constant fields (0: one byte). */
	CHECK(copy[n - 1] == 0);
	copy[4] = 1;
	CHECK(vl_ir_decode_into(p, copy, n - 1, "1", &err) == 0);
	CHECK(err == NULL && p->nfuncs == 2 && p->nconsts == 0);
	free(err);
	free(copy);
	vl_buf_free(&blob);
	vl_unit_free(u);
	vl_unit_free(p);
}

int main(void)
{
	test_round_trip();
	test_damaged();
	test_format_1();
	return vl_test_done("test_irio");
}
