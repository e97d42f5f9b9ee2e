// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_pair.c - driver and device of the same layout against each other,
 * in one thread, for both layouts, every combination of the ring features
 * (indirect, in-order, event index, notification data) and queue sizes
 * from 1 to 32768 (split: the powers of two).  See pair_work_run().
 * Packed requirements exercised end to end: VQP-DRV-004..022 and
 * VQP-DEV-003..017 (rings, chains, wraps), VQP-DRV-026..032 and
 * VQP-DEV-018..023 (indirect, in-order), VQP-DRV-038/040 and
 * VQP-DEV-028/030 (no lost wake-up), VQP-DRV-041 (notification data),
 * VQP-DRV-047/048 and VQP-DEV-035 (reset mid-flight).
 */
#include <stdlib.h>
#include "pair.h"
#include "ut.h"

static const uint32_t pair_sizes[] = { 1, 2, 3, 255, 256, 257, 1000, 32768 };

static const unsigned pair_feature_bits[] = {
	VIRTIO_F_INDIRECT_DESC, VIRTIO_F_IN_ORDER, VIRTIO_F_EVENT_IDX, VIRTIO_F_NOTIFICATION_DATA,
};

static uint64_t combo_features(unsigned layout, unsigned combo)
{
	uint64_t f = VIRTIO_BIT(VIRTIO_F_VERSION_1);

	if (layout == VIRTQ_LAYOUT_PACKED)
		f |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	for (unsigned i = 0; i < 4; i++)
		if (combo & (1u << i))
			f |= VIRTIO_BIT(pair_feature_bits[i]);
	return f;
}

/* One layout, every size and feature combination. */
static void run_layout(unsigned layout, uint32_t reset_every)
{
	uint64_t buffers = 0, wraps_small = 0, full = 0, resets = 0, ind = 0;

	for (size_t s = 0; s < sizeof(pair_sizes) / sizeof(pair_sizes[0]); s++) {
		uint32_t num = pair_sizes[s];

		if (!virtq_size_valid(layout, num))
			continue;
		for (unsigned combo = 0; combo < 16; combo++) {
			struct pair pr;
			struct pair_cfg cfg = {
				.layout = layout, .num = num,
				.features = combo_features(layout, combo),
				.max_indirect = (combo & 1) ? (num < 8 ? num : 8) : 0,
			};
			struct pair_work_opts o = {
				/* small rings wrap thousands of times; the largest
				 * still wrap a few times */
				.slots = num >= 1000 ? 3u * num + ut_scaled(num) : ut_scaled(40000u),
				.min_buffers = ut_scaled(3000u),
				.reset_every = reset_every,
			};
			struct pair_work_stats st;
			uint32_t maxind = cfg.max_indirect ? cfg.max_indirect : 1;
			int r;

			cfg.data_bytes = (size_t)num * maxind * 16u;
			r = pair_init(&pr, &cfg);
			UT_ASSERT_MSG(r == 0, "%s num=%u combo=%u: init %s", pair_layout_name(layout),
				      num, combo, virtq_strerror(r));
			if (getenv("PAIR_VERBOSE"))
				ut_diag("%s num=%u combo=%u", pair_layout_name(layout), num, combo);
			pair_work_run(&pr, &o, &st);
			if (getenv("PAIR_VERBOSE"))
				ut_diag("  %llu buffers %llu slots %llu indirect %llu full, %llu kicks %llu irqs",
					(unsigned long long)st.buffers, (unsigned long long)st.slots,
					(unsigned long long)st.indirect, (unsigned long long)st.full_chains,
					(unsigned long long)st.kicks, (unsigned long long)st.irqs);
			pair_fini(&pr);
			UT_ASSERT_MSG(st.full_chains > 0, "num=%u: no chain of the full queue size", num);
			if ((combo & 1) && num > 1)
				UT_ASSERT_MSG(st.indirect > 0, "num=%u combo=%u: indirect never used", num, combo);
			buffers += st.buffers;
			full += st.full_chains;
			resets += st.resets;
			ind += st.indirect;
			if (num <= 3)
				wraps_small += st.slots / num;
		}
	}
	ut_diag("%s: %llu buffers, %llu full-size chains, %llu indirect, %llu resets, %llu wraps of sizes 1..3",
		pair_layout_name(layout), (unsigned long long)buffers, (unsigned long long)full,
		(unsigned long long)ind, (unsigned long long)resets, (unsigned long long)wraps_small);
}

UT_TEST(pair_packed_all_features_sizes)
{
	run_layout(VIRTQ_LAYOUT_PACKED, 0);
}

UT_TEST(pair_split_all_features_sizes)
{
	run_layout(VIRTQ_LAYOUT_SPLIT, 0);
}

UT_TEST(pair_packed_reset_midflight)
{
	run_layout(VIRTQ_LAYOUT_PACKED, 500);
}

UT_TEST(pair_split_reset_midflight)
{
	run_layout(VIRTQ_LAYOUT_SPLIT, 500);
}
