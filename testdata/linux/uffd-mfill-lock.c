// uffd_mfill_lock() returns a VMA read-locked, or an error pointer with
// nothing held; callers test IS_ERR() and unlock with
// uffd_mfill_unlock() (6.12 mm/userfaultfd.c mfill_atomic()).  The spec
// says "acquires vma(return):read when !IS_ERR(return)": IS_ERR() is pure,
// so the caller's test of it decides the lock.
// RUN: %check %s

#include "kernel.h"

struct vm_area_struct *uffd_mfill_lock(struct mm_struct *dst_mm,
				       unsigned long dst_start,
				       unsigned long len);
static void uffd_mfill_unlock(struct vm_area_struct *vma)
{
	vma_end_read(vma); // expected-note {{uffd_mfill_unlock() releases it here}}
}
bool test_copy(struct vm_area_struct *vma);
void test_need_vma(struct vm_area_struct *vma)
	__attribute__((annotate("vmalock: requires vma(vma):read")));

long good_mfill(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *dst_vma;

retry:
	dst_vma = uffd_mfill_lock(mm, start, len);
	if (IS_ERR(dst_vma))
		return -1;
	test_need_vma(dst_vma);
	if (test_copy(dst_vma)) {
		uffd_mfill_unlock(dst_vma);
		goto retry;
	}
	uffd_mfill_unlock(dst_vma);
	return 0;
}

long bad_mfill_error(struct mm_struct *mm, unsigned long start,
		     unsigned long len)
{
	struct vm_area_struct *dst_vma = uffd_mfill_lock(mm, start, len);

	if (IS_ERR(dst_vma)) {
		uffd_mfill_unlock(dst_vma); // expected-warning {{uffd_mfill_unlock() needs the VMA read lock of dst_vma; held: nothing [vmalock-call-requires]}}
		return -1;
	}
	uffd_mfill_unlock(dst_vma);
	return 0;
}

/* uffd_move_lock() returns 0 with both VMAs read-locked; move_pages()
 * works on them and drops them with uffd_move_unlock(). */
int uffd_move_lock(struct mm_struct *mm, unsigned long dst_start,
		   unsigned long src_start, struct vm_area_struct **dst_vmap,
		   struct vm_area_struct **src_vmap);
void uffd_move_unlock(struct vm_area_struct *dst_vma,
		      struct vm_area_struct *src_vma);

int good_move(struct mm_struct *mm, unsigned long dst, unsigned long src)
{
	struct vm_area_struct *dst_vma, *src_vma;
	int err = uffd_move_lock(mm, dst, src, &dst_vma, &src_vma);

	if (err)
		return err;
	test_need_vma(dst_vma);
	test_need_vma(src_vma);
	uffd_move_unlock(dst_vma, src_vma);
	return 0;
}

int bad_move_failed(struct mm_struct *mm, unsigned long dst,
		    unsigned long src)
{
	struct vm_area_struct *dst_vma, *src_vma;
	int err = uffd_move_lock(mm, dst, src, &dst_vma, &src_vma);

	if (!err)
		uffd_move_unlock(dst_vma, src_vma); // expected-note {{VMA read lock of src_vma released here}} expected-note {{VMA read lock of dst_vma released here}}
	test_need_vma(src_vma); // expected-warning {{test_need_vma() needs the VMA read lock of src_vma; held: nothing [vmalock-call-requires]}}
	return err;
}
