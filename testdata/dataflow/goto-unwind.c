// Goto-based error unwinding, as in the kernel.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

int alloc_thing(void);

int good_unwind(struct vm_area_struct *vma, unsigned long start)
{
	struct mm_struct *mm = vma->vm_mm;
	int ret = 0;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	if (alloc_thing()) {
		ret = -ENOMEM;
		goto out;
	}
	vma_start_write(vma);
	if (alloc_thing()) {
		ret = -EAGAIN;
		goto out;
	}
	vma->vm_page_prot.pgprot = start;
out:
	mmap_write_unlock(mm);
	return ret;
}

int bad_unwind_skips_unlock(struct mm_struct *mm, struct anon_vma *av)
{
	int ret = 0;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	if (alloc_thing()) {
		ret = -ENOMEM;
		goto out;
	}
	anon_vma_lock_read(av);
	if (alloc_thing()) {
		ret = -EAGAIN;
		goto out_unlock_anon;
	}
	anon_vma_unlock_read(av);
	mmap_read_unlock(mm);
	return 0;
out_unlock_anon:
	anon_vma_unlock_read(av);
	mmap_read_unlock(mm);
out:
	return ret; // expected-warning {{bad_unwind_skips_unlock() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}
}

int bad_unwind_double_unlock(struct mm_struct *mm)
{
	int ret = 0;

	mmap_read_lock(mm);
	if (alloc_thing()) {
		ret = -ENOMEM;
		mmap_read_unlock(mm); // expected-note {{mmap read lock of mm released here}}
		goto out;
	}
	find_vma(mm, 0);
out:
	mmap_read_unlock(mm); // expected-warning {{mmap_read_unlock() releases the mmap read lock of mm, which is not held (on some paths) [vmalock-release-unheld]}}
	return ret;
}
