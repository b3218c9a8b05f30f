// GUP's "int *locked": the caller holds the mmap read lock while *locked
// is 1; the lock may be dropped only when locked is given, and *locked is
// then 0 exactly where it was.  The callers test "locked" to know whether
// they still hold it (6.12 mm/gup.c __mm_populate(), mm/madvise.c
// madvise_populate(), mm/process_vm_access.c, fs/exec.c get_arg_page()).
// The spec says "releases ... when *locked == 0": the lock is held iff
// what the callee left in *locked is non-zero.
// RUN: %check %s

#include "kernel.h"

long populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end, int *locked);
long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
int fixup_user_fault(struct mm_struct *mm, unsigned long address,
		     unsigned int fault_flags, bool *unlocked);
struct vm_area_struct *test_find(struct mm_struct *mm, unsigned long addr);

/* __mm_populate(): the lock is retaken when a call dropped it. */
int good_populate(struct mm_struct *mm, unsigned long start,
		  unsigned long end)
{
	struct vm_area_struct *vma = NULL;
	unsigned long nstart;
	int locked = 0;
	long ret = 0;

	for (nstart = start; nstart < end; nstart += 4096) {
		if (!locked) {
			locked = 1;
			mmap_read_lock(mm);
			vma = test_find(mm, nstart);
		}
		if (!vma)
			break;
		ret = populate_vma_page_range(vma, nstart, end, &locked);
		if (ret < 0)
			break;
	}
	if (locked)
		mmap_read_unlock(mm);
	return ret;
}

/* Without the test, the lock may be gone. */
void bad_populate(struct vm_area_struct *vma, unsigned long start,
		  unsigned long end)
{
	int locked = 1;

	mmap_read_lock(vma->vm_mm);
	populate_vma_page_range(vma, start, end, &locked);
	mmap_read_unlock(vma->vm_mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of vma->vm_mm, which an earlier call may have released (this path does not show whether it did) [vmalock-release-unheld]}}
}

/* No locked: the lock is never dropped (get_arg_page()). */
void good_remote_unlockable(struct mm_struct *mm, unsigned long pos,
			    struct page **page)
{
	mmap_read_lock(mm);
	get_user_pages_remote(mm, pos, 1, 0, page, NULL);
	mmap_read_unlock(mm);
}

/* process_vm_rw_single_vec(): locked = 1 under the lock; unlock if still
 * held. */
void good_remote_locked(struct mm_struct *mm, unsigned long pos,
			struct page **pages)
{
	int locked = 1;

	mmap_read_lock(mm);
	get_user_pages_remote(mm, pos, 1, 0, pages, &locked);
	if (locked)
		mmap_read_unlock(mm);
}

void bad_remote_unlocked(struct mm_struct *mm, unsigned long pos,
			 struct page **pages)
{
	int locked = 1;

	get_user_pages_remote(mm, pos, 1, 0, pages, &locked); // expected-warning {{get_user_pages_remote() needs the mmap read lock of mm; held: nothing [vmalock-lock-prereq]}}
	if (locked)
		mmap_read_unlock(mm);
}

/* fault_in_safe_writeable(): fixup_user_fault() returns with the lock. */
void good_fixup(struct mm_struct *mm, unsigned long addr)
{
	bool unlocked = false;

	mmap_read_lock(mm);
	fixup_user_fault(mm, addr, 0, &unlocked);
	mmap_read_unlock(mm);
}

/* madvise_populate(): it retakes the lock only after the callee dropped
 * it, so its caller's lock is not taken twice. */
long faultin_page_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, bool write, int *locked);

static long test_madvise_populate(struct mm_struct *mm, unsigned long start,
				  unsigned long end)
{
	int locked = 1;
	long pages;

	while (start < end) {
		pages = faultin_page_range(mm, start, end, false, &locked);
		if (!locked) {
			mmap_read_lock(mm);
			locked = 1;
		}
		if (pages < 0)
			return pages;
		start += pages * 4096;
	}
	return 0;
}

void good_madvise(struct mm_struct *mm, unsigned long start,
		  unsigned long end)
{
	mmap_read_lock(mm);
	test_madvise_populate(mm, start, end);
	mmap_read_unlock(mm);
}
