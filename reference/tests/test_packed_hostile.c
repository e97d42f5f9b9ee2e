// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_packed_hostile.c - the packed driver against a hostile device: used
 * elements written straight into the ring name IDs out of range, IDs not
 * outstanding, IDs twice, lengths beyond the writable size, in-order
 * batches ending at an ID that is not outstanding.  Each must break the
 * queue with the exact code, return NULL, leave the driver's state as it
 * was (no token handed out twice, no slots freed), and a reset recovers.
 * Requirements: VQP-DRV-050, VQP-DRV-051, VQP-DRV-052 (checks), VQP-DRV-031,
 * VQP-DRV-032 (in-order batches), VQP-DRV-023 (len without WRITE).
 */
#include <string.h>
#include "plat.h"
#include "pair.h"
#include "ut.h"

#define HD_NUM 8u

static void hd_init(struct pair *pr, bool in_order)
{
	struct pair_cfg cfg = {
		.layout = VIRTQ_LAYOUT_PACKED, .num = HD_NUM,
		.features = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED) |
			    (in_order ? VIRTIO_BIT(VIRTIO_F_IN_ORDER) : 0),
		.data_bytes = 4096,
	};

	UT_EQ(pair_init(pr, &cfg), 0);
}

static int hd_tokens[HD_NUM];

/* n buffers of one readable and one 32-byte writable descriptor. */
static void hd_add(struct pair *pr, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct virtq_sg sg[2] = {
			{ pair_gpa(pr, pair_data(pr) + i * 64), 16 },
			{ pair_gpa(pr, pair_data(pr) + i * 64 + 32), 32 },
		};

		UT_EQ(virtq_drv_add(&pr->drv, sg, 1, 1, &hd_tokens[i], 0), 0);
	}
}

/* A used element as a device would write it, at ring slot slot (first lap). */
static void hd_used(struct pair *pr, uint32_t slot, uint16_t id, uint32_t len)
{
	volatile struct virtq_packed_desc *d =
		(volatile struct virtq_packed_desc *)(pr->block + pr->ring.desc) + slot;

	d->id = pvref_le16(id);
	d->len = pvref_le32(len);
	d->flags = pvref_le16(VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED | (len ? VIRTQ_DESC_F_WRITE : 0));
}

/* The driver is broken with err, hands out nothing, frees nothing; after a
 * reset one buffer round-trips. */
static void hd_expect_broken(struct pair *pr, int err, uint32_t num_free)
{
	struct virtq_sg sg = { pair_gpa(pr, pair_data(pr) + 2048), 16 };
	struct virtq_seg seg[4];
	struct virtq_req req;
	uint32_t len = 0, n = 0;

	UT_ASSERT(virtq_drv_get(&pr->drv, &len) == NULL);
	UT_EQ(virtq_drv_error(&pr->drv), -err);
	UT_EQ(virtq_drv_num_free(&pr->drv), num_free);
	UT_ASSERT(virtq_drv_get(&pr->drv, &len) == NULL);
	UT_ASSERT(!virtq_drv_more_used(&pr->drv));
	UT_EQ(virtq_drv_add(&pr->drv, &sg, 1, 0, pr, 0), -VIRTQ_EBROKEN);
	UT_ASSERT(pair_guards_ok(pr));

	while (virtq_drv_detach(&pr->drv))
		n++;
	UT_EQ(n, (HD_NUM - num_free) / 2);
	pair_reset(pr);
	UT_EQ(virtq_drv_error(&pr->drv), 0);
	UT_EQ(virtq_drv_add(&pr->drv, &sg, 0, 1, pr, 0), 0);
	UT_EQ(virtq_dev_pop(&pr->dev, &req, seg, 4), 1);
	UT_EQ(virtq_dev_push(&pr->dev, &req, 16), 0);
	virtq_dev_flush(&pr->dev);
	UT_ASSERT(virtq_drv_get(&pr->drv, &len) == pr);
	UT_EQ(len, 16);
	pair_fini(pr);
}

UT_TEST(packed_hostile_used_id_out_of_range)
{
	struct pair pr;

	hd_init(&pr, false);
	hd_add(&pr, 2);
	hd_used(&pr, 0, HD_NUM, 0);
	hd_expect_broken(&pr, VIRTQ_EUSEDID, HD_NUM - 4);
}

UT_TEST(packed_hostile_used_id_unknown)
{
	struct pair pr;

	hd_init(&pr, false);
	hd_add(&pr, 2);
	hd_used(&pr, 0, 5, 0);    /* in range, never made available */
	hd_expect_broken(&pr, VIRTQ_EUSEDID, HD_NUM - 4);
}

UT_TEST(packed_hostile_used_id_twice)
{
	struct pair pr;
	uint32_t len;

	hd_init(&pr, false);
	hd_add(&pr, 3);
	hd_used(&pr, 0, 1, 32);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &hd_tokens[1]);
	UT_EQ(len, 32);
	hd_used(&pr, 2, 1, 32);   /* the same ID again */
	hd_expect_broken(&pr, VIRTQ_EUSEDID, HD_NUM - 4);
}

UT_TEST(packed_hostile_used_len_too_big)
{
	struct pair pr;

	hd_init(&pr, false);
	hd_add(&pr, 2);
	hd_used(&pr, 0, 0, 33);   /* writable size is 32 */
	hd_expect_broken(&pr, VIRTQ_EUSEDLEN, HD_NUM - 4);
}

UT_TEST(packed_hostile_used_len_ok_at_limit)
{
	struct pair pr;
	uint32_t len;

	hd_init(&pr, false);
	hd_add(&pr, 2);
	hd_used(&pr, 0, 1, 32);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &hd_tokens[1]);
	UT_EQ(len, 32);
	UT_EQ(virtq_drv_error(&pr.drv), 0);
	pair_fini(&pr);
}

UT_TEST(packed_hostile_in_order_batch_unknown_id)
{
	struct pair pr;

	hd_init(&pr, true);
	hd_add(&pr, 3);
	hd_used(&pr, 0, 6, 8);    /* a batch "up to" an ID never made available */
	hd_expect_broken(&pr, VIRTQ_EUSEDID, HD_NUM - 6);
}

UT_TEST(packed_hostile_in_order_batch_completed_id)
{
	struct pair pr;
	uint32_t len;

	hd_init(&pr, true);
	hd_add(&pr, 3);
	hd_used(&pr, 0, 0, 8);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &hd_tokens[0]);
	UT_EQ(len, 8);
	hd_used(&pr, 2, 0, 8);    /* names the buffer already completed */
	hd_expect_broken(&pr, VIRTQ_EUSEDID, HD_NUM - 4);
}

UT_TEST(packed_hostile_in_order_batch_len_too_big)
{
	struct pair pr;

	hd_init(&pr, true);
	hd_add(&pr, 3);
	hd_used(&pr, 0, 2, 64);
	hd_expect_broken(&pr, VIRTQ_EUSEDLEN, HD_NUM - 6);
}

/* The legitimate in-order batch: one element names the last ID; the
 * driver completes all three, the earlier ones with their full writable
 * size. */
UT_TEST(packed_in_order_batch_one_element)
{
	struct pair pr;
	uint32_t len;

	hd_init(&pr, true);
	hd_add(&pr, 3);
	hd_used(&pr, 0, 2, 5);
	UT_ASSERT(virtq_drv_more_used(&pr.drv));
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &hd_tokens[0]);
	UT_EQ(len, 32);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &hd_tokens[1]);
	UT_EQ(len, 32);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &hd_tokens[2]);
	UT_EQ(len, 5);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == NULL);
	UT_EQ(virtq_drv_error(&pr.drv), 0);
	UT_EQ(virtq_drv_num_free(&pr.drv), HD_NUM);
	pair_fini(&pr);
}

/* VQP-DRV-023: without WRITE the length is reserved; one larger than the
 * writable part counts as nothing and does not break the queue. */
UT_TEST(packed_used_len_needs_write_flag)
{
	struct pair pr;
	volatile struct virtq_packed_desc *d;
	uint32_t len = 1;

	hd_init(&pr, false);
	hd_add(&pr, 1);
	d = (volatile struct virtq_packed_desc *)(pr.block + pr.ring.desc);
	d->id = 0;
	d->len = pvref_le32(4096);
	d->flags = pvref_le16(VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &hd_tokens[0]);
	UT_EQ(len, 0);
	pair_fini(&pr);
}

/* VQP-DRV-057: a device that omits WRITE but reports a length that fits
 * the writable part (as QEMU 7.2 does) is read as having written it. */
UT_TEST(packed_used_len_without_write_flag_fits)
{
	struct pair pr;
	volatile struct virtq_packed_desc *d;
	uint32_t len = 0;

	hd_init(&pr, false);
	hd_add(&pr, 1);
	d = (volatile struct virtq_packed_desc *)(pr.block + pr.ring.desc);
	d->id = 0;
	d->len = pvref_le32(20);
	d->flags = pvref_le16(VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &hd_tokens[0]);
	UT_EQ(len, 20);
	UT_EQ(virtq_drv_error(&pr.drv), 0);
	pair_fini(&pr);
}
