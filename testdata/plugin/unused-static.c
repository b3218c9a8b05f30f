// Static functions nothing calls (most are unused inline helpers from
// headers) are not analysed and report nothing; called ones are.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

static inline void unused_helper(struct mm_struct *mm)
{
	mmap_read_lock(mm);
}

static void used_helper(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
} // expected-warning {{used_helper() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}

/* Called only from an unused function: not analysed either. */
static void only_from_unused(struct mm_struct *mm)
{
	mmap_read_lock(mm);
}

static inline void unused_caller(struct mm_struct *mm)
{
	only_from_unused(mm);
}

/* Its address is taken at file scope (an operations table): a root. */
static void callback(struct mm_struct *mm)
{
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
} // expected-warning {{callback() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}

struct ops {
	void (*fn)(struct mm_struct *);
};
const struct ops my_ops = { .fn = callback };

/* Its only caller does not release the lock either: the helper is
 * blamed (testdata/summaries/ has the rest). */
void entry(struct mm_struct *mm)
{
	used_helper(mm); // expected-note {{entry() gets it from this call, and does not release it}}
}
