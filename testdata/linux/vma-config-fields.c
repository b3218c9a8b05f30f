// VMA config-specific fields: anon_name, vm_policy and vm_userfaultfd_ctx
// need the mmap write lock and the VMA write lock; numab_state needs the
// mmap read lock, swap_readahead_info the mmap or the VMA read lock (6.12
// swap faults write it under the VMA lock alone); their own swap- and
// numab-specific serialisation is not modelled.
// process_addrs.rst, "VMA fields", "Config-specific fields":
// anon_name, vm_policy, vm_userfaultfd_ctx: "mmap write, VMA write.";
// swap_readahead_info: "mmap read, swap-specific lock.";
// numab_state: "mmap read, numab-specific lock."
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_anon_name(struct vm_area_struct *vma, struct anon_vma_name *name)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	vma->anon_name = name;
	mmap_write_unlock(vma->vm_mm);
}

void bad_anon_name(struct vm_area_struct *vma, struct anon_vma_name *name)
{
	mmap_write_lock(vma->vm_mm); // expected-note {{mmap write lock of vma->vm_mm taken here}}
	vma->anon_name = name; // expected-warning {{write to vma->anon_name needs the VMA write lock of vma; held: mmap write lock of vma->vm_mm [vmalock-field-write]}}
	mmap_write_unlock(vma->vm_mm);
}

void good_vm_policy(struct vm_area_struct *vma, struct mempolicy *pol)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	WRITE_ONCE(vma->vm_policy, pol);
	mmap_write_unlock(vma->vm_mm);
}

void bad_vm_policy(struct vm_area_struct *vma, struct mempolicy *pol)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	vma->vm_policy = pol; // expected-warning {{write to vma->vm_policy needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: mmap read lock of vma->vm_mm [vmalock-field-write]}}
	mmap_read_unlock(vma->vm_mm);
}

/* The rule covers the whole struct and its member ctx. */
void good_vm_userfaultfd_ctx(struct vm_area_struct *vma,
			     struct userfaultfd_ctx *ctx)
{
	struct vm_userfaultfd_ctx uctx = { ctx };

	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	vma->vm_userfaultfd_ctx = uctx;
	vma->vm_userfaultfd_ctx.ctx = NULL;
	mmap_write_unlock(vma->vm_mm);
}

void bad_vm_userfaultfd_ctx(struct vm_area_struct *vma,
			    struct vm_userfaultfd_ctx uctx)
{
	vma->vm_userfaultfd_ctx = uctx; // expected-warning {{write to vma->vm_userfaultfd_ctx needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing [vmalock-field-write]}}
}

void bad_vm_userfaultfd_ctx_member(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm); // expected-note {{mmap read lock of vma->vm_mm taken here}}
	vma->vm_userfaultfd_ctx.ctx = NULL; // expected-warning {{write to vma->vm_userfaultfd_ctx.ctx needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: mmap read lock of vma->vm_mm [vmalock-field-write]}}
	mmap_read_unlock(vma->vm_mm);
}

void good_swap_readahead_info(struct vm_area_struct *vma, long ra)
{
	mmap_read_lock(vma->vm_mm);
	WRITE_ONCE(vma->swap_readahead_info.counter, ra);
	mmap_read_unlock(vma->vm_mm);
}

/* 6.12 swap faults write it under the VMA read lock alone. */
void good_swap_readahead_info_vma_lock(struct mm_struct *mm, unsigned long addr,
				       long ra)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr);

	if (!vma)
		return;
	WRITE_ONCE(vma->swap_readahead_info.counter, ra);
	vma_end_read(vma);
}

void bad_swap_readahead_info(struct vm_area_struct *vma, long ra)
{
	WRITE_ONCE(vma->swap_readahead_info.counter, ra); // expected-warning {{write to vma->swap_readahead_info.counter needs either the mmap read lock of vma->vm_mm or the VMA read lock of vma; held: nothing [vmalock-field-write]}}
}

void good_numab_state(struct vm_area_struct *vma, struct vma_numab_state *ns)
{
	mmap_read_lock(vma->vm_mm);
	vma->numab_state = ns;
	mmap_read_unlock(vma->vm_mm);
}

void bad_numab_state_vma_read(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (!vma)
		return;
	vma->numab_state = NULL; // expected-warning {{write to vma->numab_state needs the mmap read lock of vma->vm_mm; held: VMA read lock of vma [vmalock-field-write]}}
	vma_end_read(vma);
}
