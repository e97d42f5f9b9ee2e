// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_packed_event.c - packed ring details checked one at a time: event
 * suppression in both directions ("reached or passed", across wraps and
 * across chains that step over the event offset), notification data,
 * GET/SET_VRING_BASE encoding, the driver's argument checks and indirect
 * fallback, and the descriptor contents the driver writes.
 * Requirements: VQP-DRV-033..040, VQP-DEV-027..031 (event suppression),
 * VQP-DRV-041/042 (notification data), VQP-DRV-010..021 (chains),
 * VQP-DEV-021/022 (in-order batches), VQP-DRV-003 / VQP-DEV-001 (sizes).
 */
#include <string.h>
#include "plat.h"
#include "pair.h"
#include "ut.h"

#define EV_NUM 8u

static void ev_init(struct pair *pr, uint32_t num, uint64_t extra, uint32_t max_ind)
{
	struct pair_cfg cfg = {
		.layout = VIRTQ_LAYOUT_PACKED, .num = num,
		.features = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED) | extra,
		.max_indirect = max_ind,
		.data_bytes = 65536,
	};

	UT_EQ(pair_init(pr, &cfg), 0);
}

static volatile struct virtq_packed_event *ev_dev_area(struct pair *pr)
{
	return (volatile struct virtq_packed_event *)(pr->block + pr->ring.device);
}

static volatile struct virtq_packed_event *ev_drv_area(struct pair *pr)
{
	return (volatile struct virtq_packed_event *)(pr->block + pr->ring.driver);
}

/* Add one buffer of n readable descriptors. */
static int ev_add(struct pair *pr, uint32_t n, uint32_t flags)
{
	struct virtq_sg sg[64];

	for (uint32_t i = 0; i < n; i++) {
		sg[i].addr = pair_gpa(pr, pair_data(pr) + i * 16);
		sg[i].len = 16;
	}
	return virtq_drv_add(&pr->drv, sg, n, 0, pr, flags);
}

/* Device: take everything available and return it. */
static uint32_t ev_serve(struct pair *pr)
{
	struct virtq_seg seg[64];
	struct virtq_req req;
	uint32_t n = 0;

	while (virtq_dev_pop(&pr->dev, &req, seg, 64) == 1) {
		UT_EQ(virtq_dev_push(&pr->dev, &req, 0), 0);
		n++;
	}
	virtq_dev_flush(&pr->dev);
	return n;
}

static void ev_drain(struct pair *pr)
{
	uint32_t len;

	while (virtq_drv_get(&pr->drv, &len))
		;
	UT_EQ(virtq_drv_error(&pr->drv), 0);
}

UT_TEST(packed_event_hit_reached_or_passed)
{
	/* num 8: positions wrap=1 offsets 0..7, then wrap=0 */
	uint16_t w1 = 1u << 15;

	UT_ASSERT(virtq_packed_event_hit(8, w1 | 3, w1 | 3, w1 | 4));    /* exactly reached */
	UT_ASSERT(!virtq_packed_event_hit(8, w1 | 4, w1 | 3, w1 | 4));   /* not yet */
	UT_ASSERT(virtq_packed_event_hit(8, w1 | 4, w1 | 2, w1 | 7));    /* passed over */
	UT_ASSERT(virtq_packed_event_hit(8, 1, w1 | 6, 3));              /* across the wrap */
	UT_ASSERT(!virtq_packed_event_hit(8, 3, w1 | 6, 3));
	UT_ASSERT(!virtq_packed_event_hit(8, w1 | 1, w1 | 6, 3));        /* a lap behind */
	UT_ASSERT(virtq_packed_event_hit(8, w1 | 1, 6, w1 | 3));         /* wrap 0 -> 1 */
	UT_ASSERT(!virtq_packed_event_hit(8, w1 | 5, w1 | 5, w1 | 5));   /* nothing moved */
	UT_ASSERT(virtq_packed_event_hit(1, w1, w1, 0));                 /* size 1 */
	UT_ASSERT(!virtq_packed_event_hit(1, 0, w1, 0));
	UT_ASSERT(virtq_packed_event_hit(32768, w1 | 32767, w1 | 32000, 10));
}

UT_TEST(packed_kick_enable_disable)
{
	struct pair pr;

	ev_init(&pr, EV_NUM, 0, 0);
	UT_ASSERT(!virtq_drv_kick_prepare(&pr.drv));          /* nothing added */
	UT_EQ(ev_add(&pr, 1, 0), 0);
	UT_ASSERT(virtq_drv_kick_prepare(&pr.drv));           /* ENABLE */
	virtq_dev_disable_notify(&pr.dev);
	UT_EQ(pvref_le16(ev_dev_area(&pr)->flags), VIRTQ_EVT_F_DISABLE);
	UT_EQ(ev_add(&pr, 1, 0), 0);
	UT_ASSERT(!virtq_drv_kick_prepare(&pr.drv));
	UT_ASSERT(!virtq_dev_enable_notify(&pr.dev));         /* requests are waiting */
	UT_EQ(pvref_le16(ev_dev_area(&pr)->flags), VIRTQ_EVT_F_ENABLE);
	UT_EQ(ev_serve(&pr), 2);
	UT_ASSERT(virtq_dev_enable_notify(&pr.dev));
	pair_fini(&pr);
}

UT_TEST(packed_kick_desc_chain_skips_offset)
{
	struct pair pr;

	ev_init(&pr, EV_NUM, VIRTIO_BIT(VIRTIO_F_EVENT_IDX), 0);
	/* the device wants a kick when slot 5 (first lap) is made available */
	ev_dev_area(&pr)->off_wrap = pvref_le16((1u << 15) | 5);
	ev_dev_area(&pr)->flags = pvref_le16(VIRTQ_EVT_F_DESC);
	UT_EQ(ev_add(&pr, 2, 0), 0);                       /* slots 0,1 */
	UT_ASSERT(!virtq_drv_kick_prepare(&pr.drv));
	UT_EQ(ev_add(&pr, 2, 0), 0);                       /* slots 2,3 */
	UT_ASSERT(!virtq_drv_kick_prepare(&pr.drv));
	UT_EQ(ev_add(&pr, 3, 0), 0);                       /* slots 4,5,6: over it */
	UT_ASSERT(virtq_drv_kick_prepare(&pr.drv));
	UT_EQ(ev_add(&pr, 1, 0), 0);                       /* slot 7: passed already */
	UT_ASSERT(!virtq_drv_kick_prepare(&pr.drv));
	pair_fini(&pr);
}

UT_TEST(packed_kick_desc_across_wrap)
{
	struct pair pr;

	ev_init(&pr, EV_NUM, VIRTIO_BIT(VIRTIO_F_EVENT_IDX), 0);
	UT_EQ(ev_add(&pr, 6, 0), 0);
	UT_ASSERT(virtq_drv_kick_prepare(&pr.drv));
	UT_EQ(ev_serve(&pr), 1);
	ev_drain(&pr);
	/* device: next kick at its next slot, 6 of the first lap */
	UT_ASSERT(virtq_dev_enable_notify(&pr.dev));
	UT_EQ(pvref_le16(ev_dev_area(&pr)->off_wrap), (1u << 15) | 6);
	/* event at slot 1 of the second lap (wrap 0) */
	ev_dev_area(&pr)->off_wrap = pvref_le16(1);
	UT_EQ(ev_add(&pr, 3, 0), 0);                       /* 6, 7, 0' */
	UT_ASSERT(!virtq_drv_kick_prepare(&pr.drv));
	UT_EQ(ev_add(&pr, 2, 0), 0);                       /* 1', 2' */
	UT_ASSERT(virtq_drv_kick_prepare(&pr.drv));
	pair_fini(&pr);
}

UT_TEST(packed_kick_desc_without_event_idx_kicks)
{
	struct pair pr;

	/* DESC needs VIRTIO_F_EVENT_IDX: without it the driver kicks */
	ev_init(&pr, EV_NUM, 0, 0);
	ev_dev_area(&pr)->off_wrap = pvref_le16((1u << 15) | 5);
	ev_dev_area(&pr)->flags = pvref_le16(VIRTQ_EVT_F_DESC);
	UT_EQ(ev_add(&pr, 1, 0), 0);
	UT_ASSERT(virtq_drv_kick_prepare(&pr.drv));
	pair_fini(&pr);
}

UT_TEST(packed_used_notify_desc)
{
	struct pair pr;

	ev_init(&pr, EV_NUM, VIRTIO_BIT(VIRTIO_F_EVENT_IDX), 0);
	virtq_drv_disable_cb(&pr.drv);
	UT_EQ(pvref_le16(ev_drv_area(&pr)->flags), VIRTQ_EVT_F_DISABLE);
	UT_EQ(ev_add(&pr, 2, 0), 0);
	UT_EQ(ev_serve(&pr), 1);
	UT_ASSERT(!virtq_dev_should_notify(&pr.dev));
	ev_drain(&pr);
	UT_ASSERT(virtq_drv_enable_cb(&pr.drv));
	UT_EQ(pvref_le16(ev_drv_area(&pr)->flags), VIRTQ_EVT_F_DESC);
	UT_EQ(pvref_le16(ev_drv_area(&pr)->off_wrap), (1u << 15) | 2);
	UT_ASSERT(!virtq_dev_should_notify(&pr.dev));      /* nothing new */
	UT_EQ(ev_add(&pr, 1, 0), 0);
	UT_EQ(ev_serve(&pr), 1);
	UT_ASSERT(virtq_dev_should_notify(&pr.dev));       /* slot 2 reached */
	UT_EQ(ev_add(&pr, 1, 0), 0);
	UT_EQ(ev_serve(&pr), 1);
	UT_ASSERT(!virtq_dev_should_notify(&pr.dev));      /* passed, not re-armed */
	UT_ASSERT(!virtq_drv_enable_cb(&pr.drv));          /* two used are waiting */
	pair_fini(&pr);
}

UT_TEST(packed_used_notify_delayed)
{
	struct pair pr;

	ev_init(&pr, EV_NUM, VIRTIO_BIT(VIRTIO_F_EVENT_IDX), 0);
	for (int i = 0; i < 8; i++)
		UT_EQ(ev_add(&pr, 1, 0), 0);
	/* 8 outstanding: the event goes 6 slots ahead */
	UT_ASSERT(virtq_drv_enable_cb_delayed(&pr.drv));
	UT_EQ(pvref_le16(ev_drv_area(&pr)->off_wrap), (1u << 15) | 6);
	for (int i = 0; i < 6; i++) {
		struct virtq_seg seg[4];
		struct virtq_req req;

		UT_EQ(virtq_dev_pop(&pr.dev, &req, seg, 4), 1);
		UT_EQ(virtq_dev_push(&pr.dev, &req, 0), 0);
		virtq_dev_flush(&pr.dev);
		UT_ASSERT(!virtq_dev_should_notify(&pr.dev));
	}
	UT_EQ(ev_serve(&pr), 2);
	UT_ASSERT(virtq_dev_should_notify(&pr.dev));
	pair_fini(&pr);
}

UT_TEST(packed_used_notify_enable_mode)
{
	struct pair pr;

	ev_init(&pr, EV_NUM, 0, 0);
	UT_EQ(ev_add(&pr, 1, 0), 0);
	UT_EQ(ev_serve(&pr), 1);
	UT_ASSERT(virtq_dev_should_notify(&pr.dev));
	UT_ASSERT(!virtq_dev_should_notify(&pr.dev));      /* no new used element */
	virtq_drv_disable_cb(&pr.drv);
	UT_EQ(ev_add(&pr, 1, 0), 0);
	UT_EQ(ev_serve(&pr), 1);
	UT_ASSERT(!virtq_dev_should_notify(&pr.dev));
	pair_fini(&pr);
}

UT_TEST(packed_notification_data)
{
	struct pair pr;
	struct virtq_notify nd;

	ev_init(&pr, 5, VIRTIO_BIT(VIRTIO_F_NOTIFICATION_DATA), 0);
	UT_EQ(virtq_drv_notify_data(&pr.drv), 3u | (0u << 16) | (1u << 31));
	UT_EQ(ev_add(&pr, 3, 0), 0);
	UT_EQ(virtq_drv_notify_data(&pr.drv), 3u | (3u << 16) | (1u << 31));
	UT_EQ(ev_serve(&pr), 1);
	ev_drain(&pr);
	UT_EQ(ev_add(&pr, 4, 0), 0);                       /* 3, 4, 0', 1' */
	UT_EQ(virtq_drv_notify_data(&pr.drv), 3u | (2u << 16) | (0u << 31));
	virtq_dev_parse_notify_data(VIRTQ_LAYOUT_PACKED, virtq_drv_notify_data(&pr.drv), &nd);
	UT_EQ(nd.vq_index, 3);
	UT_EQ(nd.next_off, 2);
	UT_EQ(nd.next_wrap, 0);
	pair_fini(&pr);
}

UT_TEST(packed_vring_base)
{
	struct pair pr;

	ev_init(&pr, 5, 0, 0);
	UT_EQ(virtq_dev_get_base(&pr.dev), (1u << 15) | (1u << 31));
	UT_EQ(ev_add(&pr, 3, 0), 0);
	UT_EQ(ev_add(&pr, 3, 0), -VIRTQ_ENOSPC);
	UT_EQ(ev_serve(&pr), 1);
	ev_drain(&pr);
	UT_EQ(ev_add(&pr, 3, 0), 0);                       /* 3, 4, 0' */
	UT_EQ(ev_serve(&pr), 1);
	UT_EQ(virtq_dev_get_base(&pr.dev), 1u | (1u << 16));
	UT_EQ(virtq_dev_set_base(&pr.dev, 5u), -VIRTQ_EINVAL);
	UT_EQ(virtq_dev_set_base(&pr.dev, 5u << 16), -VIRTQ_EINVAL);
	UT_EQ(virtq_dev_set_base(&pr.dev, 4u | (1u << 15) | (2u << 16)), 0);
	UT_EQ(virtq_dev_get_base(&pr.dev), 4u | (1u << 15) | (2u << 16));
	pair_fini(&pr);
}

UT_TEST(packed_driver_arguments)
{
	struct pair pr;
	struct virtq_sg sg[2] = { { 0, 16 }, { 0, 0 } };
	unsigned char priv[64] __attribute__((aligned(8)));
	struct virtq_drv_cfg dc;
	struct virtq_drv vq;

	ev_init(&pr, 4, 0, 0);
	sg[0].addr = sg[1].addr = pair_gpa(&pr, pair_data(&pr));
	UT_EQ(virtq_drv_add(&pr.drv, sg, 1, 1, pr.block, 0), -VIRTQ_EINVAL);  /* zero length */
	UT_EQ(virtq_drv_add(&pr.drv, sg, 1, 0, NULL, 0), -VIRTQ_EINVAL);      /* no token */
	UT_EQ(virtq_drv_add(&pr.drv, sg, 0, 0, pr.block, 0), -VIRTQ_EINVAL);  /* empty */
	UT_EQ(ev_add(&pr, 5, 0), -VIRTQ_EINVAL);                              /* > queue size */
	UT_EQ(ev_add(&pr, 4, 0), 0);                                          /* == queue size */
	UT_EQ(ev_add(&pr, 1, 0), -VIRTQ_ENOSPC);

	/* init checks: alignment, private memory size */
	memset(&dc, 0, sizeof(dc));
	dc.layout = VIRTQ_LAYOUT_PACKED;
	dc.num = 4;
	dc.desc.va = pr.block;
	dc.driver.va = pr.block + 64;
	dc.device.va = pr.block + 68;
	dc.priv = priv;
	dc.priv_size = sizeof(priv);
	UT_EQ(virtq_drv_init(&vq, &dc), 0);
	dc.priv_size = virtq_drv_priv_size(VIRTQ_LAYOUT_PACKED, 4) - 1;
	UT_EQ(virtq_drv_init(&vq, &dc), -VIRTQ_EINVAL);
	dc.priv_size = sizeof(priv);
	dc.desc.va = pr.block + 8;
	UT_EQ(virtq_drv_init(&vq, &dc), -VIRTQ_EINVAL);
	dc.desc.va = pr.block;
	dc.device.va = pr.block + 66;
	UT_EQ(virtq_drv_init(&vq, &dc), -VIRTQ_EINVAL);
	pair_fini(&pr);
}

UT_TEST(packed_indirect_when_chain_does_not_fit)
{
	struct pair pr;
	volatile struct virtq_packed_desc *d;
	struct virtq_seg seg[8];
	struct virtq_req req;

	ev_init(&pr, 4, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC), 4);
	d = (volatile struct virtq_packed_desc *)(pr.block + pr.ring.desc);
	UT_EQ(ev_add(&pr, 3, 0), 0);                       /* fits: a chain */
	UT_EQ(pvref_le16(d[0].flags) & VIRTQ_DESC_F_INDIRECT, 0);
	UT_EQ(ev_add(&pr, 3, 0), 0);                       /* 1 slot left: indirect */
	UT_EQ(pvref_le16(d[3].flags) & VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_INDIRECT);
	UT_EQ(pvref_le32(d[3].len), 48);
	UT_EQ(virtq_drv_num_free(&pr.drv), 0);
	UT_EQ(virtq_dev_pop(&pr.dev, &req, seg, 8), 1);
	UT_EQ(req.ndesc, 3);
	UT_EQ(virtq_dev_pop(&pr.dev, &req, seg, 8), 1);
	UT_EQ(req.ndesc, 1);
	UT_EQ(req.nseg, 3);
	pair_fini(&pr);
}

UT_TEST(packed_chain_layout_on_ring)
{
	struct pair pr;
	volatile struct virtq_packed_desc *d;
	struct virtq_sg sg[3];

	ev_init(&pr, 4, 0, 0);
	d = (volatile struct virtq_packed_desc *)(pr.block + pr.ring.desc);
	for (int i = 0; i < 3; i++) {
		sg[i].addr = pair_gpa(&pr, pair_data(&pr) + i * 16);
		sg[i].len = 10 + i;
	}
	UT_EQ(virtq_drv_add(&pr.drv, sg, 1, 2, pr.block, 0), 0);
	/* readable first, NEXT on all but the last, Buffer ID in the last */
	UT_EQ(pvref_le16(d[0].flags), VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_NEXT);
	UT_EQ(pvref_le16(d[1].flags), VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	UT_EQ(pvref_le16(d[2].flags), VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_WRITE);
	UT_EQ(pvref_le16(d[2].id), 0);
	UT_EQ(pvref_le32(d[1].len), 11);
	UT_EQ(pvref_le64(d[2].addr), sg[2].addr);
	pair_fini(&pr);
}

/* Every queue size from 1 to 32768 is accepted; 0 and 32769 are not. */
UT_TEST(packed_sizes_accepted)
{
	struct pair pr;
	struct pair_cfg cfg = {
		.layout = VIRTQ_LAYOUT_PACKED,
		.features = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED),
		.data_bytes = 64,
	};
	static const uint32_t sizes[] = { 1, 7, 100, 4097, 32767, 32768 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		cfg.num = sizes[i];
		UT_EQ(pair_init(&pr, &cfg), 0);
		UT_EQ(virtq_drv_num_free(&pr.drv), sizes[i]);
		pair_fini(&pr);
	}
	cfg.num = 0;
	UT_EQ(pair_init(&pr, &cfg), -VIRTQ_EINVAL);
	cfg.num = 32769;
	UT_EQ(pair_init(&pr, &cfg), -VIRTQ_EINVAL);
}

/* VQP-DEV-022: in-order, a buffer the device wrote only partly ends its
 * batch, so the driver never takes it for fully written. */
UT_TEST(packed_in_order_short_buffer_ends_batch)
{
	struct pair pr;
	struct virtq_seg seg[4];
	struct virtq_req req[3];
	int tok[3];
	uint32_t len;

	ev_init(&pr, EV_NUM, VIRTIO_BIT(VIRTIO_F_IN_ORDER), 0);
	for (int i = 0; i < 3; i++) {
		struct virtq_sg sg = { pair_gpa(&pr, pair_data(&pr) + i * 64), 32 };

		UT_EQ(virtq_drv_add(&pr.drv, &sg, 0, 1, &tok[i], 0), 0);
		UT_EQ(virtq_dev_pop(&pr.dev, &req[i], seg, 4), 1);
	}
	UT_EQ(virtq_dev_push(&pr.dev, &req[0], 32), 0);
	UT_EQ(virtq_dev_push(&pr.dev, &req[1], 10), 0);   /* short */
	UT_EQ(virtq_dev_push(&pr.dev, &req[2], 32), 0);
	virtq_dev_flush(&pr.dev);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &tok[0]);
	UT_EQ(len, 32);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &tok[1]);
	UT_EQ(len, 10);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &tok[2]);
	UT_EQ(len, 32);
	UT_EQ(virtq_drv_error(&pr.drv), 0);
	pair_fini(&pr);
}
