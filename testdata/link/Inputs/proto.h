/* Shared by the units of these tests. */
#ifndef PROTO_H
#define PROTO_H
#include "kernel.h"
void set_range(struct vm_area_struct *vma, unsigned long start);
struct vm_area_struct *lock_find(struct mm_struct *mm, unsigned long addr);
void drop_fault_lock(struct vm_area_struct *vma, unsigned int flags);
void touch_mm(struct mm_struct *mm);
void middle(struct vm_area_struct *vma, unsigned long start);
void ping(struct vm_area_struct *vma, int n);
void pong(struct vm_area_struct *vma, int n);
#endif
