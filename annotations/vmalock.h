/*
 * In-source annotations for vmalock.
 *
 * Each macro attaches a clause of the vmalock spec language
 * (docs/spec-language.md) to the declaration it follows.  Without the
 * plugin (__VMALOCK__ is defined only by -fplugin=vmalock.so) every macro
 * expands to nothing, so annotated code compiles exactly as before.
 *
 * Functions (after the declarator):
 *	void take(struct mm_struct *mm) __vl_acquires(mmap(mm):write);
 *	int try_take(struct mm_struct *mm)
 *		__vl_acquires_when(return == 0, mmap(mm):write);
 *	void drop(struct mm_struct *mm) __vl_releases(mmap(mm):write);
 *	void check(struct mm_struct *mm) __vl_asserts(mmap(mm):read);
 *	void helper(struct vm_area_struct *vma)
 *		__vl_requires(mmap(vma->vm_mm):write & vma(vma):write);
 *
 * Fields:
 *	unsigned long vm_start __vl_requires(mmap(this->vm_mm):write);
 *	struct anon_vma *anon_vma
 *		__vl_write_when(null, nonnull, mmap(this->vm_mm):read)
 *		__vl_write_when(nonnull, null, mmap(this->vm_mm):write);
 *	void *private_data __vl_unchecked;
 *	struct rw_semaphore mmap_lock __vl_lock(mmap, rwsem);
 *
 * Structs (after the closing brace): a pseudo-lock per object:
 *	struct vm_area_struct { ... } __vl_lock(vma, rwsem, reentrant:write);
 *
 * Anything else, as a whole spec item on any declaration:
 *	__vl_spec(order mmap < i_mmap < anon_vma)
 */
#ifndef VMALOCK_H
#define VMALOCK_H

#ifdef __VMALOCK__
#define __vl_spec(...) __attribute__((annotate("vmalock: " #__VA_ARGS__)))
#define __vl_text(text) __attribute__((annotate("vmalock: " text)))
#else
#define __vl_spec(...)
#define __vl_text(text)
#endif

/* Functions. */
#define __vl_acquires(...) __vl_text("acquires " #__VA_ARGS__)
#define __vl_acquires_when(cond, ...)                                       \
	__vl_text("acquires " #__VA_ARGS__ " when " #cond)
#define __vl_releases(...) __vl_text("releases " #__VA_ARGS__)
#define __vl_downgrades(...) __vl_text("downgrades " #__VA_ARGS__)
#define __vl_asserts(...) __vl_text("asserts " #__VA_ARGS__)
#define __vl_requires(...) __vl_text("requires " #__VA_ARGS__)
#define __vl_pure __vl_text("pure")

/* Fields. */
#define __vl_write_when(from, to, ...)                                      \
	__vl_text("when " #from " -> " #to " requires " #__VA_ARGS__)
#define __vl_unchecked __vl_text("unchecked")

/* Lock classes: on a field (the lock lives there) or a struct (one
 * pseudo-lock per object). */
#define __vl_lock(name, kind, ...) __vl_text("lock " #name ": " #kind " " #__VA_ARGS__)

#endif /* VMALOCK_H */
