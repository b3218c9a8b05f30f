/*
 * A minimal mock of the Linux 6.12 mm types and lock API for vmalock's
 * tests.  Lock functions are prototypes here (their effect comes from the
 * spec); testdata/include/kernel-inline.h defines them as static inline
 * wrappers over raw rwsem/spinlock primitives instead, as the kernel does.
 */
#ifndef VL_TEST_KERNEL_H
#define VL_TEST_KERNEL_H

#include <stdbool.h>

#define NULL ((void *)0)
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))
#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define EINTR 4
#define ENOMEM 12
#define EAGAIN 11
#define EINVAL 22

typedef unsigned long vm_flags_t;
typedef unsigned int vm_fault_t;
typedef struct { unsigned long pgprot; } pgprot_t;
typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pud; } pud_t;

struct rw_semaphore {
	long count;
};
typedef struct spinlock {
	int rlock;
} spinlock_t;
struct mutex {
	long owner;
};

struct mm_struct {
	struct rw_semaphore mmap_lock;
	spinlock_t page_table_lock;
	unsigned int mm_lock_seq;
	unsigned long locked_vm;
	int map_count;
};

struct vma_lock {
	struct rw_semaphore lock;
};

struct address_space {
	struct rw_semaphore i_mmap_rwsem;
};

struct file {
	struct address_space *f_mapping;
};

struct anon_vma {
	struct anon_vma *root;
	struct rw_semaphore rwsem;
	int num_children;
};

struct list_head {
	struct list_head *next, *prev;
};

struct rb_node {
	unsigned long rb_parent_color;
};

struct vm_operations_struct;
struct mempolicy;
struct anon_vma_name;

struct vm_area_struct {
	union {
		struct {
			unsigned long vm_start;
			unsigned long vm_end;
		};
	};
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	union {
		const vm_flags_t vm_flags;
		vm_flags_t __vm_flags;
	};
	unsigned int vm_lock_seq;
	struct vma_lock *vm_lock;
	struct {
		struct rb_node rb;
		unsigned long rb_subtree_last;
	} shared;
	struct list_head anon_vma_chain;
	struct anon_vma *anon_vma;
	const struct vm_operations_struct *vm_ops;
	unsigned long vm_pgoff;
	struct file *vm_file;
	void *vm_private_data;
	struct anon_vma_name *anon_name;
	struct mempolicy *vm_policy;
};

struct task_struct {
	struct mm_struct *mm;
};

#ifdef VL_TEST_INLINE
/* The lock API as the kernel has it: static inline wrappers. */
#include "kernel-inline.h"
#else
/* mmap lock */
void mmap_write_lock(struct mm_struct *mm);
int mmap_write_lock_killable(struct mm_struct *mm);
void mmap_write_unlock(struct mm_struct *mm);
void mmap_write_downgrade(struct mm_struct *mm);
void mmap_read_lock(struct mm_struct *mm);
int mmap_read_lock_killable(struct mm_struct *mm);
bool mmap_read_trylock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);
void mmap_assert_locked(struct mm_struct *mm);
void mmap_assert_write_locked(struct mm_struct *mm);
void vma_end_write_all(struct mm_struct *mm);

/* VMA lock */
void vma_start_write(struct vm_area_struct *vma);
bool vma_start_read(struct vm_area_struct *vma);
void vma_end_read(struct vm_area_struct *vma);
struct vm_area_struct *lock_vma_under_rcu(struct mm_struct *mm,
					  unsigned long address);
void vma_assert_write_locked(struct vm_area_struct *vma);
void vma_assert_locked(struct vm_area_struct *vma);

/* rmap locks */
void anon_vma_lock_write(struct anon_vma *anon_vma);
int anon_vma_trylock_write(struct anon_vma *anon_vma);
void anon_vma_unlock_write(struct anon_vma *anon_vma);
void anon_vma_lock_read(struct anon_vma *anon_vma);
void anon_vma_unlock_read(struct anon_vma *anon_vma);
void i_mmap_lock_write(struct address_space *mapping);
void i_mmap_unlock_write(struct address_space *mapping);
void i_mmap_lock_read(struct address_space *mapping);
void i_mmap_unlock_read(struct address_space *mapping);

/* page-table locks */
spinlock_t *pmd_lock(struct mm_struct *mm, pmd_t *pmd);
spinlock_t *pmd_trans_huge_lock(pmd_t *pmd, struct vm_area_struct *vma);
pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd,
			   unsigned long addr, spinlock_t **ptlp);
void pte_unmap(pte_t *pte);

/* raw primitives */
void down_read(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
void spin_lock(spinlock_t *lock);
int spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

#endif /* VL_TEST_INLINE */

#define pte_unmap_unlock(pte, ptl)                                          \
	do {                                                               \
		spin_unlock(ptl);                                          \
		pte_unmap(pte);                                            \
	} while (0)

#ifdef VL_TEST_LOCKDEP
int lock_is_held(const void *lock);
#define lockdep_assert_held(l)                                              \
	do {                                                               \
		if (!lock_is_held(l))                                      \
			__builtin_trap();                                  \
	} while (0)
#define lockdep_assert_held_write(l) lockdep_assert_held(l)
#else
#define lockdep_assert_held(l) do { (void)(l); } while (0)
#define lockdep_assert_held_write(l) do { (void)(l); } while (0)
#endif

/* helpers */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
int __anon_vma_prepare(struct vm_area_struct *vma);
struct task_struct *get_current(void);
#define current get_current()
void might_sleep(void);
void __attribute__((noreturn)) BUG(void);

#endif /* VL_TEST_KERNEL_H */
