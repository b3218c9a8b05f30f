// The i_pages lock is the xa_lock of the xarray embedded in struct
// address_space, and mm/ always takes it as xa_lock_irq(&mapping->i_pages)
// i.e. spin_lock(&(&mapping->i_pages)->xa_lock).  Class i_pages is the
// path address_space.i_pages.xa_lock, so the lock taken through the
// embedded xarray has its class and the order edges of i_pages
// (page_table_lock and ptl before it; lru_lock after it) are checked.
// process_addrs.rst, "Lock ordering" (mm/filemap.c comment):
// "->page_table_lock or pte_lock > ->i_pages lock (try_to_unmap_one)".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

void good_page_table_lock_then_i_pages(struct mm_struct *mm,
				       struct address_space *mapping)
{
	spin_lock(&mm->page_table_lock);
	xa_lock(&mapping->i_pages);
	xa_unlock(&mapping->i_pages);
	spin_unlock(&mm->page_table_lock);
}

void bad_page_table_lock_under_i_pages(struct mm_struct *mm,
				       struct address_space *mapping)
{
	xa_lock(&mapping->i_pages); // expected-note {{taken here}}
	spin_lock(&mm->page_table_lock); // expected-warning {{violates the lock order (page_table_lock before i_pages) [vmalock-lock-order]}}
	spin_unlock(&mm->page_table_lock);
	xa_unlock(&mapping->i_pages);
}

void bad_i_pages_under_lru_lock(struct address_space *mapping,
				struct lruvec *lruvec)
{
	spin_lock(&lruvec->lru_lock); // expected-note {{lru_lock of lruvec taken here}}
	spin_lock(&mapping->i_pages.xa_lock); // expected-warning {{violates the lock order (i_pages before lru_lock) [vmalock-lock-order]}}
	spin_unlock(&mapping->i_pages.xa_lock);
	spin_unlock(&lruvec->lru_lock);
}
