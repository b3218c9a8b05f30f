/* The helper helper.c defines and caller.c calls. */
void set_start(struct vm_area_struct *vma, unsigned long addr);
