// A helper that fills in a struct through a pointer, one that locks what
// the struct names and one that unlocks it: the vma_prepare pattern of
// 6.12 mm/vma.c (init_multi_vma_prep(), vma_prepare(), vma_complete()).
// - A summary says what the function leaves in fields of *param on every
//   return path ("vp->mapping = vma->vm_file->f_mapping", stored only
//   where vp->file is set: on the other path the object it lies behind
//   does not exist), and whether it may store through a parameter at
//   all: a call that does not keeps what the caller knows of a local
//   struct.
// - "if (vp->file) i_mmap_lock_write(vp->mapping)", with the mapping
//   reached through the file, locks the mapping wherever it exists.
// - What a callee acquires is checked for lock order by its "takes",
//   against the locks held before the call, not against each other.
// RUN: %check %s

#include "kernel.h"
#include "vmalock.h"

void *memset(void *s, int c, unsigned long n);

#define VM_HUGETLB 0x00400000

struct test_prep {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct file *file;
	struct address_space *mapping;
};

static void test_init_prep(struct test_prep *vp, struct vm_area_struct *vma)
{
	memset(vp, 0, sizeof(*vp));
	vp->vma = vma;
	vp->anon_vma = vma->anon_vma;
	vp->file = vma->vm_file;
	if (vp->file)
		vp->mapping = vma->vm_file->f_mapping;
}

static void test_prepare(struct test_prep *vp)
{
	if (vp->file)
		i_mmap_lock_write(vp->mapping); // expected-note {{taken in test_prepare() here}}
	if (vp->anon_vma)
		anon_vma_lock_write(vp->anon_vma);
}

static void test_complete(struct test_prep *vp)
{
	if (vp->anon_vma)
		anon_vma_unlock_write(vp->anon_vma);
	if (vp->file)
		i_mmap_unlock_write(vp->mapping); // expected-note {{test_complete() releases it here}}
}

/* Needs the file's rmap lock (hugetlb_split() asserts it). */
static void test_split_file(struct vm_area_struct *vma)
{
	i_mmap_assert_write_locked(vma->vm_file->f_mapping); // expected-note {{test_split_file() asserts it here}}
}

static void test_touch(struct vm_area_struct *vma, struct test_prep *vp)
{
	vma->vm_pgoff = 0;
}

static void test_retarget(struct test_prep *vp, struct address_space *m)
{
	vp->mapping = m;
}

void good_split(struct vm_area_struct *vma, unsigned long addr)
{
	struct test_prep vp;

	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	test_init_prep(&vp, vma);
	test_prepare(&vp);
	if (vma->vm_flags & VM_HUGETLB)
		test_split_file(vma);
	test_touch(vma, &vp);
	vma->vm_start = addr;
	test_complete(&vp);
	mmap_write_unlock(vma->vm_mm);
}

void bad_split_unprepared(struct vm_area_struct *vma, unsigned long addr)
{
	struct test_prep vp;

	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	test_init_prep(&vp, vma);
	if (vma->vm_flags & VM_HUGETLB)
		test_split_file(vma); // expected-warning {{test_split_file() needs the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of vma->vm_mm, VMA write lock of vma [vmalock-call-requires]}}
	mmap_write_unlock(vma->vm_mm);
}

/* A callee that stores into a field of the struct: what the caller knew
 * of that field is gone, so the i_mmap lock test_complete() releases is
 * not the one held; the anon_vma it did not touch still is. */
void bad_retargeted(struct vm_area_struct *vma, struct address_space *m)
{
	struct test_prep vp;

	test_init_prep(&vp, vma);
	test_prepare(&vp); // expected-note 2 {{taken here}} expected-note {{returned held by this call}}
	test_retarget(&vp, m);
	test_complete(&vp); // expected-warning {{test_complete() needs the i_mmap write lock of m; held: i_mmap write lock of vma->vm_file->f_mapping, anon_vma write lock of vma->anon_vma->root [vmalock-call-requires]}}
} // expected-warning {{bad_retargeted() returns with the i_mmap write lock of vma->vm_file->f_mapping held [vmalock-held-at-exit]}}
