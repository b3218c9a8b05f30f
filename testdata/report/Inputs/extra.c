
/* A finding that the old version of locks.c does not have. */
int leak_write(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	return 0;
}
