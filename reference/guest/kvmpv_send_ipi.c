// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_send_ipi.c - turning a set of APIC IDs into HC_SEND_IPI calls
 * (spec section "KVM_HC_SEND_IPI", KPV-GST-010..012).
 *
 * A call covers a window of consecutive IDs starting at min: 128 in 64-bit
 * mode (two 64-bit bitmaps), 64 otherwise (two 32-bit bitmaps).  With the
 * IDs sorted, starting each window at the lowest uncovered ID gives the
 * fewest windows (the usual greedy cover of points by fixed-length
 * intervals), whatever order the caller listed the IDs in.
 */
#include "plat.h"
#include "kvmpv_guest.h"

/* In-place heap sort: O(n log n), no recursion, no scratch memory. */
static void sift_down(uint32_t *a, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		uint32_t t;

		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void sort_ids(uint32_t *a, size_t n)
{
	size_t i;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (i = n - 1; i > 0; i--) {
		uint32_t t = a[0];

		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i);
	}
}

int kvmpv_ipi_build(uint32_t *apic_ids, size_t n, bool long_mode,
		    struct kvmpv_ipi_call *out, size_t max_out)
{
	const uint64_t half = long_mode ? KVMPV_IPI_BITMAP_BITS_64 : KVMPV_IPI_BITMAP_BITS_32;
	size_t i = 0, calls = 0;

	sort_ids(apic_ids, n);
	while (i < n) {
		struct kvmpv_ipi_call c = { 0, 0, apic_ids[i] };
		/* 64-bit arithmetic: a window near 0xffffffff does not wrap
		 * (the host computes min + i without wrapping, KPV-HST-019). */
		uint64_t end = (uint64_t)c.min + 2 * half;

		for (; i < n && apic_ids[i] < end; i++) {
			uint64_t off = (uint64_t)apic_ids[i] - c.min;

			if (off < half)
				c.low |= 1ull << off;
			else
				c.high |= 1ull << (off - half);
		}
		if (calls == max_out)
			return -VIRTQ_ENOSPC;
		out[calls++] = c;
	}
	return (int)calls;
}
