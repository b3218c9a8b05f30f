// A helper that drops a callers' lock on two kinds of path, which need it
// under different conditions (vp->file set or not), drops it under what
// they share (vp->anon_vma set): mm/vma.c vma_complete() unlocks the
// anon_vma that vma_prepare() locked, whether the VMA has a file or not.
// Before, the release kept the conditions of the first path only, and
// callers with a file were left holding the anon_vma lock.
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void vma_interval_tree_remove(struct vm_area_struct *node, void *root);

struct prep {
	struct vm_area_struct *vma;
	struct file *file;
	struct address_space *mapping;
	struct anon_vma *anon_vma;
};

static void prepare(struct prep *vp)
{
	if (vp->file)
		i_mmap_lock_write(vp->mapping);
	if (vp->anon_vma)
		anon_vma_lock_write(vp->anon_vma); // expected-note {{taken in prepare() here}}
}

static void complete(struct prep *vp)
{
	/* Any i_mmap lock will do: the file path needs one lock more. */
	if (vp->file)
		vma_interval_tree_remove(vp->vma, 0);
	if (vp->anon_vma)
		anon_vma_unlock_write(vp->anon_vma);
	if (vp->file)
		i_mmap_unlock_write(vp->mapping);
}

void good_prepare_complete(struct vm_area_struct *vma)
{
	struct prep vp = { 0 };

	vp.file = vma->vm_file;
	if (vp.file)
		vp.mapping = vma->vm_file->f_mapping;
	vp.anon_vma = vma->anon_vma;
	prepare(&vp);
	complete(&vp);
}

void good_file_and_anon_vma(struct vm_area_struct *vma)
{
	struct prep vp = { 0 };

	if (!vma->vm_file || !vma->anon_vma)
		return;
	vp.file = vma->vm_file;
	vp.mapping = vma->vm_file->f_mapping;
	vp.anon_vma = vma->anon_vma;
	prepare(&vp);
	complete(&vp);
}

void bad_no_complete(struct vm_area_struct *vma)
{
	struct prep vp = { 0 };

	vp.anon_vma = vma->anon_vma;
	prepare(&vp); // expected-note {{anon_vma write lock of vma->anon_vma->root returned held by this call}}
} // expected-warning {{bad_no_complete() returns with the anon_vma write lock of vma->anon_vma->root held [vmalock-held-at-exit]}}
