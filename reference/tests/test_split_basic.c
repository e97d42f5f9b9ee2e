// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_split_basic.c - the split virtqueue's own contract: set-up checks,
 * every queue size, descriptor allocation and the free list, indirect
 * tables, in-order batching as the device writes it, detach and reset,
 * ring position save/restore, and device-side argument checks.
 */
#include "test_split_env.h"

#define IND VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC)
#define IN_ORDER VIRTIO_BIT(VIRTIO_F_IN_ORDER)

static int tok[64];

/* Every power-of-two size from 1 to 32768: a chain of the full size, then
 * 3 * num single buffers so the indexes wrap the ring. */
UT_TEST(split_basic_all_sizes)
{
	uint32_t num;

	for (num = 1; num <= VIRTQ_SPLIT_MAX_SIZE; num *= 2) {
		struct split_env e;
		struct virtq_sg sg[2];
		uint32_t len, k, rounds = num < 64 ? 3 * num : 200;

		senv_init(&e, num, 0);
		UT_EQ(virtq_drv_num_free(&e.drv), num);
		if (num <= 64) {
			struct virtq_sg big[64];

			for (k = 0; k < num; k++) {
				big[k].addr = senv_data(&e, 16 * k);
				big[k].len = 16;
			}
			UT_EQ(virtq_drv_add(&e.drv, big, num / 2, num - num / 2, &tok[0], 0), 0);
			UT_EQ(virtq_drv_num_free(&e.drv), 0);
			UT_EQ(senv_pop(&e), 1);
			UT_EQ(e.req.nseg, num);
			UT_EQ(e.req.ndesc, num);
			UT_EQ(virtq_dev_push(&e.dev, &e.req, 16 * (num - num / 2)), 0);
			virtq_dev_flush(&e.dev);
			UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
			UT_EQ(len, 16 * (num - num / 2));
		}
		sg[0].addr = senv_data(&e, 0);
		sg[0].len = 4;
		sg[1].addr = senv_data(&e, 64);
		sg[1].len = 4;
		for (k = 0; k < rounds; k++) {
			uint32_t nsg = num >= 2 ? 2 : 1;

			UT_EQ(virtq_drv_add(&e.drv, sg, 1, nsg - 1, &tok[1], 0), 0);
			UT_EQ(senv_pop(&e), 1);
			UT_EQ(virtq_dev_push(&e.dev, &e.req, nsg == 2 ? 4 : 0), 0);
			virtq_dev_flush(&e.dev);
			UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[1]);
		}
		UT_EQ(virtq_drv_num_free(&e.drv), num);
		UT_ASSERT(senv_guards_intact(&e));
	}
}

UT_TEST(split_basic_init_rejects)
{
	struct split_env e;
	struct virtq_drv d;
	struct virtq_drv_cfg dc;
	struct virtq_dev v;
	struct virtq_dev_cfg vc;
	static _Alignas(16) unsigned char ring[8192];
	static _Alignas(8) unsigned char priv[4096];

	senv_init(&e, 8, 0);
	UT_EQ(virtq_drv_priv_size(VIRTQ_LAYOUT_SPLIT, 3), 0);
	UT_EQ(virtq_dev_priv_size(VIRTQ_LAYOUT_SPLIT, 0), 0);
	memset(&dc, 0, sizeof(dc));
	dc.layout = VIRTQ_LAYOUT_SPLIT;
	dc.num = 8;
	dc.desc.va = ring;
	dc.driver.va = ring + 128;
	dc.device.va = ring + 256;
	dc.priv = priv;
	dc.priv_size = virtq_drv_priv_size(VIRTQ_LAYOUT_SPLIT, 8);
	UT_EQ(virtq_drv_init(&d, &dc), 0);
	dc.num = 3;
	UT_EQ(virtq_drv_init(&d, &dc), -VIRTQ_EINVAL);
	dc.num = 65536;
	UT_EQ(virtq_drv_init(&d, &dc), -VIRTQ_EINVAL);
	dc.num = 8;
	dc.desc.va = ring + 8;              /* descriptor table needs 16 */
	UT_EQ(virtq_drv_init(&d, &dc), -VIRTQ_EINVAL);
	dc.desc.va = ring;
	dc.driver.va = ring + 129;          /* avail ring needs 2 */
	UT_EQ(virtq_drv_init(&d, &dc), -VIRTQ_EINVAL);
	dc.driver.va = ring + 128;
	dc.device.va = ring + 258;          /* used ring needs 4 */
	UT_EQ(virtq_drv_init(&d, &dc), -VIRTQ_EINVAL);
	dc.device.va = ring + 256;
	dc.priv_size--;
	UT_EQ(virtq_drv_init(&d, &dc), -VIRTQ_EINVAL);
	dc.priv_size++;
	dc.priv = priv + 4;
	UT_EQ(virtq_drv_init(&d, &dc), -VIRTQ_EINVAL);

	memset(&vc, 0, sizeof(vc));
	vc.layout = VIRTQ_LAYOUT_SPLIT;
	vc.num = 8;
	vc.mem = &e.map;
	vc.desc_gpa = senv_gpa(&e, e.off.desc);
	vc.driver_gpa = senv_gpa(&e, e.off.driver);
	vc.device_gpa = senv_gpa(&e, e.off.device);
	vc.priv = priv;
	vc.priv_size = virtq_dev_priv_size(VIRTQ_LAYOUT_SPLIT, 8);
	UT_EQ(virtq_dev_init(&v, &vc), 0);
	vc.desc_gpa += 8;
	UT_EQ(virtq_dev_init(&v, &vc), -VIRTQ_EINVAL);
	vc.desc_gpa -= 8;
	vc.device_gpa += 2;
	UT_EQ(virtq_dev_init(&v, &vc), -VIRTQ_EINVAL);
	vc.device_gpa = SENV_GPA + e.size - 8;   /* used ring runs off the map */
	UT_EQ(virtq_dev_init(&v, &vc), -VIRTQ_EADDR);
	vc.device_gpa = senv_gpa(&e, e.off.device);
	vc.desc_gpa = SENV_GPA - 4096;           /* below the map */
	UT_EQ(virtq_dev_init(&v, &vc), -VIRTQ_EADDR);
	vc.desc_gpa = senv_gpa(&e, e.off.desc);
	vc.priv_size--;
	UT_EQ(virtq_dev_init(&v, &vc), -VIRTQ_EINVAL);
}

UT_TEST(split_basic_add_rejects)
{
	struct split_env e;
	struct virtq_sg sg[10];
	uint32_t k;

	senv_init(&e, 8, 0);
	for (k = 0; k < 10; k++) {
		sg[k].addr = senv_data(&e, 16 * k);
		sg[k].len = 16;
	}
	UT_EQ(virtq_drv_add(&e.drv, sg, 1, 0, NULL, 0), -VIRTQ_EINVAL);
	UT_EQ(virtq_drv_add(&e.drv, sg, 0, 0, &tok[0], 0), -VIRTQ_EINVAL);
	UT_EQ(virtq_drv_add(&e.drv, sg, 9, 0, &tok[0], 0), -VIRTQ_EINVAL);  /* > num, no indirect */
	sg[1].len = 0;
	UT_EQ(virtq_drv_add(&e.drv, sg, 1, 1, &tok[0], 0), -VIRTQ_EINVAL);  /* zero length */
	sg[1].len = 16;
	UT_EQ(virtq_drv_add(&e.drv, sg, 3, 3, &tok[0], 0), 0);
	UT_EQ(virtq_drv_add(&e.drv, sg, 2, 1, &tok[1], 0), -VIRTQ_ENOSPC);
	UT_EQ(virtq_drv_add(&e.drv, sg, 1, 1, &tok[1], 0), 0);
	UT_EQ(virtq_drv_num_free(&e.drv), 0);
	UT_EQ(virtq_drv_add(&e.drv, sg, 1, 0, &tok[2], 0), -VIRTQ_ENOSPC);
	/* asking for indirect without the feature: a plain chain */
	UT_EQ(virtq_drv_error(&e.drv), 0);
}

/* The driver keeps its own copy of the chains: a device scribbling over the
 * descriptor table cannot corrupt the free list. */
UT_TEST(split_basic_shadow_free_list)
{
	struct split_env e;
	volatile unsigned char *t;
	uint32_t len, k, round;
	size_t b;

	senv_init(&e, 32, 0);
	t = (volatile unsigned char *)senv_desc(&e);
	for (round = 0; round < 50; round++) {
		uint32_t n = 1 + round % 5;

		for (k = 0; k < 3; k++)
			UT_EQ(senv_add(&e, 1, n, 8, 64 * k, &tok[k], 0), 0);
		for (k = 0; k < 3; k++) {
			UT_EQ(senv_pop(&e), 1);
			UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
		}
		virtq_dev_flush(&e.dev);
		/* hostile scribble: every byte of the table 0xff */
		for (b = 0; b < 32u * 16u; b++)
			t[b] = 0xff;
		for (k = 0; k < 3; k++)
			UT_ASSERT(virtq_drv_get(&e.drv, &len) != NULL);
		UT_EQ(virtq_drv_num_free(&e.drv), 32);
	}
	UT_EQ(virtq_drv_error(&e.drv), 0);
}

/* Out-of-order completion: the free list takes chains back in any order. */
UT_TEST(split_basic_out_of_order_completion)
{
	struct split_env e;
	struct virtq_req reqs[6];
	struct virtq_seg segs[6][8];
	uint32_t len, k;
	static const int order[6] = { 3, 0, 5, 1, 4, 2 };

	senv_init(&e, 16, 0);
	for (int round = 0; round < 20; round++) {
		for (k = 0; k < 6; k++)
			UT_EQ(senv_add(&e, 1, 1 + k % 2, 8, 64 * k, &tok[k], 0), 0);
		for (k = 0; k < 6; k++)
			UT_EQ(virtq_dev_pop(&e.dev, &reqs[k], segs[k], 8), 1);
		for (k = 0; k < 6; k++)
			UT_EQ(virtq_dev_push(&e.dev, &reqs[order[k]], (uint32_t)order[k]), 0);
		virtq_dev_flush(&e.dev);
		for (k = 0; k < 6; k++) {
			UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[order[k]]);
			UT_EQ(len, order[k]);
		}
		UT_EQ(virtq_drv_num_free(&e.drv), 16);
	}
}

/* Indirect: asked for, or needed because the chain does not fit; never a
 * table longer than the queue (VQS-DRV-017). */
UT_TEST(split_basic_indirect)
{
	struct split_env e;
	uint32_t len;

	senv_init(&e, 8, IND);
	UT_EQ(senv_add(&e, 2, 2, 8, 0, &tok[0], VIRTQ_ADD_INDIRECT), 0);
	UT_EQ(virtq_drv_num_free(&e.drv), 7);
	UT_EQ(pvref_le16(senv_desc(&e)[0].flags), VIRTQ_SPLIT_F_INDIRECT);
	UT_EQ(pvref_le32(senv_desc(&e)[0].len), 4 * 16);
	UT_EQ(senv_add(&e, 2, 2, 8, 64, &tok[1], 0), 0);     /* fits: direct */
	UT_EQ(virtq_drv_num_free(&e.drv), 3);
	UT_EQ(senv_add(&e, 3, 3, 8, 128, &tok[2], 0), 0);    /* does not fit: indirect */
	UT_EQ(virtq_drv_num_free(&e.drv), 2);
	UT_EQ(senv_add(&e, 5, 4, 8, 256, &tok[3], 0), -VIRTQ_EINVAL);  /* 9 > num */

	UT_EQ(senv_pop(&e), 1);
	UT_EQ(e.req.nseg, 4);
	UT_EQ(e.req.ndesc, 1);
	UT_EQ(e.req.out_len, 16);
	UT_EQ(e.req.in_len, 16);
	UT_ASSERT(!e.seg[1].writable && e.seg[2].writable);
	UT_ASSERT(e.seg[3].addr == e.base + e.data_off + 24);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 16), 0);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(e.req.ndesc, 4);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 8), 0);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(e.req.nseg, 6);
	UT_EQ(e.req.ndesc, 1);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 24), 0);
	virtq_dev_flush(&e.dev);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
	UT_EQ(len, 16);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[1]);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[2]);
	UT_EQ(len, 24);
	UT_EQ(virtq_drv_num_free(&e.drv), 8);
	/* a table of exactly num entries is fine */
	UT_EQ(senv_add(&e, 4, 4, 8, 0, &tok[0], VIRTQ_ADD_INDIRECT), 0);
	UT_EQ(virtq_drv_num_free(&e.drv), 7);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(e.req.nseg, 8);
}

/* In order: the device publishes one used element per flushed batch. */
UT_TEST(split_basic_in_order_device_batch)
{
	struct split_env e;
	struct virtq_req reqs[5];
	struct virtq_seg segs[5][4];
	volatile struct virtq_split_used *u;
	uint32_t len, k;

	senv_init(&e, 16, IN_ORDER);
	u = senv_used(&e);
	for (k = 0; k < 5; k++)
		UT_EQ(senv_add(&e, 1, 1, 8, 64 * k, &tok[k], 0), 0);
	for (k = 0; k < 5; k++)
		UT_EQ(virtq_dev_pop(&e.dev, &reqs[k], segs[k], 4), 1);
	/* out of order is refused */
	UT_EQ(virtq_dev_push(&e.dev, &reqs[1], 1), -VIRTQ_EINVAL);
	for (k = 0; k < 4; k++)
		UT_EQ(virtq_dev_push(&e.dev, &reqs[k], k < 3 ? 8 : 4), 0);
	UT_EQ(pvref_le16(u->idx), 0);                   /* staged only */
	virtq_dev_flush(&e.dev);
	UT_EQ(pvref_le16(u->idx), 4);
	UT_EQ(pvref_le32(u->ring[0].id), reqs[3].id);   /* one element: the last buffer */
	UT_EQ(pvref_le32(u->ring[0].len), 4);
	UT_EQ(pvref_le32(u->ring[1].id), 0);            /* the rest untouched */
	for (k = 0; k < 4; k++) {
		UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[k]);
		UT_EQ(len, k < 3 ? 8 : 4);                 /* implicit ones: full length */
	}
	UT_EQ(virtq_dev_push(&e.dev, &reqs[4], 2), 0);
	virtq_dev_flush(&e.dev);
	UT_EQ(pvref_le32(u->ring[4].id), reqs[4].id);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[4]);
	UT_EQ(len, 2);
	UT_EQ(virtq_drv_num_free(&e.drv), 16);
}

/* In order, a buffer not fully written ends its batch (VQS-DEV-011). */
UT_TEST(split_basic_in_order_partial_ends_batch)
{
	struct split_env e;
	struct virtq_req reqs[4];
	struct virtq_seg segs[4][4];
	volatile struct virtq_split_used *u;
	uint32_t len, k;
	static const uint32_t lens[4] = { 8, 3, 8, 5 };

	senv_init(&e, 16, IN_ORDER);
	u = senv_used(&e);
	for (k = 0; k < 4; k++)
		UT_EQ(senv_add(&e, 1, 1, 8, 64 * k, &tok[k], 0), 0);
	for (k = 0; k < 4; k++)
		UT_EQ(virtq_dev_pop(&e.dev, &reqs[k], segs[k], 4), 1);
	for (k = 0; k < 4; k++)
		UT_EQ(virtq_dev_push(&e.dev, &reqs[k], lens[k]), 0);
	virtq_dev_flush(&e.dev);
	UT_EQ(pvref_le16(u->idx), 4);
	/* batches {0,1} and {2,3}: elements at positions 0 and 2 */
	UT_EQ(pvref_le32(u->ring[0].id), reqs[1].id);
	UT_EQ(pvref_le32(u->ring[0].len), 3);
	UT_EQ(pvref_le32(u->ring[2].id), reqs[3].id);
	UT_EQ(pvref_le32(u->ring[2].len), 5);
	for (k = 0; k < 4; k++) {
		UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[k]);
		UT_EQ(len, lens[k]);
	}
	UT_EQ(virtq_drv_error(&e.drv), 0);
}

UT_TEST(split_basic_push_rejects)
{
	struct split_env e;
	struct virtq_req r;

	senv_init(&e, 8, 0);
	UT_EQ(senv_add(&e, 1, 1, 8, 0, &tok[0], 0), 0);
	UT_EQ(senv_pop(&e), 1);
	r = e.req;
	UT_EQ(virtq_dev_push(&e.dev, &r, 9), -VIRTQ_EINVAL);   /* > in_len */
	r.id = 8;
	UT_EQ(virtq_dev_push(&e.dev, &r, 0), -VIRTQ_EINVAL);   /* out of range */
	r.id = (uint16_t)(e.req.id + 1);
	UT_EQ(virtq_dev_push(&e.dev, &r, 0), -VIRTQ_EINVAL);   /* not in flight */
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 8), 0);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 8), -VIRTQ_EINVAL);  /* twice */
	UT_EQ(virtq_dev_error(&e.dev), 0);
}

/* Detach hands every outstanding token back once; reset zeroes the rings. */
UT_TEST(split_basic_detach_reset)
{
	static const uint64_t feats[] = { 0, IN_ORDER, IND };
	size_t f;

	for (f = 0; f < 3; f++) {
		struct split_env e;
		bool seen[6] = { false };
		uint32_t k, len;
		void *t;

		senv_init(&e, 16, feats[f]);
		for (k = 0; k < 6; k++)
			UT_EQ(senv_add(&e, 1, 1, 8, 64 * k, &tok[k], feats[f] ? VIRTQ_ADD_INDIRECT : 0), 0);
		UT_EQ(senv_pop(&e), 1);
		UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
		virtq_dev_flush(&e.dev);
		UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
		while ((t = virtq_drv_detach(&e.drv)) != NULL) {
			k = (uint32_t)((int *)t - tok);
			UT_ASSERT(k >= 1 && k < 6 && !seen[k]);
			seen[k] = true;
		}
		for (k = 1; k < 6; k++)
			UT_ASSERT(seen[k]);
		virtq_drv_reset(&e.drv);
		virtq_dev_reset(&e.dev);
		UT_EQ(virtq_drv_num_free(&e.drv), 16);
		UT_EQ(pvref_le16(senv_avail(&e)->idx), 0);
		UT_EQ(pvref_le16(senv_used(&e)->idx), 0);
		UT_EQ(pvref_le32(senv_desc(&e)[0].len), 0);
		UT_ASSERT(virtq_drv_detach(&e.drv) == NULL);
		UT_EQ(senv_add(&e, 1, 1, 8, 0, &tok[0], 0), 0);
		UT_EQ(senv_pop(&e), 1);
		UT_EQ(e.req.id, 0);
		UT_EQ(virtq_dev_push(&e.dev, &e.req, 3), 0);
		virtq_dev_flush(&e.dev);
		UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
		UT_EQ(len, 3);
	}
}

/* Ring position: last avail idx in bits 0..15, used idx in bits 16..31. */
UT_TEST(split_basic_base_save_restore)
{
	struct split_env e;
	uint32_t base, len, k;

	senv_init(&e, 8, 0);
	senv_advance(&e, 0xfffe);
	for (k = 0; k < 3; k++)
		UT_EQ(senv_add(&e, 1, 1, 8, 64 * k, &tok[k], 0), 0);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 1), 0);
	virtq_dev_flush(&e.dev);
	UT_EQ(senv_pop(&e), 1);          /* in flight, not used */
	base = virtq_dev_get_base(&e.dev);
	UT_EQ(base, 0x0000u | 0xffffu << 16);

	/* a new device instance picks up where the old one stopped */
	virtq_dev_reset(&e.dev);
	UT_EQ(virtq_dev_get_base(&e.dev), 0);
	UT_EQ(virtq_dev_set_base(&e.dev, base), 0);
	UT_EQ(virtq_dev_get_base(&e.dev), base);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(e.req.id, pvref_le16(senv_avail(&e)->ring[0x0000 & 7]));
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 2), 0);
	virtq_dev_flush(&e.dev);
	UT_EQ(pvref_le16(senv_used(&e)->idx), 0x0000);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
	UT_EQ(len, 1);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[2]);
	UT_EQ(len, 2);

	UT_EQ(virtq_dev_set_base(&e.dev, 9u | 0u << 16), -VIRTQ_EINVAL);  /* 9 in flight > num */
	UT_EQ(virtq_dev_set_base(&e.dev, 8u | 0u << 16), 0);
	UT_EQ(virtq_dev_set_base(&e.dev, 3u | 0xfffdu << 16), 0);        /* 6 across the wrap */
}
