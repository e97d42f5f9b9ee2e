// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_split_hostile.c - the split driver against a hostile device: the
 * test writes the used ring by hand.  Each case asserts the exact error
 * (used idx: VQS-DRV-034, id: VQS-DRV-032, len: VQS-DRV-033), that no
 * token or length is handed out, that the queue stays broken (add refuses
 * with EBROKEN, get returns NULL: VQS-DRV-035), and that detach + reset
 * recover it (VQS-DRV-030).  In-order batches: VQS-DRV-020.
 */
#include "test_split_env.h"

#define NUM 8u
#define IN_ORDER VIRTIO_BIT(VIRTIO_F_IN_ORDER)

static int tok[NUM];

/* Driver makes n buffers available: 1 readable + 1 writable segment of
 * 16 bytes each (writable size 16); returns their heads in order. */
static void post(struct split_env *e, uint32_t n, uint16_t *heads)
{
	volatile struct virtq_split_avail *a = senv_avail(e);
	uint16_t idx = pvref_le16(a->idx);
	uint32_t i;

	for (i = 0; i < n; i++) {
		UT_EQ(senv_add(e, 1, 1, 16, 32 * i, &tok[i], 0), 0);
		if (heads)
			heads[i] = pvref_le16(a->ring[(uint16_t)(idx + i) & (NUM - 1)]);
	}
}

static void expect_broken(struct split_env *e, int err)
{
	uint32_t len = 0xdead;

	UT_ASSERT(virtq_drv_get(&e->drv, &len) == NULL);
	UT_EQ(virtq_drv_error(&e->drv), -err);
	UT_EQ(len, 0xdead);
	UT_ASSERT(virtq_drv_get(&e->drv, &len) == NULL);
	UT_ASSERT(!virtq_drv_more_used(&e->drv));
	UT_EQ(senv_add(e, 1, 1, 16, 0, &tok[0], 0), -VIRTQ_EBROKEN);
	UT_ASSERT(!virtq_drv_kick_prepare(&e->drv));
	UT_ASSERT(senv_guards_intact(e));
}

/* detach returns every outstanding token once; reset makes it work again */
static void recover(struct split_env *e, uint32_t outstanding)
{
	uint32_t n = 0, len = 0;
	void *t;

	while ((t = virtq_drv_detach(&e->drv)) != NULL) {
		UT_ASSERT(t >= (void *)&tok[0] && t < (void *)&tok[NUM]);
		n++;
	}
	UT_EQ(n, outstanding);
	virtq_drv_reset(&e->drv);
	virtq_dev_reset(&e->dev);
	UT_EQ(virtq_drv_error(&e->drv), 0);
	UT_EQ(virtq_drv_num_free(&e->drv), NUM);
	UT_EQ(senv_add(e, 1, 1, 16, 0, &tok[0], 0), 0);
	UT_EQ(senv_pop(e), 1);
	UT_EQ(virtq_dev_push(&e->dev, &e->req, 5), 0);
	virtq_dev_flush(&e->dev);
	UT_ASSERT(virtq_drv_get(&e->drv, &len) == &tok[0]);
	UT_EQ(len, 5);
}

UT_TEST(split_hostile_used_idx_jump)
{
	struct split_env e;
	uint16_t h[3];

	senv_init(&e, NUM, 0);
	post(&e, 3, h);
	senv_raw_used(&e, 0, h[0], 1);
	senv_raw_used_idx(&e, 4);          /* 4 used, 3 outstanding */
	expect_broken(&e, VIRTQ_EUSEDIDX);
	recover(&e, 3);
}

UT_TEST(split_hostile_used_idx_jump_nothing_outstanding)
{
	struct split_env e;

	senv_init(&e, NUM, 0);
	senv_raw_used_idx(&e, 1);
	expect_broken(&e, VIRTQ_EUSEDIDX);
	recover(&e, 0);
}

UT_TEST(split_hostile_used_idx_backwards)
{
	struct split_env e;
	uint16_t h[2];
	uint32_t len;

	senv_init(&e, NUM, 0);
	post(&e, 2, h);
	senv_raw_used(&e, 0, h[0], 16);
	senv_raw_used_idx(&e, 1);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
	senv_raw_used_idx(&e, 0);          /* moves back: 0xffff ahead */
	expect_broken(&e, VIRTQ_EUSEDIDX);
	recover(&e, 1);
}

UT_TEST(split_hostile_id_out_of_range)
{
	struct split_env e;

	senv_init(&e, NUM, 0);
	post(&e, 1, NULL);
	senv_raw_used(&e, 0, NUM, 1);
	senv_raw_used_idx(&e, 1);
	expect_broken(&e, VIRTQ_EUSEDID);
	recover(&e, 1);
}

UT_TEST(split_hostile_id_huge)
{
	struct split_env e;

	senv_init(&e, NUM, 0);
	post(&e, 1, NULL);
	senv_raw_used(&e, 0, 0x80000000u, 1);
	senv_raw_used_idx(&e, 1);
	expect_broken(&e, VIRTQ_EUSEDID);
	recover(&e, 1);
}

/* the second descriptor of a chain is not a head */
UT_TEST(split_hostile_id_not_a_head)
{
	struct split_env e;
	uint16_t h[1];

	senv_init(&e, NUM, 0);
	post(&e, 1, h);
	senv_raw_used(&e, 0, (uint32_t)(h[0] + 1) % NUM, 1);
	senv_raw_used_idx(&e, 1);
	expect_broken(&e, VIRTQ_EUSEDID);
	recover(&e, 1);
}

/* the same head used twice */
UT_TEST(split_hostile_id_used_twice)
{
	struct split_env e;
	uint16_t h[2];
	uint32_t len;

	senv_init(&e, NUM, 0);
	post(&e, 2, h);
	senv_raw_used(&e, 0, h[0], 3);
	senv_raw_used(&e, 1, h[0], 3);
	senv_raw_used_idx(&e, 2);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
	UT_EQ(len, 3);
	expect_broken(&e, VIRTQ_EUSEDID);
	recover(&e, 1);
}

UT_TEST(split_hostile_len_too_large)
{
	struct split_env e;
	uint16_t h[1];

	senv_init(&e, NUM, 0);
	post(&e, 1, h);
	senv_raw_used(&e, 0, h[0], 17);    /* writable size is 16 */
	senv_raw_used_idx(&e, 1);
	expect_broken(&e, VIRTQ_EUSEDLEN);
	recover(&e, 1);
}

UT_TEST(split_hostile_len_exact_ok)
{
	struct split_env e;
	uint16_t h[1];
	uint32_t len;

	senv_init(&e, NUM, 0);
	post(&e, 1, h);
	senv_raw_used(&e, 0, h[0], 16);
	senv_raw_used_idx(&e, 1);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[0]);
	UT_EQ(len, 16);
	UT_EQ(virtq_drv_error(&e.drv), 0);
	UT_EQ(virtq_drv_num_free(&e.drv), NUM);
}

/* --- VIRTIO_F_IN_ORDER batches --- */

/* one used element for four buffers, at the batch's first position */
UT_TEST(split_hostile_in_order_batch_ok)
{
	struct split_env e;
	uint16_t h[4];
	uint32_t len, i;

	senv_init(&e, NUM, IN_ORDER);
	post(&e, 4, h);
	for (i = 0; i < 4; i++)
		UT_EQ(h[i], 2 * i);          /* in order: sequential allocation */
	senv_raw_used(&e, 0, h[3], 7);
	senv_raw_used(&e, 1, 0xffffu, 0xffffu);  /* positions inside a batch are ignored */
	senv_raw_used_idx(&e, 4);
	for (i = 0; i < 4; i++) {
		UT_ASSERT(virtq_drv_more_used(&e.drv));
		UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[i]);
		UT_EQ(len, i < 3 ? 16 : 7);
	}
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == NULL);
	UT_EQ(virtq_drv_error(&e.drv), 0);
	UT_EQ(virtq_drv_num_free(&e.drv), NUM);
}

/* the batch names a head that is not outstanding */
UT_TEST(split_hostile_in_order_batch_not_outstanding)
{
	struct split_env e;

	senv_init(&e, NUM, IN_ORDER);
	post(&e, 3, NULL);                 /* heads 0, 2, 4 */
	senv_raw_used(&e, 0, 6, 1);
	senv_raw_used_idx(&e, 3);
	expect_broken(&e, VIRTQ_EUSEDID);
	recover(&e, 3);
}

/* the batch names an outstanding head beyond what used idx covers */
UT_TEST(split_hostile_in_order_batch_past_idx)
{
	struct split_env e;
	uint16_t h[3];

	senv_init(&e, NUM, IN_ORDER);
	post(&e, 3, h);
	senv_raw_used(&e, 0, h[2], 1);
	senv_raw_used_idx(&e, 2);          /* covers two buffers, names the third */
	expect_broken(&e, VIRTQ_EUSEDID);
	recover(&e, 3);
}

/* a non-head descriptor of an outstanding chain */
UT_TEST(split_hostile_in_order_batch_not_a_head)
{
	struct split_env e;
	uint16_t h[3];

	senv_init(&e, NUM, IN_ORDER);
	post(&e, 3, h);
	senv_raw_used(&e, 0, h[1] + 1u, 1);
	senv_raw_used_idx(&e, 3);
	expect_broken(&e, VIRTQ_EUSEDID);
	recover(&e, 3);
}

UT_TEST(split_hostile_in_order_batch_len_too_large)
{
	struct split_env e;
	uint16_t h[2];

	senv_init(&e, NUM, IN_ORDER);
	post(&e, 2, h);
	senv_raw_used(&e, 0, h[1], 17);
	senv_raw_used_idx(&e, 2);
	expect_broken(&e, VIRTQ_EUSEDLEN);
	recover(&e, 2);
}

/* buffers used one by one, batches across the ring's wrap */
UT_TEST(split_hostile_in_order_wrap)
{
	struct split_env e;
	uint16_t h[4], pos = 0;
	uint32_t len, round, i;

	senv_init(&e, NUM, IN_ORDER);
	for (round = 0; round < 20; round++) {
		uint32_t n = 1 + round % 4;

		post(&e, n, h);
		if (round % 2) {
			senv_raw_used(&e, pos, h[n - 1], 9);
		} else {
			for (i = 0; i < n; i++)
				senv_raw_used(&e, (uint16_t)(pos + i), h[i], 9);
		}
		pos = (uint16_t)(pos + n);
		senv_raw_used_idx(&e, pos);
		for (i = 0; i < n; i++) {
			UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok[i]);
			UT_EQ(len, (round % 2 && i + 1 < n) ? 16 : 9);
		}
		UT_EQ(virtq_drv_error(&e.drv), 0);
	}
	UT_EQ(virtq_drv_num_free(&e.drv), NUM);
}
