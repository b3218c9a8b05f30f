// vma->anon_vma: what a write needs depends on the value it replaces and
// the value written.  NULL -> non-NULL: the mmap read lock and
// mm->page_table_lock (as __anon_vma_prepare() does), or the stronger
// mmap write + VMA write, which excludes every fault; non-NULL -> NULL:
// mmap write, VMA write and the anon_vma write lock.
// process_addrs.rst, "VMA fields", "Reverse mapping fields": anon_vma:
// "When NULL and setting non-NULL: mmap read, page_table_lock. When
// non-NULL and setting NULL: mmap write, VMA write, anon_vma write."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* NULL -> non-NULL */
void good_set_under_page_table_lock(struct vm_area_struct *vma,
				    struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!av)
		return;
	mmap_read_lock(mm);
	spin_lock(&mm->page_table_lock);
	if (!vma->anon_vma)
		vma->anon_vma = av;
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
}

void bad_set_without_page_table_lock(struct vm_area_struct *vma,
				     struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!av)
		return;
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	if (!vma->anon_vma)
		vma->anon_vma = av; // expected-warning {{write to vma->anon_vma (from NULL to non-NULL) needs either the page_table_lock of mm or the mmap write lock of mm and the VMA write lock of vma; held: mmap read lock of mm [vmalock-field-write]}}
	mmap_read_unlock(mm);
}

void bad_set_page_table_lock_only(struct vm_area_struct *vma,
				  struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!av)
		return;
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	if (!vma->anon_vma)
		vma->anon_vma = av; // expected-warning {{write to vma->anon_vma (from NULL to non-NULL) needs either the mmap read lock of mm or the mmap write lock of mm and the VMA write lock of vma; held: page_table_lock of mm [vmalock-field-write]}}
	spin_unlock(&mm->page_table_lock);
}

/* The stronger alternative: no fault can run. */
void good_set_under_mmap_vma_write(struct vm_area_struct *vma,
				   struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!av)
		return;
	mmap_write_lock(mm);
	vma_start_write(vma);
	if (!vma->anon_vma)
		vma->anon_vma = av;
	mmap_write_unlock(mm);
}

/* non-NULL -> NULL */
void good_clear(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;

	if (!av)
		return;
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	anon_vma_lock_write(av);
	vma->anon_vma = NULL;
	anon_vma_unlock_write(av);
	mmap_write_unlock(vma->vm_mm);
}

void bad_clear_without_anon_vma_lock(struct vm_area_struct *vma)
{
	if (!vma->anon_vma)
		return;
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	vma->anon_vma = NULL; // expected-warning {{write to vma->anon_vma (from non-NULL to NULL) needs the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of vma->vm_mm, VMA write lock of vma [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

/* The locks of the NULL -> non-NULL case are not enough to clear it. */
void bad_clear_under_page_table_lock(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!vma->anon_vma)
		return;
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	vma->anon_vma = NULL; // expected-warning {{write to vma->anon_vma (from non-NULL to NULL) needs the mmap write lock of mm, the VMA write lock of vma and the anon_vma write lock of vma->anon_vma->root; held: mmap read lock of mm, page_table_lock of mm [vmalock-field-write]}}
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
}

/* non-NULL -> another anon_vma: as clearing. */
void bad_replace(struct vm_area_struct *vma, struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!av || !vma->anon_vma)
		return;
	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	vma->anon_vma = av; // expected-warning {{write to vma->anon_vma (from non-NULL to non-NULL) needs the mmap write lock of mm, the VMA write lock of vma and the anon_vma write lock of vma->anon_vma->root; held: mmap read lock of mm, page_table_lock of mm [vmalock-field-write]}}
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
}

/* Values not known: any applicable case is enough (the unlocked case is
 * in xfail-anon-vma-unknown-message.c). */
void good_unknown_values(struct vm_area_struct *vma, struct anon_vma *av)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_read_lock(mm);
	spin_lock(&mm->page_table_lock);
	vma->anon_vma = av;
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
}

