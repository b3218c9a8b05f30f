// A local struct's fields that its initialiser leaves out are 0 (C11
// 6.7.9p21): walk_kernel_page_table_range() builds "struct mm_walk walk =
// { .ops = ops, .mm = mm, ... }" without .vma, so the walk's
// "if (walk->vma)" paths (split_huge_pmd(), which takes the PMD lock) are
// not taken.  A callee given &local may still fill an omitted field in
// (follow_pfnmap_start() sets args.lock: testdata/linux/pt-lock-helpers.c).
// (6.12 mm/pagewalk.c walk_kernel_page_table_range(), walk_pmd_range().)
// RUN: %check %s

#include "kernel.h"
#include "vmalock.h"

struct test_walk {
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long flags;
};

static void test_step(struct test_walk *w)
{
	if (w->vma)
		vma_start_write(w->vma); // expected-note 2 {{test_step() calls vma_start_write() here}}
}

/* No .vma: the VMA branch is dead. */
void good_no_vma(struct mm_struct *mm)
{
	struct test_walk w = { .mm = mm };

	test_step(&w);
}

/* An explicit NULL is the same. */
void good_null_vma(struct mm_struct *mm)
{
	struct test_walk w = { .vma = NULL, .mm = mm };

	test_step(&w);
}

/* With a VMA, its write lock needs the mmap write lock. */
void good_with_vma(struct vm_area_struct *vma)
{
	struct test_walk w = { .vma = vma, .mm = vma->vm_mm };

	mmap_write_lock(vma->vm_mm);
	test_step(&w);
	mmap_write_unlock(vma->vm_mm);
}

void bad_with_vma(struct vm_area_struct *vma)
{
	struct test_walk w = { .vma = vma, .mm = vma->vm_mm };

	test_step(&w); // expected-warning {{test_step() needs the mmap write lock of vma->vm_mm; held: nothing [vmalock-call-requires]}}
}

/* A callee may set the omitted field: after it, it is unknown. */
void fill_walk(struct test_walk *w);

void bad_filled_vma(struct mm_struct *mm)
{
	struct test_walk w = { .mm = mm };

	fill_walk(&w);
	test_step(&w); // expected-warning {{test_step() needs the mmap write lock of w.vma->vm_mm; held: nothing [vmalock-call-requires]}}
}

/* A requirement on an object reached through a field still NULL at the
 * call names nothing: the callee sets the field before it needs the lock
 * (vma_merge_new_range(&vmg) with vmg.vma unset, mm/mmap.c __mmap_region()). */
void test_merge(struct test_walk *w)
	__vl_requires(mmap(w->vma->vm_mm):write);

void good_merge_unset(struct mm_struct *mm)
{
	struct test_walk w = { .mm = mm };

	test_merge(&w);
}

void bad_merge_set(struct vm_area_struct *vma)
{
	struct test_walk w = { .vma = vma };

	test_merge(&w); // expected-warning {{test_merge() needs the mmap write lock of vma->vm_mm; held: nothing [vmalock-call-requires]}}
}
