// Lock order: the order comments at the top of mm/rmap.c and mm/filemap.c,
// outer before inner; and the mmap lock must not be taken while holding a
// VMA read lock.  Each edge is taken in order in a good case and reversed
// in a bad one.  Try-locks do not wait and are not checked.
// process_addrs.rst, "Lock ordering" (the mm/rmap.c comment, nesting
// written as >): "inode->i_rwsem > mm->mmap_lock > mapping->invalidate_lock
// > folio_lock > vma_start_write > mapping->i_mmap_rwsem > anon_vma->rwsem
// > mm->page_table_lock or pte_lock > swap_lock > mmlist_lock ..." (and the
// mm/filemap.c comment); "Lock usage": "While it's possible to obtain a VMA
// lock while holding an mmap read lock, attempting to do the reverse is
// invalid as it can result in deadlock".
// RUN: %check %s
// RUN: %check -DVL_TEST_INLINE %s

#include "kernel.h"

/* mm/rmap.c: i_rwsem < mmap < invalidate_lock < folio_lock < vma <
 * i_mmap < anon_vma < page_table_lock < swap_lock < mmlist_lock. */
void good_rmap_order(struct vm_area_struct *vma, struct inode *inode,
		     struct folio *folio)
{
	struct mm_struct *mm = vma->vm_mm;
	struct address_space *mapping = inode->i_mapping;

	inode_lock(inode);
	mmap_write_lock(mm);
	filemap_invalidate_lock_shared(mapping);
	folio_lock(folio);
	vma_start_write(vma);
	i_mmap_lock_write(mapping);
	anon_vma_lock_write(vma->anon_vma);
	spin_lock(&mm->page_table_lock);
	spin_lock(&swap_lock);
	spin_lock(&mmlist_lock);
	spin_unlock(&mmlist_lock);
	spin_unlock(&swap_lock);
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(vma->anon_vma);
	i_mmap_unlock_write(mapping);
	folio_unlock(folio);
	filemap_invalidate_unlock_shared(mapping);
	mmap_write_unlock(mm);
	inode_unlock(inode);
}

/* anon_vma < ptl < swap_lock < i_lock; swap_lock < wb_list_lock < sb_lock. */
void good_ptl_order(struct vm_area_struct *vma, pmd_t *pmd,
		    struct inode *inode, struct bdi_writeback *wb)
{
	spinlock_t *ptl;

	anon_vma_lock_read(vma->anon_vma);
	ptl = pmd_lock(vma->vm_mm, pmd);
	spin_lock(&swap_lock);
	spin_lock(&inode->i_lock);
	spin_unlock(&inode->i_lock);
	spin_lock(&wb->list_lock);
	spin_lock(&sb_lock);
	spin_unlock(&sb_lock);
	spin_unlock(&wb->list_lock);
	spin_unlock(&swap_lock);
	spin_unlock(ptl);
	anon_vma_unlock_read(vma->anon_vma);
}

/* mm/filemap.c: i_rwsem < invalidate_lock < i_mmap < private_lock <
 * i_pages < lru_lock; ptl before private_lock, i_pages, lru_lock,
 * wb_list_lock, i_lock; page_table_lock before private_lock, i_pages;
 * wb_list_lock, swap_lock before i_pages. */
void good_filemap_order(struct inode *inode, struct address_space *mapping,
			struct xarray *xa, struct lruvec *lruvec)
{
	inode_lock(inode);
	filemap_invalidate_lock(mapping);
	i_mmap_lock_read(mapping);
	spin_lock(&mapping->i_private_lock);
	xa_lock(xa);
	spin_lock(&lruvec->lru_lock);
	spin_unlock(&lruvec->lru_lock);
	xa_unlock(xa);
	spin_unlock(&mapping->i_private_lock);
	i_mmap_unlock_read(mapping);
	filemap_invalidate_unlock(mapping);
	inode_unlock(inode);
}

void good_ptl_before_filemap_locks(struct mm_struct *mm, pmd_t *pmd,
				   struct address_space *mapping,
				   struct xarray *xa, struct lruvec *lruvec,
				   struct bdi_writeback *wb, struct inode *inode)
{
	spinlock_t *ptl = pmd_lock(mm, pmd);

	spin_lock(&mapping->i_private_lock);
	spin_unlock(&mapping->i_private_lock);
	xa_lock(xa);
	xa_unlock(xa);
	spin_lock(&lruvec->lru_lock);
	spin_unlock(&lruvec->lru_lock);
	spin_lock(&wb->list_lock);
	spin_unlock(&wb->list_lock);
	spin_lock(&inode->i_lock);
	spin_unlock(&inode->i_lock);
	spin_unlock(ptl);
	spin_lock(&mm->page_table_lock);
	spin_lock(&mapping->i_private_lock);
	spin_unlock(&mapping->i_private_lock);
	xa_lock(xa);
	xa_unlock(xa);
	spin_unlock(&mm->page_table_lock);
	spin_lock(&swap_lock);
	spin_lock(&wb->list_lock);
	xa_lock(xa);
	xa_unlock(xa);
	spin_unlock(&wb->list_lock);
	spin_unlock(&swap_lock);
}

/* Each edge reversed. */
/* i_rwsem before mmap */
void bad_i_rwsem_under_mmap(struct mm_struct *mm, struct inode *inode)
{
	mmap_write_lock(mm); // expected-note {{mmap write lock of mm taken here}}
	inode_lock(inode); // expected-warning {{taking the inode write lock of inode while holding the mmap write lock of mm violates the lock order (i_rwsem before mmap) [vmalock-lock-order]}}
	inode_unlock(inode);
	mmap_write_unlock(mm);
}

/* mmap before invalidate_lock */
void bad_mmap_under_invalidate_lock(struct mm_struct *mm, struct address_space *mapping)
{
	filemap_invalidate_lock_shared(mapping); // expected-note {{invalidate_lock read lock of mapping taken here}}
	mmap_write_lock(mm); // expected-warning {{taking the mmap write lock of mm while holding the invalidate_lock read lock of mapping violates the lock order (mmap before invalidate_lock) [vmalock-lock-order]}}
	mmap_write_unlock(mm);
	filemap_invalidate_unlock_shared(mapping);
}

/* invalidate_lock before folio_lock */
void bad_invalidate_lock_under_folio_lock(struct address_space *mapping, struct folio *folio)
{
	folio_lock(folio); // expected-note {{folio write lock of folio taken here}}
	filemap_invalidate_lock_shared(mapping); // expected-warning {{taking the invalidate_lock read lock of mapping while holding the folio write lock of folio violates the lock order (invalidate_lock before folio_lock) [vmalock-lock-order]}}
	filemap_invalidate_unlock_shared(mapping);
	folio_unlock(folio);
}

/* folio_lock before vma */
void bad_folio_lock_under_vma(struct vm_area_struct *vma, struct folio *folio)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	vma_start_write(vma); // expected-note {{VMA write lock of vma taken here}}
	folio_lock(folio); // expected-warning {{taking the folio write lock of folio while holding the VMA write lock of vma violates the lock order (folio_lock before vma) [vmalock-lock-order]}}
	folio_unlock(folio);
	mmap_write_unlock(mm);
}

/* vma before i_mmap */
void bad_vma_under_i_mmap(struct vm_area_struct *vma, struct address_space *mapping)
{
	struct mm_struct *mm = vma->vm_mm;

	mmap_write_lock(mm);
	i_mmap_lock_write(mapping); // expected-note {{i_mmap write lock of mapping taken here}}
	vma_start_write(vma); // expected-warning {{taking the VMA write lock of vma while holding the i_mmap write lock of mapping violates the lock order (vma before i_mmap) [vmalock-lock-order]}}
	i_mmap_unlock_write(mapping);
	mmap_write_unlock(mm);
}

/* i_mmap before anon_vma */
void bad_i_mmap_under_anon_vma(struct vm_area_struct *vma, struct address_space *mapping)
{
	anon_vma_lock_write(vma->anon_vma); // expected-note {{anon_vma write lock of vma->anon_vma->root taken here}}
	i_mmap_lock_write(mapping); // expected-warning {{taking the i_mmap write lock of mapping while holding the anon_vma write lock of vma->anon_vma->root violates the lock order (i_mmap before anon_vma) [vmalock-lock-order]}}
	i_mmap_unlock_write(mapping);
	anon_vma_unlock_write(vma->anon_vma);
}

/* anon_vma before page_table_lock */
void bad_anon_vma_under_page_table_lock(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	spin_lock(&mm->page_table_lock); // expected-note {{page_table_lock of mm taken here}}
	anon_vma_lock_write(vma->anon_vma); // expected-warning {{taking the anon_vma write lock of vma->anon_vma->root while holding the page_table_lock of mm violates the lock order (anon_vma before page_table_lock) [vmalock-lock-order]}}
	anon_vma_unlock_write(vma->anon_vma);
	spin_unlock(&mm->page_table_lock);
}

/* page_table_lock before swap_lock */
void bad_page_table_lock_under_swap_lock(struct mm_struct *mm)
{
	spin_lock(&swap_lock); // expected-note {{swap_lock taken here}}
	spin_lock(&mm->page_table_lock); // expected-warning {{taking the page_table_lock of mm while holding the swap_lock violates the lock order (page_table_lock before swap_lock) [vmalock-lock-order]}}
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&swap_lock);
}

/* swap_lock before mmlist_lock */
void bad_swap_lock_under_mmlist_lock()
{
	spin_lock(&mmlist_lock); // expected-note {{mmlist_lock taken here}}
	spin_lock(&swap_lock); // expected-warning {{taking the swap_lock while holding the mmlist_lock violates the lock order (swap_lock before mmlist_lock) [vmalock-lock-order]}}
	spin_unlock(&swap_lock);
	spin_unlock(&mmlist_lock);
}

/* anon_vma before ptl */
void bad_anon_vma_under_ptl(struct vm_area_struct *vma, pmd_t *pmd)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;

	ptl = pmd_lock(mm, pmd); // expected-note {{page table lock ptl taken here}}
	anon_vma_lock_write(vma->anon_vma); // expected-warning {{taking the anon_vma write lock of vma->anon_vma->root while holding the page table lock ptl violates the lock order (anon_vma before ptl) [vmalock-lock-order]}}
	anon_vma_unlock_write(vma->anon_vma);
	spin_unlock(ptl);
}

/* ptl before swap_lock */
void bad_ptl_under_swap_lock(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl;

	spin_lock(&swap_lock); // expected-note {{swap_lock taken here}}
	ptl = pmd_lock(mm, pmd); // expected-warning {{taking the page table lock pmd_lock() at line 227 while holding the swap_lock violates the lock order (ptl before swap_lock) [vmalock-lock-order]}}
	spin_unlock(ptl);
	spin_unlock(&swap_lock);
}

/* private_lock before i_pages */
void bad_private_lock_under_i_pages(struct address_space *mapping, struct xarray *xa)
{
	xa_lock(xa); // expected-note {{xarray of xa taken here}}
	spin_lock(&mapping->i_private_lock); // expected-warning {{taking the private_lock of mapping while holding the xarray of xa violates the lock order (private_lock before xa_lock) [vmalock-lock-order]}}
	spin_unlock(&mapping->i_private_lock);
	xa_unlock(xa);
}

/* i_pages before lru_lock */
void bad_i_pages_under_lru_lock(struct xarray *xa, struct lruvec *lruvec)
{
	spin_lock(&lruvec->lru_lock); // expected-note {{lru_lock of lruvec taken here}}
	xa_lock(xa); // expected-warning {{taking the xarray of xa while holding the lru_lock of lruvec violates the lock order (xa_lock before lru_lock) [vmalock-lock-order]}}
	xa_unlock(xa);
	spin_unlock(&lruvec->lru_lock);
}

/* swap_lock before i_lock */
void bad_swap_lock_under_i_lock(struct inode *inode)
{
	spin_lock(&inode->i_lock); // expected-note {{i_lock of inode taken here}}
	spin_lock(&swap_lock); // expected-warning {{taking the swap_lock while holding the i_lock of inode violates the lock order (swap_lock before i_lock) [vmalock-lock-order]}}
	spin_unlock(&swap_lock);
	spin_unlock(&inode->i_lock);
}

/* swap_lock before wb_list_lock */
void bad_swap_lock_under_wb_list_lock(struct bdi_writeback *wb)
{
	spin_lock(&wb->list_lock); // expected-note {{wb list_lock of wb taken here}}
	spin_lock(&swap_lock); // expected-warning {{taking the swap_lock while holding the wb list_lock of wb violates the lock order (swap_lock before wb_list_lock) [vmalock-lock-order]}}
	spin_unlock(&swap_lock);
	spin_unlock(&wb->list_lock);
}

/* wb_list_lock before sb_lock */
void bad_wb_list_lock_under_sb_lock(struct bdi_writeback *wb)
{
	spin_lock(&sb_lock); // expected-note {{sb_lock taken here}}
	spin_lock(&wb->list_lock); // expected-warning {{taking the wb list_lock of wb while holding the sb_lock violates the lock order (wb_list_lock before sb_lock) [vmalock-lock-order]}}
	spin_unlock(&wb->list_lock);
	spin_unlock(&sb_lock);
}

/* wb_list_lock before i_pages */
void bad_wb_list_lock_under_i_pages(struct xarray *xa, struct bdi_writeback *wb)
{
	xa_lock(xa); // expected-note {{xarray of xa taken here}}
	spin_lock(&wb->list_lock); // expected-warning {{taking the wb list_lock of wb while holding the xarray of xa violates the lock order (wb_list_lock before xa_lock) [vmalock-lock-order]}}
	spin_unlock(&wb->list_lock);
	xa_unlock(xa);
}

/* i_rwsem before invalidate_lock */
void bad_i_rwsem_under_invalidate_lock(struct inode *inode, struct address_space *mapping)
{
	filemap_invalidate_lock_shared(mapping); // expected-note {{invalidate_lock read lock of mapping taken here}}
	inode_lock(inode); // expected-warning {{taking the inode write lock of inode while holding the invalidate_lock read lock of mapping violates the lock order (i_rwsem before invalidate_lock) [vmalock-lock-order]}}
	inode_unlock(inode);
	filemap_invalidate_unlock_shared(mapping);
}

/* invalidate_lock before i_mmap */
void bad_invalidate_lock_under_i_mmap(struct address_space *mapping)
{
	i_mmap_lock_write(mapping); // expected-note {{i_mmap write lock of mapping taken here}}
	filemap_invalidate_lock_shared(mapping); // expected-warning {{taking the invalidate_lock read lock of mapping while holding the i_mmap write lock of mapping violates the lock order (invalidate_lock before i_mmap) [vmalock-lock-order]}}
	filemap_invalidate_unlock_shared(mapping);
	i_mmap_unlock_write(mapping);
}

/* i_mmap before private_lock */
void bad_i_mmap_under_private_lock(struct address_space *mapping)
{
	spin_lock(&mapping->i_private_lock); // expected-note {{private_lock of mapping taken here}}
	i_mmap_lock_write(mapping); // expected-warning {{taking the i_mmap write lock of mapping while holding the private_lock of mapping violates the lock order (i_mmap before private_lock) [vmalock-lock-order]}}
	i_mmap_unlock_write(mapping);
	spin_unlock(&mapping->i_private_lock);
}

/* swap_lock before i_pages */
void bad_swap_lock_under_i_pages(struct xarray *xa)
{
	xa_lock(xa); // expected-note {{xarray of xa taken here}}
	spin_lock(&swap_lock); // expected-warning {{taking the swap_lock while holding the xarray of xa violates the lock order (swap_lock before xa_lock) [vmalock-lock-order]}}
	spin_unlock(&swap_lock);
	xa_unlock(xa);
}

/* ptl before i_pages */
void bad_ptl_under_i_pages(struct mm_struct *mm, struct xarray *xa, pmd_t *pmd)
{
	spinlock_t *ptl;

	xa_lock(xa); // expected-note {{xarray of xa taken here}}
	ptl = pmd_lock(mm, pmd); // expected-warning {{taking the page table lock pmd_lock() at line 328 while holding the xarray of xa violates the lock order (ptl before xa_lock) [vmalock-lock-order]}}
	spin_unlock(ptl);
	xa_unlock(xa);
}

/* page_table_lock before i_pages */
void bad_page_table_lock_under_i_pages(struct mm_struct *mm, struct xarray *xa)
{
	xa_lock(xa); // expected-note {{xarray of xa taken here}}
	spin_lock(&mm->page_table_lock); // expected-warning {{taking the page_table_lock of mm while holding the xarray of xa violates the lock order (page_table_lock before xa_lock) [vmalock-lock-order]}}
	spin_unlock(&mm->page_table_lock);
	xa_unlock(xa);
}

/* ptl before private_lock */
void bad_ptl_under_private_lock(struct mm_struct *mm, struct address_space *mapping, pmd_t *pmd)
{
	spinlock_t *ptl;

	spin_lock(&mapping->i_private_lock); // expected-note {{private_lock of mapping taken here}}
	ptl = pmd_lock(mm, pmd); // expected-warning {{taking the page table lock pmd_lock() at line 348 while holding the private_lock of mapping violates the lock order (ptl before private_lock) [vmalock-lock-order]}}
	spin_unlock(ptl);
	spin_unlock(&mapping->i_private_lock);
}

/* page_table_lock before private_lock */
void bad_page_table_lock_under_private_lock(struct mm_struct *mm, struct address_space *mapping)
{
	spin_lock(&mapping->i_private_lock); // expected-note {{private_lock of mapping taken here}}
	spin_lock(&mm->page_table_lock); // expected-warning {{taking the page_table_lock of mm while holding the private_lock of mapping violates the lock order (page_table_lock before private_lock) [vmalock-lock-order]}}
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&mapping->i_private_lock);
}

/* ptl before lru_lock */
void bad_ptl_under_lru_lock(struct mm_struct *mm, pmd_t *pmd, struct lruvec *lruvec)
{
	spinlock_t *ptl;

	spin_lock(&lruvec->lru_lock); // expected-note {{lru_lock of lruvec taken here}}
	ptl = pmd_lock(mm, pmd); // expected-warning {{taking the page table lock pmd_lock() at line 368 while holding the lru_lock of lruvec violates the lock order (ptl before lru_lock) [vmalock-lock-order]}}
	spin_unlock(ptl);
	spin_unlock(&lruvec->lru_lock);
}

/* ptl before wb_list_lock */
void bad_ptl_under_wb_list_lock(struct mm_struct *mm, pmd_t *pmd, struct bdi_writeback *wb)
{
	spinlock_t *ptl;

	spin_lock(&wb->list_lock); // expected-note {{wb list_lock of wb taken here}}
	ptl = pmd_lock(mm, pmd); // expected-warning {{taking the page table lock pmd_lock() at line 379 while holding the wb list_lock of wb violates the lock order (ptl before wb_list_lock) [vmalock-lock-order]}}
	spin_unlock(ptl);
	spin_unlock(&wb->list_lock);
}

/* ptl before i_lock */
void bad_ptl_under_i_lock(struct mm_struct *mm, struct inode *inode, pmd_t *pmd)
{
	spinlock_t *ptl;

	spin_lock(&inode->i_lock); // expected-note {{i_lock of inode taken here}}
	ptl = pmd_lock(mm, pmd); // expected-warning {{taking the page table lock pmd_lock() at line 390 while holding the i_lock of inode violates the lock order (ptl before i_lock) [vmalock-lock-order]}}
	spin_unlock(ptl);
	spin_unlock(&inode->i_lock);
}

/* The mmap lock under a VMA read lock can deadlock against a writer. */
void bad_mmap_under_vma_read(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, addr); // expected-note {{VMA read lock of vma taken here}}

	if (!vma)
		return;
	mmap_read_lock(mm); // expected-warning {{taking the mmap read lock of mm while holding the VMA read lock of vma can deadlock (process_addrs.rst: taking the mmap lock while holding a VMA read lock can deadlock) [vmalock-lock-order]}}
	mmap_read_unlock(mm);
	vma_end_read(vma);
}

void bad_mmap_write_under_raw_vma_read(struct vm_area_struct *vma)
{
	down_read(&vma->vm_lock->lock); // expected-note {{VMA read lock of vma taken here}}
	mmap_write_lock(vma->vm_mm); // expected-warning {{taking the mmap write lock of vma->vm_mm while holding the VMA read lock of vma can deadlock (process_addrs.rst: taking the mmap lock while holding a VMA read lock can deadlock) [vmalock-lock-order]}}
	mmap_write_unlock(vma->vm_mm);
	vma_end_read(vma);
}

/* The reverse is fine: a VMA read lock under the mmap read lock. */
void good_vma_read_under_mmap_read(struct vm_area_struct *vma)
{
	mmap_read_lock(vma->vm_mm);
	down_read(&vma->vm_lock->lock);
	mmap_read_unlock(vma->vm_mm);
	vma_end_read(vma);
}

/* Try-locks do not wait: taking one against the order is not reported. */
void good_trylocks_against_order(struct vm_area_struct *vma,
				 struct folio *folio, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (folio_trylock(folio))
		folio_unlock(folio);
	if (anon_vma_trylock_write(vma->anon_vma))
		anon_vma_unlock_write(vma->anon_vma);
	if (mmap_read_trylock(vma->vm_mm))
		mmap_read_unlock(vma->vm_mm);
	spin_unlock(ptl);
	if (vma_start_read(vma)) {
		if (mmap_read_trylock(vma->vm_mm))
			mmap_read_unlock(vma->vm_mm);
		vma_end_read(vma);
	}
}

/* init_mm's mmap lock is a class of its own (as in lockdep): taking it
 * under the i_mmap or folio lock, as vmemmap_remap_range() does, is no
 * inversion; the lock still has to be released. */
void good_init_mm_under_i_mmap(struct address_space *mapping, struct folio *folio)
{
	folio_lock(folio);
	i_mmap_lock_write(mapping);
	mmap_read_lock(&init_mm);
	mmap_read_unlock(&init_mm);
	i_mmap_unlock_write(mapping);
	folio_unlock(folio);
}

void bad_init_mm_not_released(void)
{
	mmap_read_lock(&init_mm); // expected-note {{init_mm mmap read lock taken here}}
} // expected-warning {{bad_init_mm_not_released() returns with the init_mm mmap read lock held [vmalock-held-at-exit]}}
