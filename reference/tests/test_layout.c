// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_layout.c - virtq_ring_layout() and virtq_size_valid(): which sizes
 * each layout allows, the area offsets and alignment, against the sizes
 * the spec gives (split: descriptors 16 * num, driver area 6 + 2 * num,
 * device area 6 + 8 * num; packed: descriptors 16 * num, two 4-byte event
 * structures), each area starting on a cache line of its own.
 */
#include "ut.h"
#include "virtq_layout.h"

UT_TEST(layout_size_valid)
{
	uint32_t n;

	UT_ASSERT(!virtq_size_valid(VIRTQ_LAYOUT_SPLIT, 0));
	UT_ASSERT(!virtq_size_valid(VIRTQ_LAYOUT_PACKED, 0));
	UT_ASSERT(virtq_size_valid(VIRTQ_LAYOUT_SPLIT, 1));
	UT_ASSERT(virtq_size_valid(VIRTQ_LAYOUT_SPLIT, 32768));
	UT_ASSERT(!virtq_size_valid(VIRTQ_LAYOUT_SPLIT, 65536));
	UT_ASSERT(!virtq_size_valid(VIRTQ_LAYOUT_SPLIT, 3));
	UT_ASSERT(!virtq_size_valid(VIRTQ_LAYOUT_SPLIT, 32767));
	UT_ASSERT(virtq_size_valid(VIRTQ_LAYOUT_PACKED, 3));
	UT_ASSERT(virtq_size_valid(VIRTQ_LAYOUT_PACKED, 32768));
	UT_ASSERT(!virtq_size_valid(VIRTQ_LAYOUT_PACKED, 32769));
	UT_ASSERT(!virtq_size_valid(2, 8));
	for (n = 1; n <= 32768; n++)
		UT_EQ(virtq_size_valid(VIRTQ_LAYOUT_SPLIT, n), (n & (n - 1)) == 0);
}

UT_TEST(layout_rejects)
{
	struct virtq_ring_offsets o;

	UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_SPLIT, 0, &o), -VIRTQ_EINVAL);
	UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_SPLIT, 6, &o), -VIRTQ_EINVAL);
	UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_SPLIT, 65536, &o), -VIRTQ_EINVAL);
	UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_PACKED, 32769, &o), -VIRTQ_EINVAL);
	UT_EQ(virtq_ring_layout(7, 8, &o), -VIRTQ_EINVAL);
}

/* Hand-computed split offsets. */
UT_TEST(layout_split_known)
{
	static const struct { uint32_t num; size_t driver, device, total; } t[] = {
		/* each area on its own 64-byte line */
		{ 1, 64, 128, 192 },        /* desc 16 -> 64; avail 8 -> 72 -> 128; used 14 -> 142 -> 192 */
		{ 2, 64, 128, 192 },        /* desc 32 -> 64; avail 10 -> 74 -> 128; used 22 -> 150 -> 192 */
		{ 256, 4096, 4672, 6784 },  /* avail 518 -> 4614 -> 4672; used 2054 -> 6726 -> 6784 */
		{ 32768, 524288, 589888, 852096 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct virtq_ring_offsets o;

		UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_SPLIT, t[i].num, &o), 0);
		UT_EQ(o.desc, 0);
		UT_EQ(o.driver, t[i].driver);
		UT_EQ(o.device, t[i].device);
		UT_EQ(o.total, t[i].total);
	}
}

/* Every valid size of both layouts: areas in order, aligned, not
 * overlapping, large enough, and the block a multiple of 16. */
UT_TEST(layout_all_sizes_consistent)
{
	uint32_t n;

	for (n = 1; n <= 32768; n++) {
		struct virtq_ring_offsets o;

		if (virtq_size_valid(VIRTQ_LAYOUT_SPLIT, n)) {
			UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_SPLIT, n, &o), 0);
			UT_EQ(o.desc % VIRTQ_SPLIT_DESC_ALIGN, 0);
			UT_EQ(o.driver % VIRTQ_SPLIT_AVAIL_ALIGN, 0);
			UT_EQ(o.device % VIRTQ_SPLIT_USED_ALIGN, 0);
			UT_ASSERT(o.driver >= o.desc + 16u * n);
			UT_ASSERT(o.device >= o.driver + 6u + 2u * n);
			UT_ASSERT(o.device - (o.driver + 6u + 2u * n) < VIRTQ_CACHE_LINE);
			UT_EQ(o.driver % VIRTQ_CACHE_LINE, 0);
			UT_EQ(o.device % VIRTQ_CACHE_LINE, 0);
			UT_ASSERT(o.total >= o.device + 6u + 8u * n);
			UT_ASSERT(o.total - (o.device + 6u + 8u * n) < VIRTQ_CACHE_LINE);
			UT_EQ(o.total % VIRTQ_CACHE_LINE, 0);
		}
		/* packed: each event structure on a line of its own */
		UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_PACKED, n, &o), 0);
		UT_EQ(o.desc, 0);
		UT_ASSERT(o.driver >= 16u * n && o.driver - 16u * n < VIRTQ_CACHE_LINE);
		UT_EQ(o.driver % VIRTQ_CACHE_LINE, 0);
		UT_EQ(o.device, o.driver + VIRTQ_CACHE_LINE);
		UT_EQ(o.total, o.device + VIRTQ_CACHE_LINE);
	}
}

/* The event fields sit right after each ring (split). */
UT_TEST(layout_split_event_fields)
{
	static _Alignas(16) unsigned char block[8192];
	struct virtq_ring_offsets o;
	volatile struct virtq_split_avail *a;
	volatile struct virtq_split_used *u;

	UT_EQ(virtq_ring_layout(VIRTQ_LAYOUT_SPLIT, 64, &o), 0);
	UT_ASSERT(o.total <= sizeof(block));
	a = (volatile struct virtq_split_avail *)(void *)(block + o.driver);
	u = (volatile struct virtq_split_used *)(void *)(block + o.device);
	UT_EQ((unsigned char *)virtq_split_used_event(a, 64) - (block + o.driver), 4 + 2 * 64);
	UT_EQ((unsigned char *)virtq_split_avail_event(u, 64) - (block + o.device), 4 + 8 * 64);
	UT_EQ(virtq_split_avail_bytes(64), 6 + 2 * 64);
	UT_EQ(virtq_split_used_bytes(64), 6 + 8 * 64);
	UT_EQ(virtq_split_desc_bytes(64), 1024);
}
