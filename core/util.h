/*
 * Small utilities shared by the C core, the store and the command-line
 * tool: an arena allocator, growable arrays, a string buffer, interned
 * strings and a stable hash.  Nothing here knows about locks.
 */
#ifndef VL_UTIL_H
#define VL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define VL_NONE UINT32_MAX

#define VL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define VL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VL_PRINTF(f, a)
#endif

/* Allocation that cannot fail: out of memory aborts with a message. */
void *vl_xmalloc(size_t n);
void *vl_xcalloc(size_t n, size_t size);
void *vl_xrealloc(void *p, size_t n);
char *vl_xstrdup(const char *s);
char *vl_xstrndup(const char *s, size_t n);

/*
 * Arena: many small allocations freed at once.  Memory is zeroed.
 */
struct vl_arena_block;
struct vl_arena {
	struct vl_arena_block *head;
	size_t used;		/* bytes used in head */
	size_t total;		/* bytes allocated over all blocks */
};

void vl_arena_init(struct vl_arena *a);
void *vl_arena_alloc(struct vl_arena *a, size_t n);
char *vl_arena_strdup(struct vl_arena *a, const char *s);
char *vl_arena_strndup(struct vl_arena *a, const char *s, size_t n);
void vl_arena_free(struct vl_arena *a);

/*
 * Growable array of fixed-size elements, owned by the caller (plain
 * malloc).  Use with a typed pointer:
 *	struct foo *v = NULL; uint32_t n = 0, cap = 0;
 *	VL_PUSH(v, n, cap) = x;
 */
void *vl_grow(void *p, uint32_t *cap, uint32_t need, size_t elem);
#define VL_RESERVE(v, n, cap, need)                                        \
	((need) > (cap) ? (void)((v) = vl_grow((v), &(cap), (need),        \
					       sizeof(*(v))))          \
			: (void)0)
#define VL_PUSH(v, n, cap)                                                 \
	(*(VL_RESERVE(v, n, cap, (n) + 1), &(v)[(n)++]))

/*
 * String buffer: always NUL-terminated once something was appended or
 * vl_buf_cstr() was called.
 */
struct vl_buf {
	char *s;
	size_t len;
	size_t cap;
};

void vl_buf_init(struct vl_buf *b);
void vl_buf_free(struct vl_buf *b);
void vl_buf_reset(struct vl_buf *b);
void vl_buf_add(struct vl_buf *b, const char *s, size_t n);
void vl_buf_puts(struct vl_buf *b, const char *s);
void vl_buf_putc(struct vl_buf *b, char c);
void vl_buf_printf(struct vl_buf *b, const char *fmt, ...) VL_PRINTF(2, 3);
void vl_buf_vprintf(struct vl_buf *b, const char *fmt, va_list ap);
const char *vl_buf_cstr(struct vl_buf *b);
/* Detach the string; the buffer becomes empty.  Caller frees. */
char *vl_buf_steal(struct vl_buf *b);

/*
 * Interned strings: equal strings give the same pointer, so they can be
 * compared with ==.  A table lives as long as its owner (a spec, a unit).
 */
struct vl_strtab {
	struct vl_arena arena;
	const char **slots;
	uint32_t nslots;	/* power of two */
	uint32_t count;
};

void vl_strtab_init(struct vl_strtab *t);
const char *vl_intern(struct vl_strtab *t, const char *s);
const char *vl_intern_n(struct vl_strtab *t, const char *s, size_t n);
/* The interned copy if present, else NULL. */
const char *vl_strtab_find(const struct vl_strtab *t, const char *s);
void vl_strtab_free(struct vl_strtab *t);

/* 64-bit FNV-1a: stable across runs and machines (used in fingerprints). */
uint64_t vl_hash_bytes(uint64_t h, const void *p, size_t n);
uint64_t vl_hash_str(uint64_t h, const char *s);
#define VL_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint32_t vl_hash_mix32(uint32_t a, uint32_t b);

/* Read a whole file; NULL with errno set on failure.  Caller frees. */
char *vl_read_file(const char *path, size_t *len);

#endif /* VL_UTIL_H */
