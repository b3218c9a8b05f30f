// VMA layout fields: vm_start, vm_end and vm_pgoff need the mmap write
// lock, the VMA write lock and the rmap write locks of the trees the VMA
// is in (i_mmap if it has a file, anon_vma if it has an anon_vma).
// process_addrs.rst, "VMA fields", "Virtual layout fields":
// vm_start, vm_end, vm_pgoff: "mmap write, VMA write, rmap write."
// Where the code does not show which trees the VMA is in, one rmap write
// lock is enough by default; strict mode wants every possible one.
// RUN: %checkp -Xclang -verify=expected,default %s
// RUN: %checkp -Xclang -verify=expected,default -DVL_TEST_INLINE %s
// RUN: %checkp -Xclang -verify=expected,strict -fplugin-arg-vmalock-strict -DSTRICT %s
// RUN: %checkp -Xclang -verify=expected,strict -fplugin-arg-vmalock-strict -DSTRICT -DVL_TEST_INLINE %s

#include "kernel.h"

/* File-backed, known from vm_file: the i_mmap write lock. */
void good_vm_start_file(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // strict-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // strict-note {{VMA write lock of vma taken here}}
	if (vma->vm_file) {
		i_mmap_lock_write(vma->vm_file->f_mapping); // strict-note {{i_mmap write lock of vma->vm_file->f_mapping taken here}}
		vma->vm_start = addr; // strict-warning {{write to vma->vm_start needs the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, VMA write lock of vma, i_mmap write lock of vma->vm_file->f_mapping [vmalock-field-write]}}
		i_mmap_unlock_write(vma->vm_file->f_mapping);
	}
	mmap_write_unlock(mm);
}

void bad_vm_start_file_anon_lock(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	if (vma->vm_file)
		vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of mm, VMA write lock of vma, anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}}
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(mm);
}

/* Anonymous, known from anon_vma: the anon_vma write lock. */
void good_vm_start_anon(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // strict-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // strict-note {{VMA write lock of vma taken here}}
	if (vma->anon_vma) {
		anon_vma_lock_write(vma->anon_vma); // strict-note {{anon_vma write lock of vma->anon_vma->root taken here}}
		vma->vm_start = addr; // strict-warning {{write to vma->vm_start needs the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of mm, VMA write lock of vma, anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}}
		anon_vma_unlock_write(vma->anon_vma);
	}
	mmap_write_unlock(mm);
}

void bad_vm_start_anon_i_mmap_lock(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	i_mmap_lock_write(vma->vm_file->f_mapping); // expected-note {{i_mmap write lock of vma->vm_file->f_mapping taken here}}
	if (vma->anon_vma)
		vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, VMA write lock of vma, i_mmap write lock of vma->vm_file->f_mapping [vmalock-field-write]}}
	i_mmap_unlock_write(vma->vm_file->f_mapping);
	mmap_write_unlock(mm);
}

/* Known to have no file: only the anon_vma tree applies. */
void bad_vm_start_no_file(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	if (!vma->vm_file)
		vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, VMA write lock of vma [vmalock-field-write]}}
	mmap_write_unlock(mm);
}

/* A private file mapping with an anon_vma is in both trees. */
void good_vm_start_both(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	vma_start_write(vma);
	if (vma->vm_file && vma->anon_vma) {
		i_mmap_lock_write(vma->vm_file->f_mapping);
		anon_vma_lock_write(vma->anon_vma);
		vma->vm_start = addr;
		anon_vma_unlock_write(vma->anon_vma);
		i_mmap_unlock_write(vma->vm_file->f_mapping);
	}
	mmap_write_unlock(mm);
}

void bad_vm_start_both_one_lock(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	if (vma->vm_file && vma->anon_vma) {
		i_mmap_lock_write(vma->vm_file->f_mapping); // expected-note {{i_mmap write lock of vma->vm_file->f_mapping taken here}}
		vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, VMA write lock of vma, i_mmap write lock of vma->vm_file->f_mapping [vmalock-field-write]}}
		i_mmap_unlock_write(vma->vm_file->f_mapping);
	}
	mmap_write_unlock(mm);
}

/* Not known: one rmap write lock is enough, except in strict mode. */
void unknown_vm_start_one_lock(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

#ifdef STRICT
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of mm, VMA write lock of vma, anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}}
#else
	mmap_write_lock(mm);
	vma_start_write(vma);
	anon_vma_lock_write(vma->anon_vma);
	vma->vm_start = addr;
#endif
	anon_vma_unlock_write(vma->anon_vma);
	mmap_write_unlock(mm);
}

void bad_vm_start_no_rmap_lock(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
#ifdef STRICT
	vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs the i_mmap write lock of vma->vm_file->f_mapping and the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, VMA write lock of vma [vmalock-field-write]}}
#else
	vma->vm_start = addr; // expected-warning {{write to vma->vm_start needs either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, VMA write lock of vma [vmalock-field-write]}}
#endif
	mmap_write_unlock(mm);
}

/* The mmap and VMA write locks are needed too. */
void bad_vm_start_no_vma_lock(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	if (vma->anon_vma) {
		anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
		vma->vm_start = addr; // default-warning {{write to vma->vm_start needs the VMA write lock of vma; held: mmap write lock of mm, anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}} strict-warning {{write to vma->vm_start needs the VMA write lock of vma and the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of mm, anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}}
		anon_vma_unlock_write(vma->anon_vma);
	}
	mmap_write_unlock(mm);
}

void bad_vm_start_mmap_read(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	if (vma->anon_vma) {
		anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
		vma->vm_start = addr; // default-warning {{write to vma->vm_start needs the mmap write lock of mm and the VMA write lock of vma; held: mmap read lock of mm, anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}} strict-warning {{write to vma->vm_start needs the mmap write lock of mm, the VMA write lock of vma and the i_mmap write lock of vma->vm_file->f_mapping; held: mmap read lock of mm, anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}}
		anon_vma_unlock_write(vma->anon_vma);
	}
	mmap_read_unlock(mm);
}

/* vm_end: the same rule. */
void good_vm_end(struct vm_area_struct *vma, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // strict-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // strict-note {{VMA write lock of vma taken here}}
	if (vma->vm_file) {
		i_mmap_lock_write(vma->vm_file->f_mapping); // strict-note {{i_mmap write lock of vma->vm_file->f_mapping taken here}}
		vma->vm_end = end; // strict-warning {{write to vma->vm_end needs the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, VMA write lock of vma, i_mmap write lock of vma->vm_file->f_mapping [vmalock-field-write]}}
		i_mmap_unlock_write(vma->vm_file->f_mapping);
	}
	mmap_write_unlock(mm);
}

void bad_vm_end_no_i_mmap(struct vm_area_struct *vma, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	if (vma->vm_file)
		vma->vm_end = end; // default-warning {{write to vma->vm_end needs the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of mm, VMA write lock of vma [vmalock-field-write]}} strict-warning {{write to vma->vm_end needs the i_mmap write lock of vma->vm_file->f_mapping and the anon_vma write lock of vma->anon_vma->root; held: mmap write lock of mm, VMA write lock of vma [vmalock-field-write]}}
	mmap_write_unlock(mm);
}

/* vm_pgoff: the same rule. */
void good_vm_pgoff(struct vm_area_struct *vma, unsigned long pgoff)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm); // strict-note {{mmap write lock of mm taken here}}
	vma_start_write(vma); // strict-note {{VMA write lock of vma taken here}}
	if (vma->anon_vma) {
		anon_vma_lock_write(vma->anon_vma); // strict-note {{anon_vma write lock of vma->anon_vma->root taken here}}
		vma->vm_pgoff = pgoff; // strict-warning {{write to vma->vm_pgoff needs the i_mmap write lock of vma->vm_file->f_mapping; held: mmap write lock of mm, VMA write lock of vma, anon_vma write lock of vma->anon_vma->root [vmalock-field-write]}}
		anon_vma_unlock_write(vma->anon_vma);
	}
	mmap_write_unlock(mm);
}

void bad_vm_pgoff_unlocked(struct vm_area_struct *vma, unsigned long pgoff)
{
	if (vma->anon_vma)
		vma->vm_pgoff = pgoff; // default-warning {{write to vma->vm_pgoff needs the mmap write lock of vma->vm_mm, the VMA write lock of vma and the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-field-write]}} strict-warning {{write to vma->vm_pgoff needs the mmap write lock of vma->vm_mm, the VMA write lock of vma, the i_mmap write lock of vma->vm_file->f_mapping and the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-field-write]}}
}
