// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_mem_translate.c - virtq_mem_translate(), the one gate between a
 * driver-supplied address and device memory: ranges inside, at the edges
 * of, straddling and outside regions; length 0; wrap-around of 2^64.
 */
#include "ut.h"
#include "virtq_mem.h"

static unsigned char ram_a[4096], ram_b[4096], ram_c[256];

/* A at 0x1000 (4 KiB), B right after it at 0x2000 (4 KiB, a separate
 * mapping), C at 0x10000 (256 bytes). */
static const struct virtq_mem_region regions[] = {
	{ 0x1000, sizeof(ram_a), ram_a },
	{ 0x2000, sizeof(ram_b), ram_b },
	{ 0x10000, sizeof(ram_c), ram_c },
};
static const struct virtq_memmap map = { regions, 3 };

UT_TEST(mem_translate_inside)
{
	UT_ASSERT(virtq_mem_translate(&map, 0x1000, 1) == ram_a);
	UT_ASSERT(virtq_mem_translate(&map, 0x1000, 4096) == ram_a);
	UT_ASSERT(virtq_mem_translate(&map, 0x1abc, 16) == ram_a + 0xabc);
	UT_ASSERT(virtq_mem_translate(&map, 0x1fff, 1) == ram_a + 0xfff);
	UT_ASSERT(virtq_mem_translate(&map, 0x2000, 4096) == ram_b);
	UT_ASSERT(virtq_mem_translate(&map, 0x100ff, 1) == ram_c + 0xff);
}

UT_TEST(mem_translate_past_end)
{
	UT_ASSERT(virtq_mem_translate(&map, 0x1000, 4097) == NULL);  /* A is 4096 */
	UT_ASSERT(virtq_mem_translate(&map, 0x10000, 257) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, 0x10100, 1) == NULL);    /* first byte after C */
	UT_ASSERT(virtq_mem_translate(&map, 0x100f0, 0x20) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, 0x3000, 1) == NULL);     /* first byte after B */
}

UT_TEST(mem_translate_outside)
{
	UT_ASSERT(virtq_mem_translate(&map, 0, 1) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, 0xfff, 1) == NULL);      /* just below A */
	UT_ASSERT(virtq_mem_translate(&map, 0xfff, 2) == NULL);      /* starts below A */
	UT_ASSERT(virtq_mem_translate(&map, 0x8000, 16) == NULL);    /* a hole */
	UT_ASSERT(virtq_mem_translate(&map, UINT64_MAX, 1) == NULL);
}

/* A and B are adjacent in guest space but separate host mappings: a range
 * over the seam must not be handed out as one pointer. */
UT_TEST(mem_translate_straddles_regions)
{
	UT_ASSERT(virtq_mem_translate(&map, 0x1ff8, 16) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, 0x1fff, 2) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, 0x1000, 8192) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, 0x1ff8, 8) == ram_a + 0xff8);
	UT_ASSERT(virtq_mem_translate(&map, 0x2000, 8) == ram_b);
}

/* gpa + len beyond 2^64 must not wrap into a region */
UT_TEST(mem_translate_overflow)
{
	UT_ASSERT(virtq_mem_translate(&map, 0x1000, UINT64_MAX) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, 0x1001, UINT64_MAX - 0x1000) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, UINT64_MAX - 0xff, 0x1100) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, UINT64_MAX, UINT64_MAX) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, 0x1000, (uint64_t)1 << 63) == NULL);
}

/* len 0 translates when gpa lies inside a region, and only then */
UT_TEST(mem_translate_len_zero)
{
	UT_ASSERT(virtq_mem_translate(&map, 0x1000, 0) == ram_a);
	UT_ASSERT(virtq_mem_translate(&map, 0x1fff, 0) == ram_a + 0xfff);
	UT_ASSERT(virtq_mem_translate(&map, 0x10100, 0) == NULL);    /* one past C */
	UT_ASSERT(virtq_mem_translate(&map, 0xfff, 0) == NULL);
	UT_ASSERT(virtq_mem_translate(&map, UINT64_MAX, 0) == NULL);
}

UT_TEST(mem_translate_empty_maps)
{
	static const struct virtq_mem_region zero[] = { { 0x1000, 0, ram_a } };
	const struct virtq_memmap none = { regions, 0 };
	const struct virtq_memmap empty = { zero, 1 };

	UT_ASSERT(virtq_mem_translate(&none, 0x1000, 1) == NULL);
	UT_ASSERT(virtq_mem_translate(&empty, 0x1000, 1) == NULL);
	UT_ASSERT(virtq_mem_translate(&empty, 0x1000, 0) == NULL);
}

/* A region at the top of the address space: its last bytes translate. */
UT_TEST(mem_translate_top_of_space)
{
	static const struct virtq_mem_region top[] = {
		{ UINT64_MAX - 255, 255, ram_c },   /* [2^64 - 256, 2^64 - 1) */
	};
	const struct virtq_memmap m = { top, 1 };

	UT_ASSERT(virtq_mem_translate(&m, UINT64_MAX - 255, 255) == ram_c);
	UT_ASSERT(virtq_mem_translate(&m, UINT64_MAX - 1, 1) == ram_c + 254);
	UT_ASSERT(virtq_mem_translate(&m, UINT64_MAX - 1, 2) == NULL);
	UT_ASSERT(virtq_mem_translate(&m, UINT64_MAX, 1) == NULL);
}
