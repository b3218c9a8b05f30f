// Regression: fork() copying the parent's VMAs while faults run on them.
//
// Fix: fb49c455323f "fork: lock VMAs of the parent process when forking"
// (Suren Baghdasaryan, v6.5-rc1, Cc: stable; reported as memory corruption
// by Jiri Slaby, Holger Hoffstaette and Jacob Young on 6.4).
//
// What was wrong: dup_mmap() walks the parent's VMAs under the parent's
// mmap write lock, copies their anon_vma links (anon_vma_fork()) and page
// tables (copy_page_range(), which write-protects the parent's PTEs for
// COW).  It expects the parent VMA and its PTEs to stay stable, which the
// mmap write lock guaranteed until page faults started running under the
// per-VMA lock alone: a concurrent write fault could COW a just
// write-protected page and anon_vma_prepare() the parent VMA behind
// anon_vma_fork()'s back.  The fix calls vma_start_write(mpnt) on each
// parent VMA.
//
// Nothing in the buggy shape breaks a field rule: no field of the parent
// VMA is written (anon_vma_fork() reads mpnt->anon_vma; copy_page_range()
// changes PTEs, which needs the page-table lock and a stable VMA, and the
// mmap write lock makes the VMA stable).  What the fix enforces is "exclude
// faults on the source VMA while copying it", which the document does not
// state; the bundled spec says it as
//   function copy_page_range(dst_vma, src_vma) requires vma(src_vma):write;
//
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);
int copy_page_range(struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma);
struct vm_area_struct *next_vma(struct mm_struct *mm,
				struct vm_area_struct *vma);

int bad_dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt, *tmp;
	int retval = 0;

	if (mmap_write_lock_killable(oldmm)) // expected-note {{mmap write lock of oldmm taken here}}
		return -EINTR;
	for (mpnt = next_vma(oldmm, NULL); mpnt; mpnt = next_vma(oldmm, mpnt)) {
		tmp = vm_area_dup(mpnt);
		if (!tmp) {
			retval = -ENOMEM;
			break;
		}
		tmp->vm_mm = mm;
		if (anon_vma_fork(tmp, mpnt)) {
			retval = -ENOMEM;
			break;
		}
		retval = copy_page_range(tmp, mpnt); // expected-warning {{copy_page_range() needs the VMA write lock of mpnt}}
		if (retval)
			break;
	}
	mmap_write_unlock(oldmm);
	return retval;
}

int good_dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt, *tmp;
	int retval = 0;

	if (mmap_write_lock_killable(oldmm))
		return -EINTR;
	for (mpnt = next_vma(oldmm, NULL); mpnt; mpnt = next_vma(oldmm, mpnt)) {
		vma_start_write(mpnt);
		tmp = vm_area_dup(mpnt);
		if (!tmp) {
			retval = -ENOMEM;
			break;
		}
		tmp->vm_mm = mm;
		if (anon_vma_fork(tmp, mpnt)) {
			retval = -ENOMEM;
			break;
		}
		retval = copy_page_range(tmp, mpnt);
		if (retval)
			break;
	}
	mmap_write_unlock(oldmm);
	return retval;
}
