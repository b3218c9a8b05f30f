// A page walk's locking follows ops->walk_lock, and the ops table is a
// const global: walk_page_vma(vma, &smaps_walk_ops, ...) needs only the
// mmap read lock when smaps_walk_ops says PGWALK_RDLOCK (or leaves
// .walk_lock out: 0 is PGWALK_RDLOCK), the mmap write lock (and takes the
// VMA write lock itself) for PGWALK_WRLOCK.  The field of a const global
// is read as its initialiser, through the pointer the caller passes.
// 6.12 mm/pagewalk.c process_mm_walk_lock(), process_vma_walk_lock();
// process_addrs.rst, "Page table locks" / include/linux/pagewalk.h.
// RUN: %check %s

#include "kernel.h"

static inline void process_mm_walk_lock(struct mm_struct *mm,
					enum page_walk_lock walk_lock)
{
	if (walk_lock == PGWALK_RDLOCK)
		mmap_assert_locked(mm);
	else
		mmap_assert_write_locked(mm); // expected-note 3 {{process_mm_walk_lock() asserts it here}}
}

static inline void process_vma_walk_lock(struct vm_area_struct *vma,
					 enum page_walk_lock walk_lock)
{
	switch (walk_lock) {
	case PGWALK_WRLOCK:
		vma_start_write(vma);
		break;
	case PGWALK_WRLOCK_VERIFY:
		vma_assert_write_locked(vma); // expected-note 2 {{process_vma_walk_lock() asserts it here}}
		break;
	case PGWALK_RDLOCK:
		break;
	}
}

int test_walk_page_vma(struct vm_area_struct *vma,
		       const struct mm_walk_ops *ops, void *private)
{
	process_mm_walk_lock(vma->vm_mm, ops->walk_lock); // expected-note 3 {{test_walk_page_vma() calls process_mm_walk_lock() here}}
	process_vma_walk_lock(vma, ops->walk_lock); // expected-note 2 {{test_walk_page_vma() calls process_vma_walk_lock() here}}
	return 0;
}

static const struct mm_walk_ops rd_ops = {
	.walk_lock = PGWALK_RDLOCK,
};
static const struct mm_walk_ops implicit_rd_ops = {
	.pte_hole = NULL,
};
static const struct mm_walk_ops wr_ops = {
	.walk_lock = PGWALK_WRLOCK,
};
static const struct mm_walk_ops verify_ops = {
	.walk_lock = PGWALK_WRLOCK_VERIFY,
};
/* Not const: its walk_lock may change, so nothing is read from it. */
static struct mm_walk_ops mutable_ops = {
	.walk_lock = PGWALK_RDLOCK,
};

int good_rd(struct vm_area_struct *vma)
{
	int r;

	mmap_read_lock(vma->vm_mm);
	r = test_walk_page_vma(vma, &rd_ops, NULL);
	mmap_read_unlock(vma->vm_mm);
	return r;
}

int good_implicit_rd(struct vm_area_struct *vma)
{
	int r;

	mmap_read_lock(vma->vm_mm);
	r = test_walk_page_vma(vma, &implicit_rd_ops, NULL);
	mmap_read_unlock(vma->vm_mm);
	return r;
}

int good_wr(struct vm_area_struct *vma)
{
	int r;

	mmap_write_lock(vma->vm_mm);
	r = test_walk_page_vma(vma, &wr_ops, NULL);
	mmap_write_unlock(vma->vm_mm);
	return r;
}

int good_verify(struct vm_area_struct *vma)
{
	int r;

	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	r = test_walk_page_vma(vma, &verify_ops, NULL);
	mmap_write_unlock(vma->vm_mm);
	return r;
}

int bad_wr(struct vm_area_struct *vma)
{
	int r;

	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	r = test_walk_page_vma(vma, &wr_ops, NULL); // expected-warning {{test_walk_page_vma() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
	return r;
}

int bad_verify(struct vm_area_struct *vma)
{
	int r;

	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	r = test_walk_page_vma(vma, &verify_ops, NULL); // expected-warning {{test_walk_page_vma() needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_write_unlock(vma->vm_mm);
	return r;
}

int bad_mutable(struct vm_area_struct *vma)
{
	int r;

	mmap_read_lock(vma->vm_mm); // expected-note 2 {{mmap read lock of vma->vm_mm taken here}}
	r = test_walk_page_vma(vma, &mutable_ops, NULL); // expected-warning {{test_walk_page_vma() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}} expected-warning {{test_walk_page_vma() needs the VMA write lock of vma; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
	return r;
}

/* One of two tables that agree on walk_lock (smap_gather_stats() picks
 * smaps_walk_ops or smaps_shmem_walk_ops): still a read-mode walk. */
static const struct mm_walk_ops rd_ops2 = {
	.walk_lock = PGWALK_RDLOCK,
};

int good_rd_either(struct vm_area_struct *vma, int shmem)
{
	const struct mm_walk_ops *ops = &rd_ops;
	int r;

	if (shmem)
		ops = &rd_ops2;
	mmap_read_lock(vma->vm_mm);
	r = test_walk_page_vma(vma, ops, NULL);
	mmap_read_unlock(vma->vm_mm);
	return r;
}

/* Tables that disagree: on the path with wr_ops, a write-mode walk (the
 * paths with either table are kept apart, so that one is PGWALK_WRLOCK,
 * which takes the VMA write lock itself). */
int bad_rd_or_wr(struct vm_area_struct *vma, int wr)
{
	const struct mm_walk_ops *ops = &rd_ops;
	int r;

	if (wr)
		ops = &wr_ops;
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	r = test_walk_page_vma(vma, ops, NULL); // expected-warning {{test_walk_page_vma() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-call-requires]}}
	mmap_read_unlock(vma->vm_mm);
	return r;
}
