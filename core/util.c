/*
 * Utilities: allocation, arena, growable arrays, string buffer, string
 * interning, FNV-1a hashing, whole-file reads.
 */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
	fprintf(stderr, "vmalock: out of memory (%zu bytes)\n", n);
	abort();
}

void *vl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory(n);
	return p;
}

void *vl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory(n * size);
	return p;
}

void *vl_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		out_of_memory(n);
	return q;
}

char *vl_xstrdup(const char *s)
{
	return vl_xstrndup(s, strlen(s));
}

char *vl_xstrndup(const char *s, size_t n)
{
	char *p = vl_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ---- arena ---- */

struct vl_arena_block {
	struct vl_arena_block *next;
	size_t size;
	max_align_t data[];
};

#define ARENA_BLOCK 65536

void vl_arena_init(struct vl_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void *vl_arena_alloc(struct vl_arena *a, size_t n)
{
	size_t align = sizeof(max_align_t);
	char *p;

	n = (n + align - 1) & ~(align - 1);
	if (!a->head || a->used + n > a->head->size) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		struct vl_arena_block *b;

		b = vl_xmalloc(sizeof(*b) + size);
		b->next = a->head;
		b->size = size;
		a->head = b;
		a->used = 0;
		a->total += size;
	}
	p = (char *)a->head->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *vl_arena_strndup(struct vl_arena *a, const char *s, size_t n)
{
	char *p = vl_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *vl_arena_strdup(struct vl_arena *a, const char *s)
{
	return vl_arena_strndup(a, s, strlen(s));
}

void vl_arena_free(struct vl_arena *a)
{
	struct vl_arena_block *b = a->head;

	while (b) {
		struct vl_arena_block *next = b->next;

		free(b);
		b = next;
	}
	vl_arena_init(a);
}

/* ---- growable arrays ---- */

void *vl_grow(void *p, uint32_t *cap, uint32_t need, size_t elem)
{
	uint32_t c = *cap ? *cap : 8;

	while (c < need) {
		if (c > UINT32_MAX / 2)
			out_of_memory((size_t)need * elem);
		c *= 2;
	}
	p = vl_xrealloc(p, (size_t)c * elem);
	*cap = c;
	return p;
}

/* ---- string buffer ---- */

void vl_buf_init(struct vl_buf *b)
{
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
}

void vl_buf_free(struct vl_buf *b)
{
	free(b->s);
	vl_buf_init(b);
}

void vl_buf_reset(struct vl_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static void buf_reserve(struct vl_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap < 64)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = vl_xrealloc(b->s, b->cap);
}

void vl_buf_add(struct vl_buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void vl_buf_puts(struct vl_buf *b, const char *s)
{
	vl_buf_add(b, s, strlen(s));
}

void vl_buf_putc(struct vl_buf *b, char c)
{
	vl_buf_add(b, &c, 1);
}

void vl_buf_vprintf(struct vl_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void vl_buf_printf(struct vl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *vl_buf_cstr(struct vl_buf *b)
{
	buf_reserve(b, 0);
	b->s[b->len] = '\0';
	return b->s;
}

char *vl_buf_steal(struct vl_buf *b)
{
	char *s;

	vl_buf_cstr(b);
	s = b->s;
	vl_buf_init(b);
	return s;
}

/* ---- interned strings ---- */

void vl_strtab_init(struct vl_strtab *t)
{
	vl_arena_init(&t->arena);
	t->nslots = 256;
	t->slots = vl_xcalloc(t->nslots, sizeof(*t->slots));
	t->count = 0;
}

static uint32_t str_hash(const char *s, size_t n)
{
	return (uint32_t)vl_hash_bytes(VL_HASH_INIT, s, n);
}

static uint32_t strtab_slot(const struct vl_strtab *t, const char *s, size_t n)
{
	uint32_t mask = t->nslots - 1;
	uint32_t i = str_hash(s, n) & mask;

	while (t->slots[i]) {
		const char *e = t->slots[i];

		if (strncmp(e, s, n) == 0 && e[n] == '\0')
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static void strtab_rehash(struct vl_strtab *t)
{
	const char **old = t->slots;
	uint32_t oldn = t->nslots, i;

	t->nslots *= 2;
	t->slots = vl_xcalloc(t->nslots, sizeof(*t->slots));
	for (i = 0; i < oldn; i++) {
		if (old[i])
			t->slots[strtab_slot(t, old[i], strlen(old[i]))] = old[i];
	}
	free(old);
}

const char *vl_intern_n(struct vl_strtab *t, const char *s, size_t n)
{
	uint32_t i;

	if (!s)
		return NULL;
	if ((t->count + 1) * 2 > t->nslots)
		strtab_rehash(t);
	i = strtab_slot(t, s, n);
	if (!t->slots[i]) {
		t->slots[i] = vl_arena_strndup(&t->arena, s, n);
		t->count++;
	}
	return t->slots[i];
}

const char *vl_intern(struct vl_strtab *t, const char *s)
{
	return s ? vl_intern_n(t, s, strlen(s)) : NULL;
}

const char *vl_strtab_find(const struct vl_strtab *t, const char *s)
{
	return t->slots[strtab_slot(t, s, strlen(s))];
}

void vl_strtab_free(struct vl_strtab *t)
{
	free(t->slots);
	t->slots = NULL;
	vl_arena_free(&t->arena);
	t->count = 0;
	t->nslots = 0;
}

/* ---- hashing ---- */

uint64_t vl_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

uint64_t vl_hash_str(uint64_t h, const char *s)
{
	/* Include the terminator so that "ab","c" and "a","bc" differ. */
	return vl_hash_bytes(h, s, strlen(s) + 1);
}

uint32_t vl_hash_mix32(uint32_t a, uint32_t b)
{
	uint32_t h = a * 0x9e3779b1u;

	h ^= b + 0x7f4a7c15u + (h << 6) + (h >> 2);
	h ^= h >> 15;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

/* ---- files ---- */

char *vl_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct vl_buf b;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	vl_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vl_buf_add(&b, chunk, n);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		vl_buf_free(&b);
		errno = e ? e : EIO;
		return NULL;
	}
	fclose(f);
	if (len)
		*len = b.len;
	return vl_buf_steal(&b);
}
