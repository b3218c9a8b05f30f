// seq_file operations: seq_read_iter() (fs/seq_file.c) calls ->start(),
// then ->show() for each record, then ->stop().  The /proc/PID/maps
// operations (6.12 fs/proc/task_mmu.c) take the mmap read lock in
// m_start() and drop it in m_stop(); show_map() runs in between.  The
// spec says what ->show() and ->stop() hold where ->start is m_start (a
// function stored in a sibling field of the operations table), and that
// m_start() leaves the lock to m_stop() ("leaves": not held-at-exit).
// RUN: %check %s

#include "kernel.h"

struct seq_file {
	void *private;
};

struct seq_operations {
	void *(*start)(struct seq_file *m, long long *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, long long *pos);
	int (*show)(struct seq_file *m, void *v);
};

static void *m_start(struct seq_file *m, long long *pos)
{
	struct mm_struct *mm = m->private;

	if (mmap_read_lock_killable(mm))
		return 0;
	return mm;
}

static void m_stop(struct seq_file *m, void *v)
{
	struct mm_struct *mm = m->private;

	mmap_read_unlock(mm);
}

static void *m_next(struct seq_file *m, void *v, long long *pos)
{
	return 0;
}

/* Needs the mmap read lock: the VMA tree is walked. */
static int show_map(struct seq_file *m, void *v)
{
	struct vm_area_struct *vma = v;

	return find_vma(vma->vm_mm, 0) != 0;
}

static const struct seq_operations good_maps_op = {
	.start = m_start,
	.next = m_next,
	.stop = m_stop,
	.show = show_map,
};

/* The same show with another start: nothing is said of them. */
static void *other_start(struct seq_file *m, long long *pos)
{
	struct mm_struct *mm = m->private;

	mmap_read_lock(mm); // expected-note {{mmap read lock of mm taken here}}
	return 0; // expected-warning {{other_start() returns with the mmap read lock of mm held [vmalock-held-at-exit]}}
}

static void other_stop(struct seq_file *m, void *v)
{
}

static int bad_show_map(struct seq_file *m, void *v)
{
	struct vm_area_struct *vma = v;

	return find_vma(vma->vm_mm, 0) != 0; // expected-warning {{find_vma() needs the mmap read lock of v->vm_mm; held: nothing [vmalock-call-requires]}}
}

static const struct seq_operations bad_other_op = {
	.start = other_start,
	.next = m_next,
	.stop = other_stop,
	.show = bad_show_map,
};

const struct seq_operations *test_ops(int i)
{
	return i ? &good_maps_op : &bad_other_op;
}
