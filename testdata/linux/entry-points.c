// Exported functions whose callers are outside the analysed files hold
// what their documented context says (spec "entry" lines): vm_map_pages()
// is "Called by mmap handlers", under the mmap write lock, and
// vmf_insert_pfn() by fault handlers, under the VMA or mmap read lock.
// A caller that is analysed is checked instead.
// RUN: %check %s

#include "kernel.h"

/* Named as the kernel's: vm_flags_set() needs the mmap write lock, which
 * an mmap handler holds. */
int vm_map_pages(struct vm_area_struct *vma, struct page **pages,
		 unsigned long num)
{
	vm_flags_set(vma, 0x10000000);
	return 0;
}

/* Named as the kernel's, and called below: the callers are checked. */
unsigned int vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn)
{
	return find_vma(vma->vm_mm, addr) != NULL; // expected-note {{vmf_insert_pfn() calls find_vma() here}}
}

unsigned int good_fault_handler(struct vm_area_struct *vma, unsigned long addr)
{
	unsigned int ret;

	mmap_read_lock(vma->vm_mm);
	ret = vmf_insert_pfn(vma, addr, 0);
	mmap_read_unlock(vma->vm_mm);
	return ret;
}

unsigned int bad_fault_handler(struct vm_area_struct *vma, unsigned long addr)
{
	return vmf_insert_pfn(vma, addr, 0); // expected-warning {{vmf_insert_pfn() needs the mmap read lock of vma->vm_mm; held: nothing [vmalock-call-requires]}}
}

/* A function of the same shape without an entry line holds nothing. */
int bad_undeclared_map_pages(struct vm_area_struct *vma)
{
	vm_flags_set(vma, 0x10000000); // expected-warning {{vm_flags_set() needs the mmap write lock of vma->vm_mm; held: nothing [vmalock-lock-prereq]}}
	return 0;
}

/* Entry lines with an argument condition: walk_page_range_vma()'s callers
 * (ksm.c, s390) hold the mmap lock in the mode ops->walk_lock says, and
 * with PGWALK_WRLOCK_VERIFY the VMA is write-locked; each line is one
 * entry state, and the body's test of walk_lock takes its side (6.12
 * mm/pagewalk.c process_mm_walk_lock(), process_vma_walk_lock()). */
static void test_walk_lock(struct vm_area_struct *vma,
			   enum page_walk_lock walk_lock)
{
	if (walk_lock == PGWALK_RDLOCK)
		mmap_assert_locked(vma->vm_mm);
	else
		mmap_assert_write_locked(vma->vm_mm);
	if (walk_lock == PGWALK_WRLOCK_VERIFY)
		vma_assert_write_locked(vma);
}

int walk_page_range_vma(struct vm_area_struct *vma, unsigned long start,
			unsigned long end, const struct mm_walk_ops *ops,
			void *private)
{
	test_walk_lock(vma, ops->walk_lock);
	return 0;
}

static const struct mm_walk_ops test_verify_ops = {
	.walk_lock = PGWALK_WRLOCK_VERIFY,
};

void good_verify_walk(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	test_walk_lock(vma, test_verify_ops.walk_lock);
	mmap_write_unlock(vma->vm_mm);
}

/* Named as the kernel's: "_locked", under the PMD lock, in the rmap walk
 * of an anonymous folio (mm/huge_memory.c; 6.12 has no caller). */
bool unmap_huge_pmd_locked(struct vm_area_struct *vma, unsigned long addr,
			   pmd_t *pmdp, struct folio *folio)
{
	pmd_t pmd = { 0 };

	set_pmd_at(vma->vm_mm, addr, pmdp, pmd);
	return true;
}

/* Without an entry line: holds nothing. */
bool bad_unmap_pmd(struct vm_area_struct *vma, unsigned long addr,
		   pmd_t *pmdp, struct folio *folio)
{
	pmd_t pmd = { 0 };

	set_pmd_at(vma->vm_mm, addr, pmdp, pmd); // expected-warning {{set_pmd_at() needs either a page table lock or the page_table_lock of vma->vm_mm, and either the mmap read lock of vma->vm_mm or a VMA read lock or an anon_vma read lock or an i_mmap read lock; held: nothing [vmalock-pt-install]}}
	return true;
}

/* An entry line may say the callers pass a new object: drivers call
 * vm_iomap_memory() from their mmap handlers, on a VMA not in the tree
 * yet, so remap_pfn_range_internal() sets vm_pgoff without the VMA and
 * rmap write locks (6.12 mm/memory.c). */
static int test_remap_internal(struct vm_area_struct *vma, unsigned long pfn)
{
	vma->vm_pgoff = pfn;
	vm_flags_set(vma, 0x00004000);
	return 0;
}

int vm_iomap_memory(struct vm_area_struct *vma, unsigned long start,
		    unsigned long len)
{
	return test_remap_internal(vma, start >> 12);
}

/* Without an entry line the VMA is the callers' published one. */
static int test_remap_other(struct vm_area_struct *vma, unsigned long pfn)
{
	vma->vm_pgoff = pfn; // expected-warning {{write to vma->vm_pgoff needs the mmap write lock of vma->vm_mm, the VMA write lock of vma, and either the i_mmap write lock of vma->vm_file->f_mapping or the anon_vma write lock of vma->anon_vma->root; held: nothing [vmalock-field-write]}}
	return 0;
}

int bad_undeclared_iomap(struct vm_area_struct *vma, unsigned long start)
{
	return test_remap_other(vma, start >> 12); // expected-note {{bad_undeclared_iomap() calls test_remap_other() here, without it}}
}
