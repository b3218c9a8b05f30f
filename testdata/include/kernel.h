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
#define EFAULT 14

typedef unsigned long vm_flags_t;
typedef unsigned int vm_fault_t;
typedef struct { unsigned long pgprot; } pgprot_t;
typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pud; } pud_t;
typedef struct { unsigned long p4d; } p4d_t;
typedef struct { unsigned long pgd; } pgd_t;
typedef struct { long counter; } atomic_long_t;
typedef unsigned long pgoff_t;
typedef unsigned int gfp_t;
struct page;
typedef struct page *pgtable_t;

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

struct xarray {
	spinlock_t xa_lock;
};

struct inode;

struct address_space {
	struct rw_semaphore i_mmap_rwsem;
	struct inode *host;
	struct xarray i_pages;
	struct rw_semaphore invalidate_lock;
	spinlock_t i_private_lock;
};

struct inode {
	struct rw_semaphore i_rwsem;
	spinlock_t i_lock;
	struct address_space *i_mapping;
};

struct file {
	struct address_space *f_mapping;
};

struct folio {
	unsigned long flags;
	struct address_space *mapping;
};

struct lruvec {
	spinlock_t lru_lock;
};

struct bdi_writeback {
	spinlock_t list_lock;
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
struct vma_numab_state;
struct userfaultfd_ctx;

struct vm_userfaultfd_ctx {
	struct userfaultfd_ctx *ctx;
};

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
	atomic_long_t swap_readahead_info;
	struct mempolicy *vm_policy;
	struct vma_numab_state *numab_state;
	struct vm_userfaultfd_ctx vm_userfaultfd_ctx;
};

struct task_struct {
	struct mm_struct *mm;
};

extern struct mm_struct init_mm;
extern spinlock_t swap_lock;
extern spinlock_t mmlist_lock;
extern spinlock_t sb_lock;

/* The fault path (include/linux/mm_types.h, mm.h). */
enum fault_flag {
	FAULT_FLAG_WRITE = 1 << 0,
	FAULT_FLAG_ALLOW_RETRY = 1 << 2,
	FAULT_FLAG_KILLABLE = 1 << 4,
	FAULT_FLAG_USER = 1 << 6,
	FAULT_FLAG_TRIED = 1 << 7,
	FAULT_FLAG_VMA_LOCK = 1 << 12,
};

enum vm_fault_reason {
	VM_FAULT_OOM = 0x000001,
	VM_FAULT_SIGBUS = 0x000002,
	VM_FAULT_MAJOR = 0x000004,
	VM_FAULT_SIGSEGV = 0x000040,
	VM_FAULT_NOPAGE = 0x000100,
	VM_FAULT_LOCKED = 0x000200,
	VM_FAULT_RETRY = 0x000400,
	VM_FAULT_COMPLETED = 0x004000,
};

struct pt_regs;

struct vm_fault {
	const struct {
		struct vm_area_struct *vma;
		gfp_t gfp_mask;
		pgoff_t pgoff;
		unsigned long address;
		unsigned long real_address;
	};
	enum fault_flag flags;
	pmd_t *pmd;
	pud_t *pud;
	pte_t orig_pte;
	struct page *page;
	pte_t *pte;
	spinlock_t *ptl;
	pgtable_t prealloc_pte;
};

struct vm_operations_struct {
	void (*open)(struct vm_area_struct *area);
	void (*close)(struct vm_area_struct *area);
	int (*may_split)(struct vm_area_struct *area, unsigned long addr);
	int (*mremap)(struct vm_area_struct *area);
	int (*mprotect)(struct vm_area_struct *vma, unsigned long start,
			unsigned long end, unsigned long newflags);
	vm_fault_t (*fault)(struct vm_fault *vmf);
	vm_fault_t (*huge_fault)(struct vm_fault *vmf, unsigned int order);
	vm_fault_t (*map_pages)(struct vm_fault *vmf, pgoff_t start_pgoff,
				pgoff_t end_pgoff);
	vm_fault_t (*page_mkwrite)(struct vm_fault *vmf);
	vm_fault_t (*pfn_mkwrite)(struct vm_fault *vmf);
	int (*access)(struct vm_area_struct *vma, unsigned long addr,
		      void *buf, int len, int write);
	const char *(*name)(struct vm_area_struct *vma);
};

/* Page walks (include/linux/pagewalk.h). */
enum page_walk_lock {
	PGWALK_RDLOCK = 0,
	PGWALK_WRLOCK = 1,
	PGWALK_WRLOCK_VERIFY = 2,
};

struct mm_walk;

struct mm_walk_ops {
	int (*pgd_entry)(pgd_t *pgd, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*p4d_entry)(p4d_t *p4d, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pud_entry)(pud_t *pud, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pmd_entry)(pmd_t *pmd, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pte_entry)(pte_t *pte, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pte_hole)(unsigned long addr, unsigned long next, int depth,
			struct mm_walk *walk);
	int (*test_walk)(unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	enum page_walk_lock walk_lock;
};

struct mm_walk {
	const struct mm_walk_ops *ops;
	struct mm_struct *mm;
	pgd_t *pgd;
	struct vm_area_struct *vma;
	void *private;
};

int walk_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, const struct mm_walk_ops *ops,
		    void *private);

/* rmap walks (include/linux/rmap.h). */
struct rmap_walk_control {
	void *arg;
	bool try_lock;
	bool contended;
	bool (*rmap_one)(struct folio *folio, struct vm_area_struct *vma,
			 unsigned long addr, void *arg);
	int (*done)(struct folio *folio);
};

void rmap_walk(struct folio *folio, struct rmap_walk_control *rwc);

/* The VMA tree (mm/vma.h). */
struct ma_state {
	unsigned long index;
	unsigned long last;
};

struct vma_iterator {
	struct ma_state mas;
};

/* Lockdep assertions: empty without CONFIG_LOCKDEP, as in 6.12. */
#ifdef VL_TEST_LOCKDEP
int lock_is_held(const void *lock);
#define lockdep_assert_held(l)                                              \
	do {                                                               \
		if (!lock_is_held(l))                                      \
			__builtin_trap();                                  \
	} while (0)
#define lockdep_assert_held_write(l) lockdep_assert_held(l)
#define lockdep_assert_held_read(l) lockdep_assert_held(l)
#define lockdep_assert_held_once(l) lockdep_assert_held(l)
#else
#define lockdep_assert_held(l) do { (void)(l); } while (0)
#define lockdep_assert_held_write(l) do { (void)(l); } while (0)
#define lockdep_assert_held_read(l) do { (void)(l); } while (0)
#define lockdep_assert_held_once(l) do { (void)(l); } while (0)
#endif

#ifdef VL_TEST_INLINE
/* The lock API as the kernel has it: static inline wrappers. */
#include "kernel-inline.h"
#else
/* mmap lock */
void mmap_write_lock(struct mm_struct *mm);
void mmap_write_lock_nested(struct mm_struct *mm, int subclass);
int mmap_write_lock_killable(struct mm_struct *mm);
void mmap_write_unlock(struct mm_struct *mm);
void mmap_write_downgrade(struct mm_struct *mm);
void mmap_read_lock(struct mm_struct *mm);
int mmap_read_lock_killable(struct mm_struct *mm);
bool mmap_read_trylock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);
void mmap_read_unlock_non_owner(struct mm_struct *mm);
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
void release_fault_lock(struct vm_fault *vmf);
void assert_fault_locked(struct vm_fault *vmf);

/* vm_flags */
void vm_flags_init(struct vm_area_struct *vma, vm_flags_t flags);
void vm_flags_reset(struct vm_area_struct *vma, vm_flags_t flags);
void vm_flags_reset_once(struct vm_area_struct *vma, vm_flags_t flags);
void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags);
void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags);
void __vm_flags_mod(struct vm_area_struct *vma, vm_flags_t set,
		    vm_flags_t clear);
void vm_flags_mod(struct vm_area_struct *vma, vm_flags_t set,
		  vm_flags_t clear);

/* the VMA tree */
void vma_iter_store(struct vma_iterator *vmi, struct vm_area_struct *vma);
void vma_set_range(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end, pgoff_t pgoff);

/* rmap locks */
void anon_vma_lock_write(struct anon_vma *anon_vma);
int anon_vma_trylock_write(struct anon_vma *anon_vma);
void anon_vma_unlock_write(struct anon_vma *anon_vma);
void anon_vma_lock_read(struct anon_vma *anon_vma);
int anon_vma_trylock_read(struct anon_vma *anon_vma);
void anon_vma_unlock_read(struct anon_vma *anon_vma);
void i_mmap_lock_write(struct address_space *mapping);
int i_mmap_trylock_write(struct address_space *mapping);
void i_mmap_unlock_write(struct address_space *mapping);
void i_mmap_lock_read(struct address_space *mapping);
int i_mmap_trylock_read(struct address_space *mapping);
void i_mmap_unlock_read(struct address_space *mapping);
void i_mmap_assert_locked(struct address_space *mapping);
void i_mmap_assert_write_locked(struct address_space *mapping);

/* page-table locks */
spinlock_t *pmd_lock(struct mm_struct *mm, pmd_t *pmd);
spinlock_t *pud_lock(struct mm_struct *mm, pud_t *pud);
spinlock_t *pmd_trans_huge_lock(pmd_t *pmd, struct vm_area_struct *vma);
pte_t *pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd,
			   unsigned long addr, spinlock_t **ptlp);
pte_t *pte_offset_map(pmd_t *pmd, unsigned long addr);
void pte_unmap(pte_t *pte);

/* page-table entries */
void pmd_populate(struct mm_struct *mm, pmd_t *pmd, pgtable_t pte);
int pmd_none(pmd_t pmd);
void set_ptes(struct mm_struct *mm, unsigned long addr, pte_t *ptep,
	      pte_t pte, unsigned int nr);
void set_pmd_at(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp,
		pmd_t pmd);
pte_t ptep_get_and_clear(struct mm_struct *mm, unsigned long addr,
			 pte_t *ptep);
void ptep_set_wrprotect(struct mm_struct *mm, unsigned long addr,
			pte_t *ptep);

/* raw primitives */
void down_read(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
int down_read_killable(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
#define down_read_nested(sem, subclass) down_read(sem)
#define down_write_nested(sem, subclass) down_write(sem)
void spin_lock(spinlock_t *lock);
int spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
#define spin_lock_nested(lock, subclass) spin_lock(lock)
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
void rcu_read_lock(void);
void rcu_read_unlock(void);

/* atomics */
void atomic_long_set(atomic_long_t *v, long i);

/* other locks of the order comments */
void inode_lock(struct inode *inode);
void inode_unlock(struct inode *inode);
void inode_lock_shared(struct inode *inode);
void inode_unlock_shared(struct inode *inode);
void filemap_invalidate_lock(struct address_space *mapping);
void filemap_invalidate_unlock(struct address_space *mapping);
void filemap_invalidate_lock_shared(struct address_space *mapping);
void filemap_invalidate_unlock_shared(struct address_space *mapping);
void folio_lock(struct folio *folio);
bool folio_trylock(struct folio *folio);

#endif /* VL_TEST_INLINE */

/* A hugetlb VMA (include/linux/hugetlb_inline.h). */
#define VM_HUGETLB 0x00400000
bool is_vm_hugetlb_page(struct vm_area_struct *vma);

#define pte_unmap_unlock(pte, ptl)                                          \
	do {                                                               \
		spin_unlock(ptl);                                          \
		pte_unmap(pte);                                            \
	} while (0)

/* xa_lock() and xa_unlock() are macros (include/linux/xarray.h). */
#define xa_lock(xa) spin_lock(&(xa)->xa_lock)
#define xa_unlock(xa) spin_unlock(&(xa)->xa_lock)

/* set_pte_at() is a macro for set_ptes() (include/linux/pgtable.h). */
#define set_pte_at(mm, addr, ptep, pte) set_ptes(mm, addr, ptep, pte, 1)

/* Functions the kernel defines out of line (extern in both shapes). */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs);
bool fault_signal_pending(vm_fault_t fault_flags, struct pt_regs *regs);
/* include/linux/err.h (pure in the spec). */
#define MAX_ERRNO 4095
static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}
static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}
static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}
struct vm_area_struct *lock_mm_and_find_vma(struct mm_struct *mm,
					    unsigned long addr,
					    struct pt_regs *regs);
struct vm_area_struct *expand_stack(struct mm_struct *mm, unsigned long addr);
int expand_stack_locked(struct vm_area_struct *vma, unsigned long address);
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
int vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
int mm_take_all_locks(struct mm_struct *mm);
void mm_drop_all_locks(struct mm_struct *mm);
struct anon_vma *folio_lock_anon_vma_read(struct folio *folio,
					  struct rmap_walk_control *rwc);
pte_t *pte_offset_map_nolock(struct mm_struct *mm, pmd_t *pmd,
			     unsigned long addr, spinlock_t **ptlp);
int __pte_alloc(struct mm_struct *mm, pmd_t *pmd);
/* include/linux/mm.h: the PTE lock is held iff the result is non-NULL. */
#define pte_alloc(mm, pmd) (__builtin_expect(pmd_none(*(pmd)), 0) && __pte_alloc(mm, pmd))
#define pte_alloc_map_lock(mm, pmd, address, ptlp)                         \
	(pte_alloc(mm, pmd) ? NULL :                                       \
			      pte_offset_map_lock(mm, pmd, address, ptlp))
void pmd_install(struct mm_struct *mm, pmd_t *pmd, pgtable_t *pte);
int __pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long address);
pte_t ptep_clear_flush(struct vm_area_struct *vma, unsigned long address,
		       pte_t *ptep);
int ptep_set_access_flags(struct vm_area_struct *vma, unsigned long address,
			  pte_t *ptep, pte_t entry, int dirty);
pmd_t pmdp_invalidate(struct vm_area_struct *vma, unsigned long address,
		      pmd_t *pmdp);
void folio_unlock(struct folio *folio);

/* helpers */
struct kmem_cache;
void *kmem_cache_alloc_noprof(struct kmem_cache *cachep, unsigned int flags);
#define kmem_cache_alloc(...) ({ void *_r = kmem_cache_alloc_noprof(__VA_ARGS__); _r; })
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
int __anon_vma_prepare(struct vm_area_struct *vma);
struct task_struct *get_current(void);
#define current get_current()
void might_sleep(void);
void __attribute__((noreturn)) BUG(void);

#endif /* VL_TEST_KERNEL_H */
