// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_fuzz_regress.c - regression tests for defects found by reviewing
 * the reference virtqueues against the spec and by fuzzing them.  Each test
 * names the requirement it protects and failed on the code before its fix
 * (the misaligned indirect table only under UBSan); the last one covers a
 * malformed-input path the fuzz loop's small map cannot reach.
 */
#include <string.h>
#include "plat.h"
#include "pair.h"
#include "test_split_env.h"
#include "ut.h"

#define RG_PACKED_FEATS (VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED) | \
			 VIRTIO_BIT(VIRTIO_F_EVENT_IDX))

static void rg_packed_init(struct pair *pr, uint32_t num, uint64_t extra)
{
	struct pair_cfg cfg = {
		.layout = VIRTQ_LAYOUT_PACKED, .num = num,
		.features = RG_PACKED_FEATS | extra,
		.max_indirect = 0, .data_bytes = 65536,
	};

	UT_EQ(pair_init(pr, &cfg), 0);
}

/* Driver adds a buffer of n device-writable 16-byte descriptors. */
static void rg_packed_add(struct pair *pr, uint32_t n, void *token)
{
	struct virtq_sg sg[16];

	for (uint32_t i = 0; i < n; i++) {
		sg[i].addr = pair_gpa(pr, pair_data(pr) + i * 16);
		sg[i].len = 16;
	}
	UT_EQ(virtq_drv_add(&pr->drv, sg, 0, n, token, 0), 0);
}

/* Device takes every available buffer and completes it, then flushes and
 * decides about the used-buffer notification; returns that decision. */
static bool rg_packed_serve(struct pair *pr, uint32_t expect)
{
	struct virtq_seg seg[16];
	struct virtq_req req;
	uint32_t n = 0;

	while (virtq_dev_pop(&pr->dev, &req, seg, 16) == 1) {
		UT_EQ(virtq_dev_push(&pr->dev, &req, req.in_len), 0);
		n++;
	}
	UT_EQ(n, expect);
	virtq_dev_flush(&pr->dev);
	return virtq_dev_should_notify(&pr->dev);
}

/*
 * VQP-DRV-040 (delayed variant): a driver that re-enables used-buffer
 * notifications must learn about used buffers that are already waiting.
 * The event point of enable_cb_delayed lies in the middle of a chain (or of
 * an in-order batch), a slot the device never writes as used; looking only
 * at that slot reported "nothing pending" and the driver slept forever,
 * since the device had passed the event point while notifications were
 * off and would not notify again.
 */
UT_TEST(regress_packed_delayed_cb_chain_midpoint)
{
	struct pair pr;
	int tok[2];

	rg_packed_init(&pr, 8, 0);
	virtq_drv_disable_cb(&pr.drv);
	rg_packed_add(&pr, 2, &tok[0]);      /* slots 0,1 */
	rg_packed_add(&pr, 2, &tok[1]);      /* slots 2,3 */
	UT_ASSERT(!rg_packed_serve(&pr, 2)); /* used at slots 0 and 2, no interrupt */
	UT_ASSERT(virtq_drv_more_used(&pr.drv));
	/* 4 slots outstanding: event point slot 3, inside the second chain */
	UT_ASSERT_MSG(!virtq_drv_enable_cb_delayed(&pr.drv),
		      "enable_cb_delayed says nothing is pending with 2 used buffers waiting");
	UT_ASSERT(virtq_drv_get(&pr.drv, NULL) == &tok[0]);
	UT_ASSERT(virtq_drv_get(&pr.drv, NULL) == &tok[1]);
	UT_ASSERT(virtq_drv_enable_cb_delayed(&pr.drv));
	UT_ASSERT(pair_guards_ok(&pr));
	pair_fini(&pr);
}

UT_TEST(regress_packed_delayed_cb_in_order_batch)
{
	struct pair pr;
	int tok[4];

	rg_packed_init(&pr, 8, VIRTIO_BIT(VIRTIO_F_IN_ORDER));
	virtq_drv_disable_cb(&pr.drv);
	for (int i = 0; i < 4; i++)
		rg_packed_add(&pr, 1, &tok[i]);
	/* one used element at slot 0 names Buffer ID 3 (VQP-DEV-021) */
	UT_ASSERT(!rg_packed_serve(&pr, 4));
	UT_ASSERT_MSG(!virtq_drv_enable_cb_delayed(&pr.drv),
		      "enable_cb_delayed says nothing is pending with an in-order batch waiting");
	for (int i = 0; i < 4; i++)
		UT_ASSERT(virtq_drv_get(&pr.drv, NULL) == &tok[i]);
	UT_ASSERT(virtq_drv_enable_cb_delayed(&pr.drv));
	pair_fini(&pr);
}

/*
 * VQS-DEV-012/VQS-DEV-021: a device instance that resumes a ring
 * (vhost-user stop/start, migration: set_base on a fresh instance) must
 * not leave the previous instance's VIRTQ_USED_F_NO_NOTIFY in used->flags
 * while its own shadow says notifications are on: enable_notify then
 * skipped the store, the driver saw NO_NOTIFY and never kicked again.
 */
UT_TEST(regress_split_set_base_stale_no_notify)
{
	static struct split_env e;
	uint32_t base, len;
	int tok[2];

	senv_init(&e, 8, 0);
	UT_EQ(senv_add(&e, 0, 1, 8, 0, &tok[0], 0), 0);
	UT_EQ(senv_pop(&e), 1);
	virtq_dev_disable_notify(&e.dev);           /* NO_NOTIFY in memory */
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 8), 0);
	virtq_dev_flush(&e.dev);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
	base = virtq_dev_get_base(&e.dev);

	/* a new device instance resumes the ring */
	virtq_dev_reset(&e.dev);
	UT_EQ(virtq_dev_set_base(&e.dev, base), 0);
	UT_ASSERT(virtq_dev_enable_notify(&e.dev));  /* nothing pending: sleeps */
	UT_EQ(senv_add(&e, 0, 1, 8, 0, &tok[1], 0), 0);
	UT_ASSERT_MSG(virtq_drv_kick_prepare(&e.drv),
		      "device asked for notifications, driver sees NO_NOTIFY (used->flags %u)",
		      pvref_le16(senv_used(&e)->flags));
}

/* The same with VIRTIO_F_EVENT_IDX: avail_event left behind by the old
 * instance must not survive set_base while notifications are on. */
UT_TEST(regress_split_set_base_stale_avail_event)
{
	static struct split_env e;
	uint32_t base, len;
	int tok;

	senv_init(&e, 8, VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
	virtq_dev_disable_notify(&e.dev);     /* avail_event stays at 0 */
	senv_advance(&e, 5);
	(void)virtq_drv_kick_prepare(&e.drv);  /* kicks for 0..4 decided */
	base = virtq_dev_get_base(&e.dev);
	virtq_dev_reset(&e.dev);
	UT_EQ(virtq_dev_set_base(&e.dev, base), 0);
	/* the resumed device polls an empty ring with notifications on */
	UT_EQ(senv_pop(&e), 0);
	UT_EQ(senv_add(&e, 0, 1, 8, 0, &tok, 0), 0);
	UT_ASSERT_MSG(virtq_drv_kick_prepare(&e.drv),
		      "avail_event %u left from the old instance; no kick for avail idx 5",
		      pvref_le16(*virtq_split_avail_event(senv_used(&e), 8)));
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
	virtq_dev_flush(&e.dev);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok);
}

/*
 * A packed buffer whose lengths add up to more than 2^32 - 1 bytes: the
 * device cannot describe it (32-bit lengths; VQP-DEV-042 "device limit":
 * ECHAINLEN, the queue breaks), so the driver refuses it up front, as the
 * split driver does (VQS-DRV-005), instead of breaking its own queue.
 */
UT_TEST(regress_packed_add_total_over_4g)
{
	struct pair pr;
	struct virtq_sg sg[3];
	int tok;

	rg_packed_init(&pr, 8, 0);
	for (int i = 0; i < 3; i++) {
		sg[i].addr = pair_gpa(&pr, pair_data(&pr));
		sg[i].len = 0x60000000u;
	}
	/* readable part alone over 4 GiB */
	UT_EQ(virtq_drv_add(&pr.drv, sg, 3, 0, &tok, 0), -VIRTQ_EINVAL);
	/* readable + writable over 4 GiB */
	UT_EQ(virtq_drv_add(&pr.drv, sg, 2, 1, &tok, 0), -VIRTQ_EINVAL);
	UT_EQ(virtq_drv_num_free(&pr.drv), 8);
	UT_EQ(virtq_drv_error(&pr.drv), 0);
	sg[0].len = 0xffffffffu;
	UT_EQ(virtq_drv_add(&pr.drv, sg, 1, 0, &tok, 0), 0);   /* exactly 2^32 - 1 */
	pair_fini(&pr);
}

/*
 * Both layouts answer a push on a broken queue the same way, with
 * -VIRTQ_EBROKEN ("reset it first", virtq_err.h), as the driver's add
 * does; the split device returned the stored protocol code instead, which
 * a caller cannot tell from a fresh violation.
 */
UT_TEST(regress_split_push_on_broken_queue)
{
	static struct split_env e;
	struct virtq_req held;
	int tok;

	senv_init(&e, 8, 0);
	UT_EQ(senv_add(&e, 0, 1, 8, 0, &tok, 0), 0);
	UT_EQ(senv_pop(&e), 1);
	held = e.req;
	e.raw_avail = 1;
	senv_raw_publish(&e, 9);                        /* head outside the table */
	UT_EQ(senv_pop(&e), -VIRTQ_EDESCIDX);
	UT_EQ(virtq_dev_push(&e.dev, &held, 0), -VIRTQ_EBROKEN);
	UT_EQ(virtq_dev_error(&e.dev), -VIRTQ_EDESCIDX);
}

/* Little-endian bytes of one descriptor at an arbitrary address. */
static void rg_put_desc_bytes(unsigned char *p, uint64_t addr, uint32_t len, uint16_t a,
			      uint16_t b)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(addr >> (8 * i));
	for (int i = 0; i < 4; i++)
		p[8 + i] = (unsigned char)(len >> (8 * i));
	p[12] = (unsigned char)a;
	p[13] = (unsigned char)(a >> 8);
	p[14] = (unsigned char)b;
	p[15] = (unsigned char)(b >> 8);
}

/*
 * VQP-DEV-039/040: an indirect table at an address with no particular
 * alignment (nothing in the packed layout requires one) is read without
 * misaligned loads: each field byte by byte, little-endian, once.  Found
 * by the ring fuzz loop under UBSan (gcc: misaligned member access in
 * walk_indirect); on a CPU that traps on misaligned loads a driver could
 * crash the device with it.  The split device already handled this.
 */
UT_TEST(regress_packed_indirect_table_misaligned)
{
	struct pair pr;
	struct virtq_seg seg[4];
	struct virtq_req req;
	volatile struct virtq_packed_desc *ring;
	unsigned char *t;
	uint64_t b0, b1;

	rg_packed_init(&pr, 8, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC));
	ring = (volatile struct virtq_packed_desc *)(pr.block + pr.ring.desc);
	t = pair_data(&pr) + 4096 + 1;                 /* odd address */
	b0 = pair_gpa(&pr, pair_data(&pr));
	b1 = pair_gpa(&pr, pair_data(&pr) + 256);
	rg_put_desc_bytes(t, b0, 24, 0, 0);
	rg_put_desc_bytes(t + 16, b1, 40, 0, VIRTQ_DESC_F_WRITE);
	ring[0].addr = pvref_le64(pair_gpa(&pr, t));
	ring[0].len = pvref_le32(32);
	ring[0].id = pvref_le16(5);
	pvref_store_release16(&ring[0].flags,
			      pvref_le16(VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_AVAIL));
	UT_EQ(virtq_dev_pop(&pr.dev, &req, seg, 4), 1);
	UT_EQ(req.id, 5);
	UT_EQ(req.nseg, 2);
	UT_ASSERT(seg[0].addr == pair_data(&pr) && seg[0].len == 24 && !seg[0].writable);
	UT_ASSERT(seg[1].addr == pair_data(&pr) + 256 && seg[1].len == 40 && seg[1].writable);
	UT_EQ(req.out_len, 24);
	UT_EQ(req.in_len, 40);
	pair_fini(&pr);
}

/*
 * Coverage gap the fuzz loop cannot reach (its map is 16 KiB): a packed
 * chain whose segments overlap into more than 2^32 - 1 bytes, readable or
 * writable, breaks the queue with ECHAINLEN (VQP-DEV-042 "device limit";
 * 32-bit used lengths) instead of wrapping the 32-bit totals.  Pop only
 * translates addresses, so a large region needs no memory behind it.
 */
UT_TEST(regress_packed_chain_bytes_over_4g)
{
	static struct virtq_mem_region big[2];
	struct virtq_seg seg[4];
	struct virtq_req req;
	volatile struct virtq_packed_desc *ring;

	for (int writable = 0; writable < 2; writable++) {
		struct pair pr;
		uint16_t w = writable ? VIRTQ_DESC_F_WRITE : 0;

		rg_packed_init(&pr, 8, 0);
		big[0] = pr.region;
		big[1].gpa = 0x100000000ull;
		big[1].size = 0x100000000ull;
		big[1].hva = pr.block;
		pr.map.regions = big;
		pr.map.nregions = 2;
		ring = (volatile struct virtq_packed_desc *)(pr.block + pr.ring.desc);
		for (int i = 0; i < 2; i++) {
			ring[i].addr = pvref_le64(0x100000000ull);
			ring[i].len = pvref_le32(0x80000000u);
			ring[i].id = pvref_le16(0);
		}
		ring[1].flags = pvref_le16(VIRTQ_DESC_F_AVAIL | w);
		pvref_store_release16(&ring[0].flags,
				      pvref_le16(VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_NEXT | w));
		UT_EQ(virtq_dev_pop(&pr.dev, &req, seg, 4), -VIRTQ_ECHAINLEN);
		UT_EQ(virtq_dev_error(&pr.dev), -VIRTQ_ECHAINLEN);
		pr.map.regions = &pr.region;
		pr.map.nregions = 1;
		pair_fini(&pr);
	}
}
