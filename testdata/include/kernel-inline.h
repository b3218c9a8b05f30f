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
void _raw_spin_lock(int *lock);
int _raw_spin_trylock(int *lock);
void _raw_spin_unlock(int *lock);
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
void rcu_read_lock(void);
void rcu_read_unlock(void);
void __might_sleep(void);
void warn_slowpath(void);

static inline void spin_lock(spinlock_t *lock)
{
	_raw_spin_lock(&lock->rlock);
}

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

static inline void anon_vma_unlock_read(struct anon_vma *anon_vma)
{
	up_read(&anon_vma->root->rwsem);
}

static inline void i_mmap_lock_write(struct address_space *mapping)
{
	down_write(&mapping->i_mmap_rwsem);
}

static inline void i_mmap_unlock_write(struct address_space *mapping)
{
	up_write(&mapping->i_mmap_rwsem);
}

static inline void i_mmap_lock_read(struct address_space *mapping)
{
	down_read(&mapping->i_mmap_rwsem);
}

static inline void i_mmap_unlock_read(struct address_space *mapping)
{
	up_read(&mapping->i_mmap_rwsem);
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

static inline void pte_unmap(pte_t *pte)
{
	rcu_read_unlock();
}

#endif /* VL_TEST_KERNEL_INLINE_H */
