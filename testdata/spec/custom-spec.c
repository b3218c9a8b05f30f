// A spec file given with -fplugin-arg-vmalock-spec replaces the bundled one.
// RUN: %check -fplugin-arg-vmalock-spec=%S/Inputs/tiny.spec %s

struct counter {
	int value;
};
void big_lock_take(void);
void big_lock_drop(void);
void mmap_read_lock(void *mm);

void good(struct counter *c)
{
	big_lock_take();
	c->value++;
	big_lock_drop();
}

void bad(struct counter *c)
{
	c->value++; // expected-warning {{write to c->value needs the big lock; held: nothing [vmalock-field-write]}}
}

/* The bundled spec does not apply: mmap_read_lock() means nothing here. */
void unknown_to_this_spec(void *mm)
{
	mmap_read_lock(mm);
}
