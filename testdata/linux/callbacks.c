// Callbacks start with what their caller holds: a vm_operations_struct
// .fault handler runs under the VMA read lock or the mmap read lock,
// .open under the mmap write lock; an mm_walk_ops callback under what its
// walk_lock says (PGWALK_RDLOCK: mmap read; PGWALK_WRLOCK: mmap write and
// the VMA write lock), .pte_entry also under the PTE lock; an
// rmap_walk_control .rmap_one under the anon_vma or i_mmap read lock.
// process_addrs.rst, "Lock usage": "The primary users of VMA read locks
// are page fault handlers, which means that without a VMA write lock, page
// faults will run concurrent with whatever you are doing."; "Page tables":
// "Modifying mappings for reclaim or migration is performed under rmap
// lock".  (Entry locks of .open and of page walks: 6.12 mm/vma.c,
// mm/pagewalk.c.)
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

#define VM_SOFTDIRTY 0x08000000UL

/* .fault: VMA read lock or mmap read lock. */
static vm_fault_t bad_fault(struct vm_fault *vmf) // expected-note {{VMA read lock of vma held by the caller of bad_fault()}}
{
	struct vm_area_struct *vma = vmf->vma;

	vma->vm_page_prot.pgprot = 0; // expected-warning {{write to vma->vm_page_prot.pgprot needs the mmap write lock of vma->vm_mm and the VMA write lock of vma; held: nothing; on some paths also: VMA read lock of vma, mmap read lock of vma->vm_mm [vmalock-field-write]}}
	return 0;
}

/* find_vma() needs the mmap lock: a finding on the VMA-lock path only. */
static vm_fault_t bad_fault_find_vma(struct vm_fault *vmf) // expected-note {{VMA read lock of vmf->vma held by the caller of bad_fault_find_vma()}}
{
	if (!find_vma(vmf->vma->vm_mm, vmf->address + 4096)) // expected-warning {{find_vma() needs the mmap read lock of vmf->vma->vm_mm on some paths; held: nothing; on some paths also: VMA read lock of vmf->vma, mmap read lock of vmf->vma->vm_mm [vmalock-call-requires]}}
		return VM_FAULT_SIGBUS;
	return 0;
}

/* Changing the PTE under its lock is what a fault handler does. */
static vm_fault_t good_fault(struct vm_fault *vmf)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(vmf->vma->vm_mm, vmf->pmd,
					 vmf->address, &ptl);

	if (!pte)
		return VM_FAULT_NOPAGE;
	set_pte_at(vmf->vma->vm_mm, vmf->address, pte, vmf->orig_pte);
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* .open: the mmap write lock. */
static void good_open(struct vm_area_struct *area)
{
	vma_start_write(area);
	area->vm_page_prot.pgprot = 0;
}

static void bad_open(struct vm_area_struct *area) // expected-note {{mmap write lock of area->vm_mm held by the caller of bad_open()}}
{
	vm_flags_reset(area, 0); // expected-warning {{vm_flags_reset() needs the VMA write lock of area; held: mmap write lock of area->vm_mm [vmalock-field-write]}}
}

const struct vm_operations_struct good_vm_ops = {
	.open = good_open,
	.fault = good_fault,
};

const struct vm_operations_struct bad_vm_ops = {
	.open = bad_open,
	.fault = bad_fault,
};

const struct vm_operations_struct bad_vm_ops2 = {
	.fault = bad_fault_find_vma,
};

/* Page walks: __vm_flags may be written only under PGWALK_WRLOCK. */
static int good_clear_soft_dirty(pmd_t *pmd, unsigned long addr,
				 unsigned long next, struct mm_walk *walk)
{
	walk->vma->__vm_flags &= ~VM_SOFTDIRTY;
	return 0;
}

static int bad_clear_soft_dirty(pmd_t *pmd, unsigned long addr, // expected-note {{mmap read lock of walk->mm held by the caller of bad_clear_soft_dirty()}}
				unsigned long next, struct mm_walk *walk)
{
	walk->vma->__vm_flags &= ~VM_SOFTDIRTY; // expected-warning {{write to walk->vma->__vm_flags needs the mmap write lock of walk->vma->vm_mm and the VMA write lock of walk->vma; held: mmap read lock of walk->mm [vmalock-field-write]}}
	return 0;
}

/* .pte_entry runs under the PTE lock. */
static int good_pte_entry(pte_t *pte, unsigned long addr, unsigned long next,
			  struct mm_walk *walk)
{
	pte_t entry = { 0 };

	set_pte_at(walk->mm, addr, pte, entry);
	return 0;
}

/* ... so an rmap lock may not be taken there. */
static int bad_pte_entry_rmap_lock(pte_t *pte, unsigned long addr, // expected-note {{a page table lock held by the caller of bad_pte_entry_rmap_lock()}}
				   unsigned long next, struct mm_walk *walk)
{
	anon_vma_lock_read(walk->vma->anon_vma); // expected-warning {{taking the anon_vma read lock of walk->vma->anon_vma->root while holding a page table lock violates the lock order (anon_vma before ptl) [vmalock-lock-order]}}
	anon_vma_unlock_read(walk->vma->anon_vma);
	return 0;
}

/* .test_walk runs after the walk locked the VMA (6.12
 * walk_page_range_mm(): process_vma_walk_lock(), then walk_page_test()). */
static int good_test_walk(unsigned long start, unsigned long end,
			  struct mm_walk *walk)
{
	walk->vma->__vm_flags &= ~VM_SOFTDIRTY;
	return 0;
}

static int bad_test_walk(unsigned long start, unsigned long end, // expected-note {{mmap read lock of walk->mm held by the caller of bad_test_walk()}}
			 struct mm_walk *walk)
{
	walk->vma->__vm_flags &= ~VM_SOFTDIRTY; // expected-warning {{write to walk->vma->__vm_flags needs the mmap write lock of walk->vma->vm_mm and the VMA write lock of walk->vma; held: mmap read lock of walk->mm [vmalock-field-write]}}
	return 0;
}

const struct mm_walk_ops good_walk_ops = {
	.pmd_entry = good_clear_soft_dirty,
	.pte_entry = good_pte_entry,
	.test_walk = good_test_walk,
	.walk_lock = PGWALK_WRLOCK,
};

const struct mm_walk_ops bad_test_walk_ops = {
	.test_walk = bad_test_walk,
	.walk_lock = PGWALK_RDLOCK,
};

const struct mm_walk_ops bad_walk_ops = {
	.pmd_entry = bad_clear_soft_dirty,
	.pte_entry = bad_pte_entry_rmap_lock,
	.walk_lock = PGWALK_RDLOCK,
};

/* rmap_one: under the anon_vma or i_mmap read lock, which keeps the VMA
 * stable for changing entries, but is not enough to populate. */
static bool good_rmap_one(struct folio *folio, struct vm_area_struct *vma,
			  unsigned long addr, void *arg)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(vma->vm_mm, arg, addr, &ptl);

	if (!pte)
		return true;
	ptep_clear_flush(vma, addr, pte);
	pte_unmap_unlock(pte, ptl);
	return true;
}

static bool bad_rmap_one(struct folio *folio, struct vm_area_struct *vma, // expected-note {{anon_vma read lock of vma->anon_vma->root held by the caller of bad_rmap_one()}}
			 unsigned long addr, void *arg)
{
	return __pte_alloc(vma->vm_mm, arg) == 0; // expected-warning {{__pte_alloc() needs either the mmap read lock of vma->vm_mm or a VMA read lock; held: nothing; on some paths also: anon_vma read lock of vma->anon_vma->root, i_mmap read lock of vma->vm_file->f_mapping [vmalock-pt-install]}}
}

/* The kernel initialises rmap_walk_control in a local variable, which
 * the tool does not see as a callback table: xfail-rmap-one-local.c.  A
 * file-scope table is seen. */
static const struct rmap_walk_control good_rwc = { .rmap_one = good_rmap_one };
static const struct rmap_walk_control bad_rwc = { .rmap_one = bad_rmap_one };

/* An mm_walk_ops that leaves .walk_lock out is PGWALK_RDLOCK (0): its
 * callbacks run under the mmap read lock (6.12 pagemap_scan_ops). */
static int good_default_walk_reads(pmd_t *pmd, unsigned long addr,
				   unsigned long next, struct mm_walk *walk)
{
	return find_vma(walk->mm, addr) != NULL;
}

static int bad_default_walk_writes(pmd_t *pmd, unsigned long addr, // expected-note {{mmap read lock of walk->mm held by the caller of bad_default_walk_writes()}}
				   unsigned long next, struct mm_walk *walk)
{
	walk->vma->__vm_flags &= ~VM_SOFTDIRTY; // expected-warning {{write to walk->vma->__vm_flags needs the mmap write lock of walk->vma->vm_mm and the VMA write lock of walk->vma; held: mmap read lock of walk->mm [vmalock-field-write]}}
	return 0;
}

const struct mm_walk_ops default_walk_ops = {
	.pmd_entry = good_default_walk_reads,
};

const struct mm_walk_ops bad_default_walk_ops = {
	.pmd_entry = bad_default_walk_writes,
};

/* file_operations.mmap: mmap_file() from __mmap_region(), under the mmap
 * write lock of do_mmap()'s callers (6.12 mm/mmap.c; mm/secretmem.c
 * secretmem_mmap() sets VM_LOCKED with vm_flags_set()). */
struct file_operations {
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	int (*release)(struct file *file);
};

static int good_mmap_handler(struct file *file, struct vm_area_struct *vma)
{
	vm_flags_set(vma, 0x00002000);
	/* The VMA is not in the tree yet. */
	vma->vm_pgoff = 0;
	return 0;
}

static int test_release(struct file *file)
{
	return 0;
}

static const struct file_operations test_fops = {
	.mmap = good_mmap_handler,
	.release = test_release,
};

const struct file_operations *test_get_fops(void)
{
	return &test_fops;
}
