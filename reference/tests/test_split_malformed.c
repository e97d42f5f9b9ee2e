// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_split_malformed.c - the split device against a hostile driver: one
 * test per class of malformed ring.  Each asserts the exact error code,
 * that the queue stays broken (pop, flush and should_notify do nothing:
 * VQS-DEV-022), that no byte outside the memory map changed (guards:
 * VQS-DEV-035), and that a reset brings the queue back to work.
 */
#include "test_split_env.h"

#define NUM 8u
#define IND VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC)
#define F_NEXT VIRTQ_SPLIT_F_NEXT
#define F_WRITE VIRTQ_SPLIT_F_WRITE
#define F_IND VIRTQ_SPLIT_F_INDIRECT

struct mal_case {
	uint64_t features;
	uint32_t max_seg;       /* 0: 64 */
	int err;                /* expected VIRTQ_E* (positive) */
	void (*setup)(struct split_env *e);
};

/* A full round trip on a healthy queue, the device writing every byte it
 * is given (so a pointer outside the map would hit a guard). */
static void round_trip(struct split_env *e)
{
	static int token;
	uint32_t len = 0, k;

	UT_EQ(senv_add(e, 1, 2, 32, 0, &token, 0), 0);
	UT_EQ(senv_pop(e), 1);
	UT_EQ(e->req.nseg, 3);
	for (k = 0; k < e->req.nseg; k++)
		if (e->seg[k].writable)
			memset(e->seg[k].addr, 0x5a, e->seg[k].len);
	UT_EQ(virtq_dev_push(&e->dev, &e->req, 64), 0);
	virtq_dev_flush(&e->dev);
	UT_ASSERT(virtq_drv_get(&e->drv, &len) == &token);
	UT_EQ(len, 64);
	UT_EQ(virtq_dev_error(&e->dev), 0);
	UT_EQ(virtq_drv_error(&e->drv), 0);
}

static void run_case(const struct mal_case *c)
{
	struct split_env e;
	uint32_t max_seg = c->max_seg ? c->max_seg : 64;
	uint16_t used_idx;

	senv_init(&e, NUM, c->features);
	c->setup(&e);
	used_idx = pvref_le16(senv_used(&e)->idx);
	UT_EQ(virtq_dev_pop(&e.dev, &e.req, e.seg, max_seg), -c->err);
	UT_EQ(virtq_dev_error(&e.dev), -c->err);
	/* broken until reset: nothing else happens */
	UT_EQ(virtq_dev_pop(&e.dev, &e.req, e.seg, max_seg), -c->err);
	virtq_dev_flush(&e.dev);
	UT_ASSERT(!virtq_dev_should_notify(&e.dev));
	UT_EQ(pvref_le16(senv_used(&e)->idx), used_idx);
	UT_ASSERT(senv_guards_intact(&e));

	senv_reset(&e);
	UT_EQ(virtq_dev_error(&e.dev), 0);
	round_trip(&e);
	UT_ASSERT(senv_guards_intact(&e));
}

#define MAL_TEST(name, feat, maxseg, code)					\
	static void setup_##name(struct split_env *e);				\
	static const struct mal_case case_##name = { feat, maxseg, code, setup_##name }; \
	UT_TEST(split_malformed_##name) { run_case(&case_##name); }		\
	static void setup_##name(struct split_env *e)

/* --- VQS-DEV-024 EADDR: address outside the map, straddling its end, wrapping --- */
MAL_TEST(addr_past_end, 0, 0, VIRTQ_EADDR)
{
	senv_raw_desc(e, 0, SENV_GPA + e->size, 16, 0, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(addr_below, 0, 0, VIRTQ_EADDR)
{
	senv_raw_desc(e, 0, SENV_GPA - 16, 16, F_WRITE, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(addr_straddle_end, 0, 0, VIRTQ_EADDR)
{
	senv_raw_desc(e, 0, SENV_GPA + e->size - 8, 16, F_WRITE, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(addr_wraps, 0, 0, VIRTQ_EADDR)
{
	senv_raw_desc(e, 0, UINT64_MAX - 7, 16, 0, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(addr_second_desc, 0, 0, VIRTQ_EADDR)
{
	senv_raw_desc(e, 0, senv_data(e, 0), 16, F_NEXT, 5);
	senv_raw_desc(e, 5, SENV_GPA + e->size, 1, F_WRITE, 0);
	senv_raw_publish(e, 0);
}

/* --- VQS-DEV-025 EZEROLEN: pvspec forbids zero-length descriptors --- */
MAL_TEST(zero_len, 0, 0, VIRTQ_EZEROLEN)
{
	senv_raw_desc(e, 0, senv_data(e, 0), 0, 0, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(zero_len_in_chain, 0, 0, VIRTQ_EZEROLEN)
{
	senv_raw_desc(e, 2, senv_data(e, 0), 16, F_NEXT, 3);
	senv_raw_desc(e, 3, senv_data(e, 16), 0, F_WRITE, 0);
	senv_raw_publish(e, 2);
}

/* --- VQS-DEV-026 ECHAINLEN: loops, in the table and in an indirect table --- */
MAL_TEST(loop_self, 0, 0, VIRTQ_ECHAINLEN)
{
	senv_raw_desc(e, 4, senv_data(e, 0), 16, F_NEXT, 4);
	senv_raw_publish(e, 4);
}

MAL_TEST(loop_two, 0, 0, VIRTQ_ECHAINLEN)
{
	senv_raw_desc(e, 0, senv_data(e, 0), 16, F_NEXT, 1);
	senv_raw_desc(e, 1, senv_data(e, 16), 16, F_NEXT, 0);
	senv_raw_publish(e, 0);
}

/* every descriptor once, then back to the head: num + 1 > num */
MAL_TEST(loop_whole_table, 0, 0, VIRTQ_ECHAINLEN)
{
	uint32_t i;

	for (i = 0; i < NUM; i++)
		senv_raw_desc(e, i, senv_data(e, 16 * i), 16, F_NEXT, (uint16_t)((i + 1) % NUM));
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_loop, IND, 0, VIRTQ_ECHAINLEN)
{
	volatile struct virtq_split_desc *t = senv_ind(e, 0);

	senv_raw_ind(&t[0], senv_data(e, 0), 16, F_NEXT, 1);
	senv_raw_ind(&t[1], senv_data(e, 16), 16, F_NEXT, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 32, F_IND, 0);
	senv_raw_publish(e, 0);
}

/* an indirect table with more entries than the queue size (VQS-DEV-026) */
MAL_TEST(ind_table_longer_than_queue, IND, 0, VIRTQ_ECHAINLEN)
{
	uint32_t j;

	for (j = 0; j < NUM + 1; j++)  /* spans two pool tables; in the map */
		senv_raw_ind(senv_ind(e, 0) + j, senv_data(e, 16 * j), 16, 0, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 16 * (NUM + 1), F_IND, 0);
	senv_raw_publish(e, 0);
}

/* element lengths adding up past what a 32-bit used len reports
 * (VQS-DRV-005): two 2 GiB elements of a large region that is only
 * translated, never touched */
static struct virtq_mem_region big_regions[2];

MAL_TEST(chain_bytes_overflow, 0, 0, VIRTQ_ECHAINLEN)
{
	big_regions[0] = e->region;
	big_regions[1].gpa = 0x100000000ull;
	big_regions[1].size = 0x100000000ull;
	big_regions[1].hva = e->base;
	e->map.regions = big_regions;
	e->map.nregions = 2;
	senv_raw_desc(e, 0, 0x100000000ull, 0x80000000u, F_NEXT, 1);
	senv_raw_desc(e, 1, 0x100000000ull, 0x80000000u, F_WRITE, 0);
	senv_raw_publish(e, 0);
}

/* --- indirect descriptor classes: VQS-DEV-027 EINDNEXT, VQS-DEV-028 ENESTED,
 *     VQS-DEV-029 EINDLEN, VQS-DEV-030 EINDFEAT --- */
MAL_TEST(ind_with_next, IND, 0, VIRTQ_EINDNEXT)
{
	volatile struct virtq_split_desc *t = senv_ind(e, 0);

	senv_raw_ind(&t[0], senv_data(e, 0), 16, 0, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 16, F_IND | F_NEXT, 1);
	senv_raw_desc(e, 1, senv_data(e, 16), 16, F_WRITE, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_nested, IND, 0, VIRTQ_ENESTED)
{
	volatile struct virtq_split_desc *t = senv_ind(e, 0);

	senv_raw_ind(&t[0], senv_data(e, 0), 16, F_NEXT, 1);
	senv_raw_ind(&t[1], senv_ind_gpa(e, 1), 16, F_IND, 0);
	senv_raw_ind(senv_ind(e, 1), senv_data(e, 16), 16, 0, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 32, F_IND, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_len_zero, IND, 0, VIRTQ_EINDLEN)
{
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 0, F_IND, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_len_not_multiple, IND, 0, VIRTQ_EINDLEN)
{
	senv_raw_ind(senv_ind(e, 0), senv_data(e, 0), 16, 0, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 24, F_IND, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_not_negotiated, 0, 0, VIRTQ_EINDFEAT)
{
	senv_raw_ind(senv_ind(e, 0), senv_data(e, 0), 16, 0, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 16, F_IND, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_table_outside, IND, 0, VIRTQ_EADDR)
{
	senv_raw_desc(e, 0, SENV_GPA + e->size - 16, 32, F_IND, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_next_outside_table, IND, 0, VIRTQ_EDESCIDX)
{
	volatile struct virtq_split_desc *t = senv_ind(e, 0);

	senv_raw_ind(&t[0], senv_data(e, 0), 16, F_NEXT, 2);
	senv_raw_ind(&t[1], senv_data(e, 16), 16, 0, 0);
	senv_raw_ind(&t[2], senv_data(e, 32), 16, 0, 0);  /* beyond len */
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 32, F_IND, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_zero_len_entry, IND, 0, VIRTQ_EZEROLEN)
{
	senv_raw_ind(senv_ind(e, 0), senv_data(e, 0), 0, F_WRITE, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 16, F_IND, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(ind_entry_outside, IND, 0, VIRTQ_EADDR)
{
	senv_raw_ind(senv_ind(e, 0), SENV_GPA + e->size, 4, F_WRITE, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 16, F_IND, 0);
	senv_raw_publish(e, 0);
}

/* --- VQS-DEV-031 EWRORDER: readable after writable --- */
MAL_TEST(write_then_read, 0, 0, VIRTQ_EWRORDER)
{
	senv_raw_desc(e, 0, senv_data(e, 0), 16, F_WRITE | F_NEXT, 1);
	senv_raw_desc(e, 1, senv_data(e, 16), 16, 0, 0);
	senv_raw_publish(e, 0);
}

MAL_TEST(write_then_read_indirect, IND, 0, VIRTQ_EWRORDER)
{
	volatile struct virtq_split_desc *t = senv_ind(e, 0);

	senv_raw_ind(&t[0], senv_data(e, 0), 16, F_WRITE | F_NEXT, 1);
	senv_raw_ind(&t[1], senv_data(e, 16), 16, 0, 0);
	senv_raw_desc(e, 0, senv_ind_gpa(e, 0), 32, F_IND, 0);
	senv_raw_publish(e, 0);
}

/* a direct writable descriptor, then an indirect table starting readable */
MAL_TEST(write_then_read_across_indirect, IND, 0, VIRTQ_EWRORDER)
{
	senv_raw_ind(senv_ind(e, 0), senv_data(e, 16), 16, 0, 0);
	senv_raw_desc(e, 0, senv_data(e, 0), 16, F_WRITE | F_NEXT, 1);
	senv_raw_desc(e, 1, senv_ind_gpa(e, 0), 16, F_IND, 0);
	senv_raw_publish(e, 0);
}

/* --- VQS-DEV-032 / VQS-DEV-034 EDESCIDX: head or next index >= num --- */
MAL_TEST(head_index_num, 0, 0, VIRTQ_EDESCIDX)
{
	senv_raw_publish(e, NUM);
}

MAL_TEST(head_index_max, 0, 0, VIRTQ_EDESCIDX)
{
	senv_raw_publish(e, 0xffff);
}

MAL_TEST(next_index_num, 0, 0, VIRTQ_EDESCIDX)
{
	senv_raw_desc(e, 0, senv_data(e, 0), 16, F_NEXT, NUM);
	senv_raw_publish(e, 0);
}

/* --- VQS-DEV-032 EDUPID: a head published again while in flight --- */
MAL_TEST(head_in_flight, 0, 0, VIRTQ_EDUPID)
{
	senv_raw_desc(e, 1, senv_data(e, 0), 16, F_WRITE, 0);
	senv_raw_publish(e, 1);
	senv_raw_publish(e, 1);
	UT_EQ(senv_pop(e), 1);
	UT_EQ(e->req.id, 1);
}

/* --- ESEGS: more segments than the caller can take --- */
MAL_TEST(too_many_segments, 0, 3, VIRTQ_ESEGS)
{
	uint32_t i;

	for (i = 0; i < 4; i++)
		senv_raw_desc(e, i, senv_data(e, 16 * i), 16, i < 3 ? F_NEXT : 0, (uint16_t)(i + 1));
	senv_raw_publish(e, 0);
}

/* --- VQS-DEV-033 EAVAILIDX: avail idx moved by more than num --- */
MAL_TEST(avail_idx_jump, 0, 0, VIRTQ_EAVAILIDX)
{
	senv_raw_desc(e, 0, senv_data(e, 0), 16, 0, 0);
	pvref_store_release16(&senv_avail(e)->idx, pvref_le16(NUM + 1));
}

MAL_TEST(avail_idx_backwards, 0, 0, VIRTQ_EAVAILIDX)
{
	pvref_store_release16(&senv_avail(e)->idx, pvref_le16(0xffff));
}

/* after some progress: last_avail 3, idx jumps to 3 + num + 1 */
MAL_TEST(avail_idx_jump_later, 0, 0, VIRTQ_EAVAILIDX)
{
	int k;

	senv_raw_desc(e, 0, senv_data(e, 0), 16, F_WRITE, 0);
	for (k = 0; k < 3; k++) {
		senv_raw_publish(e, 0);
		UT_EQ(senv_pop(e), 1);
		UT_EQ(virtq_dev_push(&e->dev, &e->req, 0), 0);
	}
	virtq_dev_flush(&e->dev);
	pvref_store_release16(&senv_avail(e)->idx, pvref_le16(3 + NUM + 1));
}

/* --- the edges that are allowed (VQS-DEV-008, VQS-DEV-009) --- */

/* avail idx ahead by exactly num: all pop */
UT_TEST(split_malformed_ok_avail_full)
{
	struct split_env e;
	uint32_t i;

	senv_init(&e, NUM, 0);
	for (i = 0; i < NUM; i++) {
		senv_raw_desc(&e, i, senv_data(&e, 16 * i), 16, F_WRITE, 0);
		senv_raw_publish(&e, (uint16_t)(NUM - 1 - i));
	}
	for (i = 0; i < NUM; i++) {
		UT_EQ(senv_pop(&e), 1);
		UT_EQ(e.req.id, NUM - 1 - i);
	}
	UT_EQ(senv_pop(&e), 0);
	UT_EQ(virtq_dev_error(&e.dev), 0);
}

/* a chain of exactly num descriptors is allowed */
UT_TEST(split_malformed_ok_chain_num)
{
	struct split_env e;
	uint32_t i;

	senv_init(&e, NUM, 0);
	for (i = 0; i < NUM; i++)
		senv_raw_desc(&e, i, senv_data(&e, 16 * i), 16,
			      i + 1 < NUM ? F_NEXT : F_WRITE, (uint16_t)(i + 1));
	senv_raw_publish(&e, 0);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(e.req.nseg, NUM);
	UT_EQ(e.req.out_len, 16 * (NUM - 1));
	UT_EQ(e.req.in_len, 16);
}

/* an indirect table not aligned for 64-bit loads; WRITE on the pointing
 * descriptor ignored; direct descriptors before the table */
UT_TEST(split_malformed_ok_indirect_unaligned_mixed)
{
	struct split_env e;
	volatile unsigned char *tb;
	unsigned char raw[32];
	uint64_t a0, a1;
	size_t k;

	senv_init(&e, NUM, IND);
	a0 = senv_data(&e, 100);
	a1 = senv_data(&e, 200);
	/* two little-endian descriptors, by hand, 4 bytes into the pool */
	memset(raw, 0, sizeof(raw));
	for (k = 0; k < 8; k++) {
		raw[k] = (unsigned char)(a0 >> (8 * k));
		raw[16 + k] = (unsigned char)(a1 >> (8 * k));
	}
	raw[8] = 10;                   /* len 10 */
	raw[12] = F_NEXT;              /* flags */
	raw[14] = 1;                   /* next 1 */
	raw[24] = 20;                  /* len 20 */
	raw[28] = F_WRITE;
	tb = (volatile unsigned char *)senv_ind(&e, 0) + 4;
	for (k = 0; k < sizeof(raw); k++)
		tb[k] = raw[k];
	senv_raw_desc(&e, 6, senv_data(&e, 0), 7, F_NEXT, 2);
	senv_raw_desc(&e, 2, senv_ind_gpa(&e, 0) + 4, 32, F_IND | F_WRITE, 0);
	senv_raw_publish(&e, 6);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(e.req.id, 6);
	UT_EQ(e.req.nseg, 3);
	UT_EQ(e.req.out_len, 17);
	UT_EQ(e.req.in_len, 20);
	UT_ASSERT(e.seg[1].addr == e.base + e.data_off + 100);
	UT_ASSERT(!e.seg[1].writable && e.seg[2].writable);
	UT_ASSERT(e.seg[2].addr == e.base + e.data_off + 200);
	UT_EQ(e.seg[2].len, 20);
}
