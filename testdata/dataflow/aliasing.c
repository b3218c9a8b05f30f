// Aliasing through locals: a local names the value it was given, even
// after the field it was read from is rewritten; reassigning the local
// ends what it meant.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

struct vm_area_struct *vma_prev(struct vm_area_struct *vma);

/* mm is vma->vm_mm: locking one satisfies requirements on the other. */
void good_alias_mm(struct vm_area_struct *vma, pgprot_t prot)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	vma_start_write(vma);
	vma->vm_page_prot = prot;
	mmap_write_unlock(vma->vm_mm);
}

/* The local keeps naming the old anon_vma after vma->anon_vma is cleared,
 * so its unlock matches the lock. */
void good_old_value_kept(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(anon_vma);
	vma->anon_vma = NULL;
	anon_vma_unlock_write(anon_vma);
	mmap_write_unlock(vma->vm_mm);
}

/* After the field is cleared, vma->anon_vma no longer names the locked
 * anon_vma. */
void bad_unlock_through_field(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma (earlier value)->root taken here}}
	vma->anon_vma = NULL;
	anon_vma_unlock_write(vma->anon_vma); // expected-warning {{anon_vma_unlock_write() releases the anon_vma write lock of NULL->root, which is not held [vmalock-release-unheld]}}
	mmap_write_unlock(vma->vm_mm);
} // expected-warning {{bad_unlock_through_field() returns with the anon_vma write lock of vma->anon_vma (earlier value)->root held [vmalock-held-at-exit]}}
// expected-note@-5 {{anon_vma write lock of vma->anon_vma (earlier value)->root taken here}}

/* A lock on another VMA does not cover this one. */
void bad_other_vma(struct vm_area_struct *vma, pgprot_t prot)
{
	struct vm_area_struct *prev = vma_prev(vma);

	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(prev); // expected-note {{VMA write lock of prev taken here}}
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm, VMA write lock of prev [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

/* Reassigning the local: it now names another VMA, not the locked one. */
void bad_reassigned(struct vm_area_struct *vma, pgprot_t prot)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma (earlier value)->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma (earlier value) taken here}}
	vma = vma_prev(vma);
	vma->vm_page_prot = prot; // expected-warning {{write to vma->vm_page_prot needs the VMA write lock of vma; held: mmap write lock of vma (earlier value)->vm_mm, VMA write lock of vma (earlier value) [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

/* current is get_current(), pure in the spec: current->mm names the same
 * mm each time within a function. */
void bad_current_twice(void)
{
	mmap_read_lock(current->mm); // expected-note {{mmap read lock of get_current()->mm taken here}}
	mmap_read_lock(current->mm); // expected-warning {{mmap_read_lock() acquires the mmap read lock of get_current()->mm, which is already held [vmalock-double-acquire]}}
	mmap_read_unlock(current->mm);
	mmap_read_unlock(current->mm);
}

/* The VMA returned by a lookup is a value of its own. */
void good_lookup_result(struct mm_struct *mm, unsigned long addr, pgprot_t p)
{
	struct vm_area_struct *vma;

	mmap_write_lock(mm);
	vma = find_vma(mm, addr);
	if (vma) {
		vma_start_write(vma);
		vma->vm_page_prot = p;
	}
	mmap_write_unlock(mm);
}

void bad_lookup_result(struct mm_struct *mm, unsigned long addr, pgprot_t p)
{
	mmap_write_lock(mm);
	vma_start_write(find_vma(mm, addr)); // expected-note {{VMA write lock of find_vma() at line 97 taken here}}
	find_vma(mm, addr)->vm_page_prot = p; // expected-warning {{write to find_vma() at line 98->vm_page_prot needs the VMA write lock of find_vma() at line 98; held: mmap write lock of mm, VMA write lock of find_vma() at line 97 [vmalock-field-write]}}
	mmap_write_unlock(mm);
}
// expected-note@-5 {{mmap write lock of mm taken here}}
