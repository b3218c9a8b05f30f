// The per-VMA lock.  A VMA write lock needs the mmap write lock first,
// may be taken again, and has no unlock of its own: it ends when the mmap
// write lock is released or downgraded, or with vma_end_write_all().  A
// VMA read lock is taken with lock_vma_under_rcu() or vma_start_read()
// (6.12 userfaultfd: down_read(&vma->vm_lock->lock)) and dropped with
// vma_end_read().
// process_addrs.rst, "Lock usage": "VMA locks are special in that you must
// obtain an mmap write lock first in order to obtain a VMA write lock. A
// VMA read lock however can be obtained without any other lock"; "VMA lock
// internals": "releasing or downgrading the mmap write lock also releases
// the VMA write lock so there is no vma_end_write function."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* vma_start_write: mmap write first (lock-prereq). */
void good_start_write(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	mmap_write_unlock(vma->vm_mm);
}

void bad_start_write_unlocked(struct vm_area_struct *vma)
{
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of vma->vm_mm; held: nothing [vmalock-lock-prereq]}}
}

void bad_start_write_mmap_read(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-warning {{vma_start_write() needs the mmap write lock of vma->vm_mm; held: mmap read lock of vma->vm_mm [vmalock-lock-prereq]}}
	mmap_read_unlock(vma->vm_mm);
}

/* Taking it twice is a no-op; it is never held at exit. */
void good_start_write_twice(struct vm_area_struct *vma, pgprot_t prot)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	vma_start_write(vma);
	vma->vm_page_prot = prot;
	mmap_write_unlock(vma->vm_mm);
}

void good_start_write_left_to_caller(struct vm_area_struct *vma)
{
	mmap_assert_write_locked(vma->vm_mm);
	vma_start_write(vma);
}

/* mmap_write_unlock() ends every VMA write lock. */
void bad_write_after_relock(struct vm_area_struct *vma, pgprot_t prot)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	mmap_write_unlock(vma->vm_mm); // expected-note {{VMA write lock of vma released here}}
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

/* ... and so does mmap_write_downgrade(). */
void bad_write_after_downgrade(struct vm_area_struct *vma, pgprot_t prot)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma);
	mmap_write_downgrade(vma->vm_mm); // expected-note {{VMA write lock of vma released here}}
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: mmap read lock of vma->vm_mm [vmalock-field-write]}}
	mmap_read_unlock(vma->vm_mm);
}

/* ... and vma_end_write_all(), which keeps the mmap write lock. */
void bad_write_after_end_write_all(struct vm_area_struct *vma, pgprot_t prot)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma);
	vma_end_write_all(vma->vm_mm); // expected-note {{VMA write lock of vma released here}}
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

void good_end_write_all_then_relock(struct vm_area_struct *vma, pgprot_t prot)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	vma_end_write_all(vma->vm_mm);
	vma_start_write(vma);
	vma->vm_page_prot = prot;
	mmap_write_unlock(vma->vm_mm);
}

/* lock_vma_under_rcu() + vma_end_read(). */
int good_lock_vma_under_rcu(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return -EAGAIN;
	vma_end_read(vma);
	return 0;
}

int bad_vma_read_leak(struct mm_struct *mm, unsigned long addr, int x)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (!vma)
		return -EAGAIN;
	if (x)
		return -EINVAL; // expected-warning {{bad_vma_read_leak() returns with the VMA read lock of vma held [vmalock-held-at-exit]}}
	vma_end_read(vma);
	return 0;
}

void bad_vma_end_read_twice(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	vma_end_read(vma); // expected-note {{VMA read lock of vma released here}}
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
}

/* NULL means nothing is held: fall back to the mmap lock. */
void bad_vma_end_read_on_null(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (vma)
		return; // expected-warning {{bad_vma_end_read_on_null() returns with the VMA read lock of vma held [vmalock-held-at-exit]}}
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
}

/* vma_start_read(): true means read-locked. */
bool good_vma_start_read(struct vm_area_struct *vma)
{
	bool locked;

	rcu_read_lock();
	locked = vma_start_read(vma);
	rcu_read_unlock();
	if (!locked)
		return false;
	vma_end_read(vma);
	return true;
}

void bad_vma_start_read_failed(struct vm_area_struct *vma)
{
	if (vma_start_read(vma)) // expected-note {{VMA read lock of vma taken here}}
		return; // expected-warning {{bad_vma_start_read_failed() returns with the VMA read lock of vma held [vmalock-held-at-exit]}}
	vma_end_read(vma); // expected-warning {{vma_end_read() releases the VMA read lock of vma, which is not held [vmalock-release-unheld]}}
}

/* 6.12 userfaultfd (uffd_lock_vma()): the raw rwsem is the VMA lock. */
void good_raw_vma_read_lock(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm);
	down_read(&vma->vm_lock->lock);
	mmap_read_unlock(vma->vm_mm);
	vma_end_read(vma);
}

void good_raw_vma_read_lock_nested(struct vm_area_struct *dst,
				   struct vm_area_struct *src)
{
	mmap_read_lock(dst->vm_mm);
	down_read(&dst->vm_lock->lock);
	down_read_nested(&src->vm_lock->lock, 1);
	mmap_read_unlock(dst->vm_mm);
	vma_end_read(src);
	vma_end_read(dst);
}

void bad_raw_vma_read_leak(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm);
	down_read(&vma->vm_lock->lock); // expected-note {{VMA read lock of vma taken here}}
	mmap_read_unlock(vma->vm_mm);
} // expected-warning {{bad_raw_vma_read_leak() returns with the VMA read lock of vma held [vmalock-held-at-exit]}}

void bad_raw_vma_read_twice(struct vm_area_struct *vma)
{
	if (!vma_start_read(vma)) // expected-note {{VMA read lock of vma taken here}}
		return;
	down_read(&vma->vm_lock->lock); // expected-warning {{down_read() acquires the VMA read lock of vma, which is already held [vmalock-double-acquire]}}
	up_read(&vma->vm_lock->lock);
	vma_end_read(vma);
}
