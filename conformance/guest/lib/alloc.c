// SPDX-License-Identifier: GPL-2.0-only
/* alloc.c - a bump allocator over the RAM after the image.  Nothing is
 * freed: each test run boots a fresh guest. */
#include "libc.h"

static uintptr_t heap_cur, heap_end;

void alloc_init(uintptr_t start, uintptr_t end)
{
	heap_cur = start;
	heap_end = end;
}

void *alloc_zeroed(size_t size, size_t align)
{
	uintptr_t p = (heap_cur + align - 1) & ~(uintptr_t)(align - 1);

	if (p > heap_end || size > heap_end - p)
		return NULL;
	heap_cur = p + size;
	memset((void *)p, 0, size);
	return (void *)p;
}

size_t alloc_remaining(void)
{
	return heap_end - heap_cur;
}
