// A helper that drops the callers' lock only on success, and only where
// a flag says so, drops it under both, although it needs the lock
// whatever the flag: mm/vma.c do_vmi_align_munmap()
// returns 0 after vms_complete_munmap_vmas() has dropped the mmap lock
// "if (vms->unlock)" (and only may drop it, as vms->nr_pages decides the
// read unlock), and leaves the lock with the caller on error.  Before,
// the release kept the result condition alone, and vm_brk_flags(), which
// passes unlock = false, lost its write lock.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct munmap_state {
	bool unlock;
	int nr_pages;
	struct mm_struct *mm;
};

static void init_state(struct munmap_state *vms, struct mm_struct *mm,
		       bool unlock)
{
	vms->mm = mm;
	vms->unlock = unlock;
	vms->nr_pages = 0;
}

int test_count_pages(void);

/* Needs the lock whatever the flag: the condition is the release's own. */
static int gather(struct munmap_state *vms)
{
	int n = test_count_pages();

	mmap_assert_write_locked(vms->mm);

	if (n < 0)
		return n;
	vms->nr_pages += n;
	return 0;
}

static void complete(struct munmap_state *vms)
{
	struct mm_struct *mm = vms->mm;

	if (vms->unlock)
		mmap_write_downgrade(mm);
	if (!vms->nr_pages)
		return;
	if (vms->unlock)
		mmap_read_unlock(mm);
}

static int align_munmap(struct mm_struct *mm, bool unlock)
{
	struct munmap_state vms;
	int error;

	init_state(&vms, mm, unlock);
	error = gather(&vms);
	if (error)
		goto fail;
	complete(&vms);
	return 0;
fail:
	return error;
}

/* unlock = false: the write lock is still held whatever the result. */
void good_keep(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	if (align_munmap(mm, false))
		goto out;
	vma_start_write(vma);
out:
	mmap_write_unlock(mm);
}

/* unlock = true: on success the lock may be gone. */
void bad_unlocked(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	if (align_munmap(mm, true)) { // expected-note {{mmap write lock of mm released here}}
		mmap_write_unlock(mm);
		return;
	}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of mm; held: nothing [vmalock-lock-prereq]}}
}

/* A condition the caller leaves open: the result still decides.
 * mm/userfaultfd.c userfaultfd_remove() drops the mmap read lock and
 * returns false only with a context that wants remove events, and
 * madvise_dontneed_free() takes the lock again on false. */
struct test_uffd_ctx {
	unsigned int features;
};

static bool test_uffd_remove(struct mm_struct *mm, struct test_uffd_ctx *ctx)
{
	if (!ctx || !(ctx->features & 0x8))
		return true;
	mmap_read_unlock(mm);
	return false;
}

static void test_dontneed(struct mm_struct *mm, struct test_uffd_ctx *ctx)
{
	if (!test_uffd_remove(mm, ctx))
		mmap_read_lock(mm);
}

/* The take in test_dontneed() follows the release: not a second hold. */
void good_relock(struct mm_struct *mm, struct test_uffd_ctx *ctx)
{
	mmap_read_lock(mm);
	test_dontneed(mm, ctx);
	mmap_read_unlock(mm);
}
