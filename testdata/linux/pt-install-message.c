// The pt-install message for a missing stable-VMA lock lists the
// alternatives with the right article: "an anon_vma read lock or an
// i_mmap read lock".
// process_addrs.rst, "Locking rules": "When changing a page table entry
// the page table lock for that page table must be held".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void bad_wrprotect_no_stable_vma(struct mm_struct *mm, pte_t *pte,
				 unsigned long addr)
{
	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	ptep_set_wrprotect(mm, addr, pte); // expected-warning {{ptep_set_wrprotect() needs either the mmap read lock of mm or a VMA read lock or an anon_vma read lock or an i_mmap read lock; held: page_table_lock of mm [vmalock-pt-install]}}
	spin_unlock(&mm->page_table_lock);
}
