// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_packed_malformed.c - the packed device against a hostile driver:
 * one test per class of malformed ring.  Each writes the bad descriptors
 * straight into the ring and checks the exact error code, that the queue
 * stays broken (pop fails again, push and flush do nothing), that no byte
 * outside the memory map changed, and that a reset recovers.
 *
 * Requirements: VQP-DEV-038 (stop, touch nothing), VQP-DEV-039 (one read
 * per field), VQP-DEV-040 EADDR, VQP-DEV-041 EZEROLEN, VQP-DEV-042
 * ECHAINLEN, VQP-DEV-043 EINDNEXT, VQP-DEV-044 ENESTED, VQP-DEV-045
 * EINDLEN, VQP-DEV-046 EINDFEAT, VQP-DEV-047 EWRORDER, VQP-DEV-048 EBADID,
 * VQP-DEV-049 EDUPID, VQP-DEV-050 ENOTAVAIL, VQP-DEV-051 (no write outside
 * the map); ESEGS is the device's own segment limit (VQP-DEV-014).
 */
#include <string.h>
#include "plat.h"
#include "pair.h"
#include "ut.h"

#define MF_NUM 8u

static uint16_t mf_avail(void)
{
	/* first lap: AVAIL=1, USED=0 */
	return VIRTQ_DESC_F_AVAIL;
}

static void mf_desc(struct pair *pr, uint32_t slot, uint64_t addr, uint32_t len, uint16_t id,
		    uint16_t flags)
{
	volatile struct virtq_packed_desc *d =
		(volatile struct virtq_packed_desc *)(pr->block + pr->ring.desc) + slot;

	d->addr = pvref_le64(addr);
	d->len = pvref_le32(len);
	d->id = pvref_le16(id);
	d->flags = pvref_le16(flags);
}

/* A guest address of n data bytes that is inside the map. */
static uint64_t mf_buf(struct pair *pr, uint32_t i)
{
	return pair_gpa(pr, pair_data(pr) + (size_t)i * 64);
}

/* An indirect table in the data area (guest address); entries written by
 * the caller through mf_ind(). */
static volatile struct virtq_packed_desc *mf_ind(struct pair *pr)
{
	return (volatile struct virtq_packed_desc *)(pair_data(pr) + 4096);
}

static uint64_t mf_ind_gpa(struct pair *pr)
{
	return pair_gpa(pr, pair_data(pr) + 4096);
}

static void mf_ind_entry(struct pair *pr, uint32_t i, uint64_t addr, uint32_t len, uint16_t flags)
{
	volatile struct virtq_packed_desc *t = mf_ind(pr);

	t[i].addr = pvref_le64(addr);
	t[i].len = pvref_le32(len);
	t[i].id = 0;
	t[i].flags = pvref_le16(flags);
}

struct mf_case {
	int err;                 /* expected VIRTQ_E* */
	bool indirect;           /* negotiate VIRTIO_F_INDIRECT_DESC */
	uint32_t max_seg;
	void (*setup)(struct pair *pr);
};

static void mf_run(const struct mf_case *c)
{
	struct pair pr;
	struct pair_cfg cfg = {
		.layout = VIRTQ_LAYOUT_PACKED, .num = MF_NUM,
		.features = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED) |
			    (c->indirect ? VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) : 0),
		.data_bytes = 16384,
	};
	struct virtq_seg seg[16];
	struct virtq_req req = { 0 }, fake = { .id = 0, .ndesc = 1, .in_len = 64 };
	unsigned char ring_before[MF_NUM * 16 + 8];
	struct virtq_sg sg = { 0, 32 };
	uint32_t len;
	int rc = 1, pops = 0;

	UT_EQ(pair_init(&pr, &cfg), 0);
	c->setup(&pr);
	while (rc == 1 && pops++ < 4)
		rc = virtq_dev_pop(&pr.dev, &req, seg, c->max_seg ? c->max_seg : 16);
	UT_ASSERT_MSG(rc == -c->err, "pop: %s, expected %s", virtq_strerror(rc), virtq_strerror(c->err));
	UT_EQ(virtq_dev_error(&pr.dev), -c->err);

	/* broken until reset: pop fails the same way, push/flush touch nothing */
	UT_EQ(virtq_dev_pop(&pr.dev, &req, seg, 16), -c->err);
	memcpy(ring_before, pr.block, sizeof(ring_before));
	UT_EQ(virtq_dev_push(&pr.dev, &fake, 0), -VIRTQ_EBROKEN);
	virtq_dev_flush(&pr.dev);
	UT_ASSERT(!virtq_dev_should_notify(&pr.dev));
	UT_ASSERT(memcmp(ring_before, pr.block, sizeof(ring_before)) == 0);
	UT_ASSERT(pair_guards_ok(&pr));

	/* a reset recovers: one ordinary buffer goes through */
	while (virtq_drv_detach(&pr.drv))
		;
	pair_reset(&pr);
	UT_EQ(virtq_dev_error(&pr.dev), 0);
	sg.addr = mf_buf(&pr, 3);
	UT_EQ(virtq_drv_add(&pr.drv, &sg, 0, 1, &pr, 0), 0);
	UT_EQ(virtq_dev_pop(&pr.dev, &req, seg, 16), 1);
	UT_EQ(req.in_len, 32);
	UT_EQ(virtq_dev_push(&pr.dev, &req, 7), 0);
	virtq_dev_flush(&pr.dev);
	UT_ASSERT(virtq_drv_get(&pr.drv, &len) == &pr);
	UT_EQ(len, 7);
	UT_ASSERT(pair_guards_ok(&pr));
	pair_fini(&pr);
}

#define MF_TEST(name, code, ind, maxseg)					\
	static void mf_setup_##name(struct pair *pr);				\
	UT_TEST(packed_malformed_##name)					\
	{									\
		static const struct mf_case c = { code, ind, maxseg, mf_setup_##name }; \
		mf_run(&c);							\
	}									\
	static void mf_setup_##name(struct pair *pr)

MF_TEST(eaddr_outside, VIRTQ_EADDR, false, 0)
{
	mf_desc(pr, 0, PAIR_GPA_BASE + pr->block_bytes - 8, 16, 0, mf_avail());
}

MF_TEST(eaddr_overflow, VIRTQ_EADDR, false, 0)
{
	mf_desc(pr, 0, UINT64_MAX - 3, 16, 0, mf_avail());
}

MF_TEST(eaddr_below, VIRTQ_EADDR, false, 0)
{
	mf_desc(pr, 0, PAIR_GPA_BASE - 16, 16, 0, mf_avail());
}

MF_TEST(eaddr_indirect_table, VIRTQ_EADDR, true, 0)
{
	mf_desc(pr, 0, PAIR_GPA_BASE + pr->block_bytes - 16, 32, 0,
		VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(eaddr_in_indirect, VIRTQ_EADDR, true, 0)
{
	mf_ind_entry(pr, 0, mf_buf(pr, 0), 16, 0);
	mf_ind_entry(pr, 1, 0x1000, 16, VIRTQ_DESC_F_WRITE);
	mf_desc(pr, 0, mf_ind_gpa(pr), 32, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(ezerolen, VIRTQ_EZEROLEN, false, 0)
{
	mf_desc(pr, 0, mf_buf(pr, 0), 16, 0, VIRTQ_DESC_F_NEXT | mf_avail());
	mf_desc(pr, 1, mf_buf(pr, 1), 0, 0, mf_avail());
}

MF_TEST(ezerolen_in_indirect, VIRTQ_EZEROLEN, true, 0)
{
	mf_ind_entry(pr, 0, mf_buf(pr, 0), 0, 0);
	mf_desc(pr, 0, mf_ind_gpa(pr), 16, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(echainlen_ring, VIRTQ_ECHAINLEN, false, 64)
{
	/* every descriptor of the ring chained, and then some */
	for (uint32_t i = 0; i < MF_NUM; i++)
		mf_desc(pr, i, mf_buf(pr, i), 16, 0, VIRTQ_DESC_F_NEXT | mf_avail());
}

MF_TEST(echainlen_indirect, VIRTQ_ECHAINLEN, true, 64)
{
	for (uint32_t i = 0; i <= MF_NUM; i++)
		mf_ind_entry(pr, i, mf_buf(pr, i), 16, 0);
	mf_desc(pr, 0, mf_ind_gpa(pr), (MF_NUM + 1) * 16, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(eindnext, VIRTQ_EINDNEXT, true, 0)
{
	mf_ind_entry(pr, 0, mf_buf(pr, 0), 16, 0);
	mf_desc(pr, 0, mf_ind_gpa(pr), 16, 0,
		VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT | mf_avail());
	mf_desc(pr, 1, mf_buf(pr, 1), 16, 0, mf_avail());
}

MF_TEST(eindnext_chain_tail, VIRTQ_EINDNEXT, true, 0)
{
	mf_ind_entry(pr, 0, mf_buf(pr, 0), 16, 0);
	mf_desc(pr, 0, mf_buf(pr, 1), 16, 0, VIRTQ_DESC_F_NEXT | mf_avail());
	mf_desc(pr, 1, mf_ind_gpa(pr), 16, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(enested, VIRTQ_ENESTED, true, 0)
{
	mf_ind_entry(pr, 0, mf_buf(pr, 0), 16, 0);
	mf_ind_entry(pr, 1, mf_ind_gpa(pr), 16, VIRTQ_DESC_F_INDIRECT);
	mf_desc(pr, 0, mf_ind_gpa(pr), 32, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(eindlen_zero, VIRTQ_EINDLEN, true, 0)
{
	mf_desc(pr, 0, mf_ind_gpa(pr), 0, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(eindlen_partial, VIRTQ_EINDLEN, true, 0)
{
	mf_ind_entry(pr, 0, mf_buf(pr, 0), 16, 0);
	mf_ind_entry(pr, 1, mf_buf(pr, 1), 16, 0);
	mf_desc(pr, 0, mf_ind_gpa(pr), 24, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(eindfeat, VIRTQ_EINDFEAT, false, 0)
{
	mf_ind_entry(pr, 0, mf_buf(pr, 0), 16, 0);
	mf_desc(pr, 0, mf_ind_gpa(pr), 16, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(ewrorder, VIRTQ_EWRORDER, false, 0)
{
	mf_desc(pr, 0, mf_buf(pr, 0), 16, 0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT | mf_avail());
	mf_desc(pr, 1, mf_buf(pr, 1), 16, 0, mf_avail());
}

MF_TEST(ewrorder_in_indirect, VIRTQ_EWRORDER, true, 0)
{
	mf_ind_entry(pr, 0, mf_buf(pr, 0), 16, VIRTQ_DESC_F_WRITE);
	mf_ind_entry(pr, 1, mf_buf(pr, 1), 16, 0);
	mf_desc(pr, 0, mf_ind_gpa(pr), 32, 0, VIRTQ_DESC_F_INDIRECT | mf_avail());
}

MF_TEST(ebadid, VIRTQ_EBADID, false, 0)
{
	/* the ID of the last descriptor counts: the first one's is fine */
	mf_desc(pr, 0, mf_buf(pr, 0), 16, 0, VIRTQ_DESC_F_NEXT | mf_avail());
	mf_desc(pr, 1, mf_buf(pr, 1), 16, MF_NUM, mf_avail());
}

MF_TEST(edupid, VIRTQ_EDUPID, false, 0)
{
	mf_desc(pr, 0, mf_buf(pr, 0), 16, 5, mf_avail());
	mf_desc(pr, 1, mf_buf(pr, 1), 16, 5, mf_avail());
}

MF_TEST(esegs, VIRTQ_ESEGS, false, 2)
{
	mf_desc(pr, 0, mf_buf(pr, 0), 16, 0, VIRTQ_DESC_F_NEXT | mf_avail());
	mf_desc(pr, 1, mf_buf(pr, 1), 16, 0, VIRTQ_DESC_F_NEXT | mf_avail());
	mf_desc(pr, 2, mf_buf(pr, 2), 16, 0, mf_avail());
}

MF_TEST(enotavail, VIRTQ_ENOTAVAIL, false, 0)
{
	/* the chain runs into a descriptor of the previous lap */
	mf_desc(pr, 0, mf_buf(pr, 0), 16, 0, VIRTQ_DESC_F_NEXT | mf_avail());
	mf_desc(pr, 1, mf_buf(pr, 1), 16, 0, VIRTQ_DESC_F_USED);
}
