// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_fuzz_ring.c - the fuzz case of test_fuzz_core.c run over a fixed,
 * seeded series of random inputs, both layouts, every feature combination:
 * a hostile peer on each side (random descriptors, indirect tables, ring
 * indexes, used elements, event structures) against the reference driver
 * and device.  Requirements: the robustness rules VQP-DEV-039..051,
 * VQS-DEV-022..035 (device), VQP-DRV-050..052, VQS-DRV-032..035 (driver).
 * The libFuzzer target tools/fuzz/virtq_ring_fuzz.c runs the same case on
 * inputs of its own choosing.
 */
#include <stdlib.h>
#include <string.h>
#include "test_fuzz_core.h"
#include "virtq_layout.h"
#include "ut.h"

static uint64_t fr_case_no;

static void fr_fail(const char *msg)
{
	ut_fail(__FILE__, __LINE__, "case %llu: %s", (unsigned long long)fr_case_no, msg);
}

/*
 * Inputs: a header byte that cycles through both layouts and all feature
 * combinations, a random size, then a random script.  Scripts are biased
 * by the script length only; the core's operand decoding does the rest.
 */
static void fr_run(uint64_t cases, size_t max_len, struct fuzz_stats *st)
{
	static uint8_t buf[4096];

	for (fr_case_no = 0; fr_case_no < cases; fr_case_no++) {
		size_t len = 2 + (size_t)(ut_rand() % (max_len - 2));

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)ut_rand();
		/* bit 0 layout, bits 4..7 features: all 32 combinations in turn */
		buf[0] = (uint8_t)(((fr_case_no & 1u) | ((fr_case_no >> 1) & 0xfu) << 4) |
				   (buf[0] & 0x0eu));
		fuzz_ring_case(buf, len, fr_fail, st);
	}
}

static void fr_report(const char *what, const struct fuzz_stats *st)
{
	ut_diag("%s: %llu cases, %llu ops, %llu pops, %llu pushes, %llu gets, %llu adds, "
		"%llu resets, device broken %llu, driver broken %llu", what,
		(unsigned long long)st->cases, (unsigned long long)st->ops,
		(unsigned long long)st->pops, (unsigned long long)st->pushes,
		(unsigned long long)st->gets, (unsigned long long)st->adds,
		(unsigned long long)st->resets, (unsigned long long)st->dev_broken,
		(unsigned long long)st->drv_broken);
	for (int e = VIRTQ_EADDR; e < VIRTQ_ERR_MAX && e < 64; e++)
		if (st->dev_err[e] || st->drv_err[e])
			ut_diag("  %-10s device %llu, driver %llu", virtq_strerror(e),
				(unsigned long long)st->dev_err[e], (unsigned long long)st->drv_err[e]);
}

UT_TEST(fuzz_ring_random_scripts)
{
	static struct fuzz_stats st;
	int dev_codes = 0;

	memset(&st, 0, sizeof(st));
	fr_run(ut_scaled(300000), 512, &st);
	fr_report("ring fuzz", &st);
	/* the loop must reach the states it claims to test: both sides
	 * broken by a hostile peer, and working traffic in between */
	UT_ASSERT(st.pops > st.cases && st.gets > st.cases);
	for (int e = VIRTQ_EADDR; e < VIRTQ_ERR_MAX && e < 64; e++)
		dev_codes += st.dev_err[e] != 0;
	if (st.cases >= 20000) {
		UT_ASSERT_MSG(dev_codes >= 8, "only %d distinct device error codes reached", dev_codes);
		UT_ASSERT(st.drv_err[VIRTQ_EUSEDID] && st.drv_err[VIRTQ_EUSEDLEN] &&
			  st.drv_err[VIRTQ_EUSEDIDX]);
	}
}

/* Long scripts: many laps of small rings, wrap counters and 16-bit split
 * indexes far from their start. */
UT_TEST(fuzz_ring_long_scripts)
{
	static struct fuzz_stats st;

	memset(&st, 0, sizeof(st));
	fr_run(ut_scaled(6000), 4096, &st);
	fr_report("ring fuzz, long scripts", &st);
	UT_ASSERT(st.pops > st.cases);
}

/* Little-endian stores into the input buffer. */
static void fr_put(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A plausible descriptor: an address in the buffer space or the indirect
 * pool (sometimes anywhere), a small length or a table length, flags that
 * are often available for the current lap (packed) or a chain (split). */
static void fr_desc(uint8_t *p, unsigned layout, uint32_t num, bool wrap)
{
	uint64_t r = ut_rand(), addr;
	uint32_t len;
	uint16_t flags = (uint16_t)(r & 3u);

	switch ((r >> 2) % 8u) {
	case 0:
		addr = FUZZ_IND_OFF + 16u * ((r >> 8) % 64u);
		break;
	case 1:
		addr = (r >> 8) % (FUZZ_BLOCK + 64u);      /* the ring, or past the end */
		break;
	case 2:
		addr = ut_rand();
		break;
	default:
		addr = FUZZ_DATA_OFF + (r >> 8) % (FUZZ_BLOCK - FUZZ_DATA_OFF - 64u);
		break;
	}
	len = ((r >> 24) % 4u == 0) ? 16u * (uint32_t)((r >> 28) % 5u) : 1u + (uint32_t)((r >> 32) % 64u);
	if ((r >> 40) % 6u == 0)
		flags |= 4u;                                 /* INDIRECT */
	fr_put(p, addr, 8);
	fr_put(p + 8, len, 4);
	if (layout == VIRTQ_LAYOUT_PACKED) {
		if ((r >> 44) % 8u != 0)                     /* available in this lap */
			flags |= wrap ? (1u << 7) : (1u << 15);
		else
			flags |= (uint16_t)(((r >> 48) & 1u) << 7 | ((r >> 49) & 1u) << 15);
		fr_put(p + 12, (r >> 50) % (num + 1u), 2);  /* id */
		fr_put(p + 14, flags, 2);
	} else {
		fr_put(p + 12, flags, 2);
		fr_put(p + 14, (r >> 50) % (num + 1u), 2);  /* next */
	}
}

/*
 * Device only: inputs shaped like the rounds fuzz_dev_ring_case() reads
 * (control byte, ring areas, indirect bytes), filled with plausible
 * descriptors, avail rings whose index moves by 0..num+1 per round, and
 * a few random bytes on top.
 */
UT_TEST(fuzz_dev_ring_random_contents)
{
	static struct fuzz_stats st;
	static uint8_t buf[8192];

	memset(&st, 0, sizeof(st));
	for (fr_case_no = 0; fr_case_no < ut_scaled(30000); fr_case_no++) {
		struct virtq_ring_offsets o;
		unsigned layout;
		uint32_t num, rounds = 1u + (uint32_t)(ut_rand() % 6u);
		uint16_t avail_idx = 0;
		size_t pos = 2;
		bool wrap = true;

		buf[0] = (uint8_t)((fr_case_no & 1u) | ((fr_case_no >> 1) & 0xfu) << 4);
		buf[1] = (uint8_t)ut_rand();
		fuzz_case_shape(buf[0], buf[1], &layout, &num);
		UT_EQ(virtq_ring_layout(layout, num, &o), 0);
		for (uint32_t k = 0; k < rounds && pos + 1 + o.device + FUZZ_DEV_RING_IND <= sizeof(buf); k++) {
			uint8_t *ring = buf + pos + 1;

			buf[pos] = (uint8_t)ut_rand();
			for (uint32_t i = 0; i < num; i++)
				fr_desc(ring + 16u * i, layout, num, wrap);
			if (layout == VIRTQ_LAYOUT_SPLIT) {
				uint8_t *a = ring + o.driver;

				avail_idx = (uint16_t)(avail_idx + ut_rand() % (num + 2u));
				fr_put(a, 0, 2);
				fr_put(a + 2, avail_idx, 2);
				for (uint32_t i = 0; i < num; i++)
					fr_put(a + 4 + 2 * i, ut_rand() % (num + 1u), 2);
				fr_put(a + 4 + 2 * num, ut_rand(), 2);
			} else {
				fr_put(ring + o.driver, ut_rand(), 4);
				wrap = ut_rand() & 1u ? wrap : !wrap;
			}
			for (uint32_t i = 0; i < FUZZ_DEV_RING_IND / 16u; i++) {
				fr_desc(ring + o.device + 16u * i, layout, num, wrap);
				if (ut_rand() % 4u)                  /* mostly no nesting */
					ring[o.device + 16u * i + (layout == VIRTQ_LAYOUT_PACKED ? 14u : 12u)] &= 3u;
			}
			if (ut_rand() % 4u == 0)                     /* a random byte anywhere */
				ring[ut_rand() % (o.device + FUZZ_DEV_RING_IND)] = (uint8_t)ut_rand();
			pos += 1 + o.device + FUZZ_DEV_RING_IND;
		}
		fuzz_dev_ring_case(buf, pos, fr_fail, &st);
	}
	fr_report("device ring fuzz", &st);
	UT_ASSERT(st.pops > st.cases && st.pushes > st.cases / 10 && st.dev_broken > 0);
}
