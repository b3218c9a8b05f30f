/*
 * The mm lock API as Linux 6.12 writes it: static inline wrappers over
 * the raw rwsem and spinlock primitives (written anew for vmalock's
 * tests; the bodies follow the kernel's shape, not its text).  Included
 * by kernel.h when VL_TEST_INLINE is defined, so that every rule test can
 * run against both shapes.
 */
#ifndef VL_TEST_KERNEL_INLINE_H
#define VL_TEST_KERNEL_INLINE_H

/* The raw primitives stay extern, as in the kernel. */
void down_read(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
int down_read_killable(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
/* Without lockdep the _nested and _non_owner variants are macros. */
#define down_read_nested(sem, subclass) down_read(sem)
#define down_write_nested(sem, subclass) down_write(sem)
#define up_read_non_owner(sem) up_read(sem)
void _raw_spin_lock(int *lock);
int _raw_spin_trylock(int *lock);
void _raw_spin_unlock(int *lock);
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
void __rcu_read_lock(void);
void __rcu_read_unlock(void);
void __might_sleep(void);
void might_sleep(void);
void warn_slowpath(void);

/* atomic_long_set() ends in arch_atomic64_set(): a WRITE_ONCE(). */
static inline __attribute__((always_inline)) void
atomic_long_set(atomic_long_t *v, long i)
{
	WRITE_ONCE(v->counter, i);
}

static inline void rcu_read_lock(void)
{
	__rcu_read_lock();
}

static inline void rcu_read_unlock(void)
{
	__rcu_read_unlock();
}

static inline int *spinlock_check(spinlock_t *lock)
{
	return &lock->rlock;
}

static inline void spin_lock(spinlock_t *lock)
{
	_raw_spin_lock(&lock->rlock);
}

#define raw_spin_lock_nested(lock, subclass) \
	_raw_spin_lock(((void)(subclass), (lock)))
#define spin_lock_nested(lock, subclass)                                    \
	do {                                                                \
		raw_spin_lock_nested(spinlock_check(lock), subclass);       \
	} while (0)

static inline int spin_trylock(spinlock_t *lock)
{
	return _raw_spin_trylock(&lock->rlock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	_raw_spin_unlock(&lock->rlock);
}

/* mmap lock */
static inline void mm_lock_seqcount_begin(struct mm_struct *mm)
{
	mm->mm_lock_seq++;
}

static inline void mm_lock_seqcount_end(struct mm_struct *mm)
{
	mm->mm_lock_seq++;
}

static inline void vma_end_write_all(struct mm_struct *mm)
{
	mm_lock_seqcount_end(mm);
}

static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock);
	mm_lock_seqcount_begin(mm);
}

static inline void mmap_write_lock_nested(struct mm_struct *mm, int subclass)
{
	down_write_nested(&mm->mmap_lock, subclass);
	mm_lock_seqcount_begin(mm);
}

static inline int mmap_write_lock_killable(struct mm_struct *mm)
{
	int ret = down_write_killable(&mm->mmap_lock);

	if (!ret)
		mm_lock_seqcount_begin(mm);
	return ret;
}

static inline void mmap_write_unlock(struct mm_struct *mm)
{
	vma_end_write_all(mm);
	up_write(&mm->mmap_lock);
}

static inline void mmap_write_downgrade(struct mm_struct *mm)
{
	vma_end_write_all(mm);
	downgrade_write(&mm->mmap_lock);
}

static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock);
}

static inline int mmap_read_lock_killable(struct mm_struct *mm)
{
	return down_read_killable(&mm->mmap_lock);
}

static inline bool mmap_read_trylock(struct mm_struct *mm)
{
	return down_read_trylock(&mm->mmap_lock) != 0;
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_lock);
}

static inline void mmap_read_unlock_non_owner(struct mm_struct *mm)
{
	up_read_non_owner(&mm->mmap_lock);
}

static inline void mmap_assert_locked(struct mm_struct *mm)
{
	if (!mm->mmap_lock.count)
		warn_slowpath();
}

static inline void mmap_assert_write_locked(struct mm_struct *mm)
{
	if (mm->mmap_lock.count >= 0)
		warn_slowpath();
}

/* VMA lock */
static inline bool __is_vma_write_locked(struct vm_area_struct *vma,
					 unsigned int *mm_lock_seq)
{
	mmap_assert_write_locked(vma->vm_mm);
	*mm_lock_seq = vma->vm_mm->mm_lock_seq;
	return vma->vm_lock_seq == *mm_lock_seq;
}

static inline void vma_start_write(struct vm_area_struct *vma)
{
	unsigned int mm_lock_seq;

	if (__is_vma_write_locked(vma, &mm_lock_seq))
		return;
	down_write(&vma->vm_lock->lock);
	WRITE_ONCE(vma->vm_lock_seq, mm_lock_seq);
	up_write(&vma->vm_lock->lock);
}

static inline bool vma_start_read(struct vm_area_struct *vma)
{
	if (READ_ONCE(vma->vm_lock_seq) == READ_ONCE(vma->vm_mm->mm_lock_seq))
		return false;
	if (!down_read_trylock(&vma->vm_lock->lock))
		return false;
	if (vma->vm_lock_seq == vma->vm_mm->mm_lock_seq) {
		up_read(&vma->vm_lock->lock);
		return false;
	}
	return true;
}

static inline void vma_end_read(struct vm_area_struct *vma)
{
	rcu_read_lock();
	up_read(&vma->vm_lock->lock);
	rcu_read_unlock();
}

static inline void vma_assert_write_locked(struct vm_area_struct *vma)
{
	unsigned int mm_lock_seq;

	if (!__is_vma_write_locked(vma, &mm_lock_seq))
		warn_slowpath();
}

static inline void vma_assert_locked(struct vm_area_struct *vma)
{
	if (!vma->vm_lock->lock.count)
		vma_assert_write_locked(vma);
}

struct vm_area_struct *lock_vma_under_rcu(struct mm_struct *mm,
					  unsigned long address);

static inline void release_fault_lock(struct vm_fault *vmf)
{
	if (vmf->flags & FAULT_FLAG_VMA_LOCK)
		vma_end_read(vmf->vma);
	else
		mmap_read_unlock(vmf->vma->vm_mm);
}

static inline void assert_fault_locked(struct vm_fault *vmf)
{
	if (vmf->flags & FAULT_FLAG_VMA_LOCK)
		vma_assert_locked(vmf->vma);
	else
		mmap_assert_locked(vmf->vma->vm_mm);
}

/* vm_flags: the const vm_flags is written through __vm_flags. */
static inline void vm_flags_init(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->__vm_flags = flags;
}

static inline void vm_flags_reset(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_assert_write_locked(vma);
	vm_flags_init(vma, flags);
}

static inline void vm_flags_reset_once(struct vm_area_struct *vma,
				       vm_flags_t flags)
{
	vma_assert_write_locked(vma);
	WRITE_ONCE(vma->__vm_flags, flags);
}

static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_start_write(vma);
	vma->__vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_start_write(vma);
	vma->__vm_flags &= ~flags;
}

static inline void __vm_flags_mod(struct vm_area_struct *vma, vm_flags_t set,
				  vm_flags_t clear)
{
	vm_flags_init(vma, (vma->vm_flags | set) & ~clear);
}

static inline void vm_flags_mod(struct vm_area_struct *vma, vm_flags_t set,
				vm_flags_t clear)
{
	vma_start_write(vma);
	__vm_flags_mod(vma, set, clear);
}

/* The VMA tree (mm/vma.h, mm/internal.h). */
void mas_store_prealloc(struct ma_state *mas, void *entry);

static inline void vma_iter_store(struct vma_iterator *vmi,
				  struct vm_area_struct *vma)
{
	vmi->mas.index = vma->vm_start;
	vmi->mas.last = vma->vm_end - 1;
	mas_store_prealloc(&vmi->mas, vma);
}

static inline __attribute__((always_inline)) void
vma_set_range(struct vm_area_struct *vma, unsigned long start,
	      unsigned long end, pgoff_t pgoff)
{
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
}

/* rmap locks */
static inline void anon_vma_lock_write(struct anon_vma *anon_vma)
{
	down_write(&anon_vma->root->rwsem);
}

static inline int anon_vma_trylock_write(struct anon_vma *anon_vma)
{
	return down_write_trylock(&anon_vma->root->rwsem);
}

static inline void anon_vma_unlock_write(struct anon_vma *anon_vma)
{
	up_write(&anon_vma->root->rwsem);
}

static inline void anon_vma_lock_read(struct anon_vma *anon_vma)
{
	down_read(&anon_vma->root->rwsem);
}

static inline int anon_vma_trylock_read(struct anon_vma *anon_vma)
{
	return down_read_trylock(&anon_vma->root->rwsem);
}

static inline void anon_vma_unlock_read(struct anon_vma *anon_vma)
{
	up_read(&anon_vma->root->rwsem);
}

static inline void i_mmap_lock_write(struct address_space *mapping)
{
	down_write(&mapping->i_mmap_rwsem);
}

static inline int i_mmap_trylock_write(struct address_space *mapping)
{
	return down_write_trylock(&mapping->i_mmap_rwsem);
}

static inline void i_mmap_unlock_write(struct address_space *mapping)
{
	up_write(&mapping->i_mmap_rwsem);
}

static inline int i_mmap_trylock_read(struct address_space *mapping)
{
	return down_read_trylock(&mapping->i_mmap_rwsem);
}

static inline void i_mmap_lock_read(struct address_space *mapping)
{
	down_read(&mapping->i_mmap_rwsem);
}

static inline void i_mmap_unlock_read(struct address_space *mapping)
{
	up_read(&mapping->i_mmap_rwsem);
}

static inline void i_mmap_assert_locked(struct address_space *mapping)
{
	lockdep_assert_held(&mapping->i_mmap_rwsem);
}

static inline void i_mmap_assert_write_locked(struct address_space *mapping)
{
	lockdep_assert_held_write(&mapping->i_mmap_rwsem);
}

/* page-table locks */
spinlock_t *ptlock_ptr(pmd_t *pmd);

static inline spinlock_t *pmd_lockptr(struct mm_struct *mm, pmd_t *pmd)
{
	return ptlock_ptr(pmd);
}

static inline spinlock_t *pmd_lock(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lockptr(mm, pmd);

	spin_lock(ptl);
	return ptl;
}

/* 6.12: the PUD lock is mm->page_table_lock. */
static inline spinlock_t *pud_lockptr(struct mm_struct *mm, pud_t *pud)
{
	return &mm->page_table_lock;
}

static inline spinlock_t *pud_lock(struct mm_struct *mm, pud_t *pud)
{
	spinlock_t *ptl = pud_lockptr(mm, pud);

	spin_lock(ptl);
	return ptl;
}

spinlock_t *__pmd_trans_huge_lock(pmd_t *pmd, struct vm_area_struct *vma);
int pmd_is_huge(pmd_t *pmd);

static inline spinlock_t *pmd_trans_huge_lock(pmd_t *pmd,
					      struct vm_area_struct *vma)
{
	if (pmd_is_huge(pmd))
		return __pmd_trans_huge_lock(pmd, vma);
	return NULL;
}

pte_t *__pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd,
			     unsigned long addr, spinlock_t **ptlp);

static inline pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd,
					 unsigned long addr, spinlock_t **ptlp)
{
	return __pte_offset_map_lock(mm, pmd, addr, ptlp);
}

pte_t *__pte_offset_map(pmd_t *pmd, unsigned long addr, pmd_t *pmdvalp);

static inline pte_t *pte_offset_map(pmd_t *pmd, unsigned long addr)
{
	return __pte_offset_map(pmd, addr, NULL);
}

static inline void pte_unmap(pte_t *pte)
{
	rcu_read_unlock();
}

/* Page-table entries (x86 and generic). */
unsigned long page_to_pfn(const struct page *page);

static inline void pmd_populate(struct mm_struct *mm, pmd_t *pmd,
				pgtable_t pte)
{
	WRITE_ONCE(pmd->pmd, (page_to_pfn(pte) << 12) | 0x067);
}

static inline int pmd_none(pmd_t pmd)
{
	return (pmd.pmd & ~0x60UL) == 0;
}

static inline void set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(*ptep, pte);
}

static inline void set_ptes(struct mm_struct *mm, unsigned long addr,
			    pte_t *ptep, pte_t pte, unsigned int nr)
{
	for (;;) {
		set_pte(ptep, pte);
		if (--nr == 0)
			break;
		ptep++;
		pte.pte += 1UL << 12;
	}
}

static inline void set_pmd_at(struct mm_struct *mm, unsigned long addr,
			      pmd_t *pmdp, pmd_t pmd)
{
	WRITE_ONCE(*pmdp, pmd);
}

static inline pte_t ptep_get_and_clear(struct mm_struct *mm,
				       unsigned long addr, pte_t *ptep)
{
	pte_t res;

	res.pte = __atomic_exchange_n(&ptep->pte, 0UL, __ATOMIC_SEQ_CST);
	return res;
}

static inline void ptep_set_wrprotect(struct mm_struct *mm,
				      unsigned long addr, pte_t *ptep)
{
	__atomic_fetch_and(&ptep->pte, ~0x2UL, __ATOMIC_SEQ_CST);
}

/* The other locks of the order comments (include/linux/fs.h, pagemap.h). */
static inline void inode_lock(struct inode *inode)
{
	down_write(&inode->i_rwsem);
}

static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

static inline void inode_lock_shared(struct inode *inode)
{
	down_read(&inode->i_rwsem);
}

static inline void inode_unlock_shared(struct inode *inode)
{
	up_read(&inode->i_rwsem);
}

static inline void filemap_invalidate_lock(struct address_space *mapping)
{
	down_write(&mapping->invalidate_lock);
}

static inline void filemap_invalidate_unlock(struct address_space *mapping)
{
	up_write(&mapping->invalidate_lock);
}

static inline void filemap_invalidate_lock_shared(struct address_space *mapping)
{
	down_read(&mapping->invalidate_lock);
}

static inline void
filemap_invalidate_unlock_shared(struct address_space *mapping)
{
	up_read(&mapping->invalidate_lock);
}

void __folio_lock(struct folio *folio);

static inline bool folio_trylock(struct folio *folio)
{
	return !(__atomic_fetch_or(&folio->flags, 1UL, __ATOMIC_ACQUIRE) & 1);
}

static inline void folio_lock(struct folio *folio)
{
	might_sleep();
	if (!folio_trylock(folio))
		__folio_lock(folio);
}

#endif /* VL_TEST_KERNEL_INLINE_H */
