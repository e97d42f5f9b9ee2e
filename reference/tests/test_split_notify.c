// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_split_notify.c - split notification suppression: the crossed-event
 * rule itself, the driver's kick decision and the device's interrupt
 * decision with VIRTIO_F_EVENT_IDX across the 16-bit index wrap, and the
 * flag-based controls without it.
 */
#include "test_split_env.h"

#define NUM 8u
#define EVT VIRTIO_BIT(VIRTIO_F_EVENT_IDX)

/* "new passed event since old": event in [old, new) modulo 2^16 */
UT_TEST(split_notify_need_event_table)
{
	static const struct { uint16_t event, new_idx, old; int want; } t[] = {
		{ 0, 1, 0, 1 },            /* first buffer after event 0 */
		{ 0, 0, 0, 0 },            /* nothing moved */
		{ 5, 6, 5, 1 },
		{ 5, 9, 5, 1 },
		{ 5, 5, 4, 0 },            /* reached, not passed */
		{ 5, 9, 6, 0 },            /* passed before old */
		{ 0xffff, 0x0000, 0xfffe, 1 },
		{ 0xffff, 0xffff, 0xfffe, 0 },
		{ 0xfffe, 0x0003, 0xfffd, 1 },
		{ 0x0002, 0x0003, 0xfffd, 1 },
		{ 0x0003, 0x0003, 0xfffd, 0 },
		{ 0xfffc, 0x0003, 0xfffd, 0 },
		{ 0x8000, 0x8001, 0x0001, 1 }, /* a move of 0x8000 */
		{ 0x0000, 0x8001, 0x0001, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		UT_ASSERT_MSG(!!virtq_split_need_event(t[i].event, t[i].new_idx, t[i].old) == t[i].want,
			      "event %#x new %#x old %#x", t[i].event, t[i].new_idx, t[i].old);
}

static void set_avail_event(struct split_env *e, uint16_t v)
{
	*virtq_split_avail_event(senv_used(e), NUM) = pvref_le16(v);
}

static void set_used_event(struct split_env *e, uint16_t v)
{
	*virtq_split_used_event(senv_avail(e), NUM) = pvref_le16(v);
}

static int tok;

static void add_n(struct split_env *e, uint32_t n)
{
	while (n--)
		UT_EQ(senv_add(e, 0, 1, 8, 0, &tok, 0), 0);
}

/* The driver's kick decision as avail->idx wraps through 0xffff -> 0. */
UT_TEST(split_notify_kick_event_idx_wrap)
{
	static const struct { uint16_t event; uint32_t adds; bool want; } step[] = {
		{ 0xfffc, 1, true },   /* fffc -> fffd passes fffc */
		{ 0xfffc, 1, false },  /* fffd -> fffe */
		{ 0xffff, 3, true },   /* fffe -> 0001 passes ffff across the wrap */
		{ 0x0001, 1, true },   /* 0001 -> 0002 */
		{ 0x0005, 1, false },  /* 0002 -> 0003: not yet */
		{ 0xfffe, 1, false },  /* 0003 -> 0004: long behind */
	};
	struct split_env e;
	size_t i;

	senv_init(&e, NUM, EVT);
	senv_advance(&e, 0xfffc);
	(void)virtq_drv_kick_prepare(&e.drv);      /* start a fresh window */
	UT_ASSERT(!virtq_drv_kick_prepare(&e.drv)); /* nothing added: no kick */
	/* the device's enable puts avail_event at its position */
	UT_ASSERT(virtq_dev_enable_notify(&e.dev));
	UT_EQ(pvref_le16(*virtq_split_avail_event(senv_used(&e), NUM)), 0xfffc);
	for (i = 0; i < sizeof(step) / sizeof(step[0]); i++) {
		set_avail_event(&e, step[i].event);
		add_n(&e, step[i].adds);
		UT_ASSERT_MSG(virtq_drv_kick_prepare(&e.drv) == step[i].want, "step %zu", i);
	}
	/* used->flags is ignored with EVENT_IDX */
	senv_used(&e)->flags = pvref_le16(VIRTQ_USED_F_NO_NOTIFY);
	UT_EQ(pvref_le16(senv_avail(&e)->idx), 0x0004);
	UT_EQ(virtq_drv_notify_data(&e.drv), 3u | 0x0004u << 16);
}

/* The device re-arms avail_event when it finds the ring empty. */
UT_TEST(split_notify_device_rearm_on_empty)
{
	struct split_env e;

	senv_init(&e, NUM, EVT);
	senv_advance(&e, 0xfffe);
	UT_ASSERT(virtq_dev_enable_notify(&e.dev));
	(void)virtq_drv_kick_prepare(&e.drv);
	add_n(&e, 3);                              /* fffe -> 0001 */
	UT_ASSERT(virtq_drv_kick_prepare(&e.drv));
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(senv_pop(&e), 0);
	UT_EQ(pvref_le16(*virtq_split_avail_event(senv_used(&e), NUM)), 0x0001);
	add_n(&e, 1);
	UT_ASSERT(virtq_drv_kick_prepare(&e.drv));
	/* disabled: no re-arm, and the next add (past the stale event) no kick */
	virtq_dev_disable_notify(&e.dev);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(senv_pop(&e), 0);
	UT_EQ(pvref_le16(*virtq_split_avail_event(senv_used(&e), NUM)), 0x0001);
	add_n(&e, 1);
	UT_ASSERT(!virtq_drv_kick_prepare(&e.drv));
	/* enable with a buffer pending says so */
	UT_ASSERT(!virtq_dev_enable_notify(&e.dev));
	UT_EQ(pvref_le16(*virtq_split_avail_event(senv_used(&e), NUM)), 0x0002);
}

/* The device's interrupt decision as used->idx wraps. */
UT_TEST(split_notify_interrupt_event_idx_wrap)
{
	static const struct { uint16_t event; uint32_t pushes; bool want; } step[] = {
		{ 0xfffc, 1, true },   /* fffc -> fffd */
		{ 0xfffc, 1, false },  /* fffd -> fffe */
		{ 0xffff, 2, true },   /* fffe -> 0000 */
		{ 0x0000, 1, true },   /* 0000 -> 0001 */
		{ 0x0003, 1, false },  /* 0001 -> 0002 */
		{ 0x8000, 1, false },  /* 0002 -> 0003 */
	};
	struct split_env e;
	size_t i, k;

	senv_init(&e, NUM, EVT);
	senv_advance(&e, 0xfffc);
	(void)virtq_dev_should_notify(&e.dev);     /* start a fresh window */
	UT_ASSERT(!virtq_dev_should_notify(&e.dev)); /* nothing published */
	UT_ASSERT(virtq_drv_enable_cb(&e.drv));
	UT_EQ(pvref_le16(*virtq_split_used_event(senv_avail(&e), NUM)), 0xfffc);
	UT_EQ(pvref_le16(senv_avail(&e)->flags), 0);
	add_n(&e, 7);
	for (k = 0; k < 7; k++)
		UT_EQ(senv_pop(&e), 1);
	/* requests popped in order are heads 0xfffc.. & 7 of the ring; push
	 * them through the device's record of each */
	for (i = 0; i < sizeof(step) / sizeof(step[0]); i++) {
		set_used_event(&e, step[i].event);
		for (k = 0; k < step[i].pushes; k++) {
			struct virtq_req r = e.req;
			uint16_t pos = (uint16_t)(e.dev.u.split.used_idx);

			r.id = pvref_le16(senv_avail(&e)->ring[pos & (NUM - 1)]);
			r.in_len = 8;
			UT_EQ(virtq_dev_push(&e.dev, &r, 1), 0);
		}
		virtq_dev_flush(&e.dev);
		UT_ASSERT_MSG(virtq_dev_should_notify(&e.dev) == step[i].want, "step %zu", i);
	}
	/* avail->flags is ignored with EVENT_IDX */
	UT_EQ(pvref_le16(senv_used(&e)->idx), 0x0003);
}

/* Delayed callbacks: after about 3/4 of the outstanding buffers. */
UT_TEST(split_notify_enable_cb_delayed)
{
	struct split_env e;
	uint32_t len, k;

	senv_init(&e, NUM, EVT);
	senv_advance(&e, 0xfffa);
	(void)virtq_dev_should_notify(&e.dev);
	add_n(&e, 8);
	UT_ASSERT(virtq_drv_enable_cb_delayed(&e.drv));
	/* 8 outstanding: event at last_used + 6, so the 7th used notifies */
	UT_EQ(pvref_le16(*virtq_split_used_event(senv_avail(&e), NUM)), (uint16_t)(0xfffa + 6));
	for (k = 0; k < 8; k++) {
		UT_EQ(senv_pop(&e), 1);
		UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
		virtq_dev_flush(&e.dev);
		UT_ASSERT_MSG(virtq_dev_should_notify(&e.dev) == (k == 6), "used %u", k + 1);
	}
	/* more than 3/4 already used: enable_cb_delayed says poll again */
	for (k = 0; k < 8; k++)
		UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok);
	add_n(&e, 4);
	for (k = 0; k < 4; k++) {
		UT_EQ(senv_pop(&e), 1);
		UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
	}
	virtq_dev_flush(&e.dev);
	UT_ASSERT(!virtq_drv_enable_cb_delayed(&e.drv));
	UT_ASSERT(!virtq_drv_enable_cb(&e.drv));
}

/* Without EVENT_IDX: VIRTQ_AVAIL_F_NO_INTERRUPT and VIRTQ_USED_F_NO_NOTIFY. */
UT_TEST(split_notify_flags)
{
	struct split_env e;
	uint32_t len;

	senv_init(&e, NUM, 0);
	virtq_dev_disable_notify(&e.dev);
	UT_EQ(pvref_le16(senv_used(&e)->flags), VIRTQ_USED_F_NO_NOTIFY);
	add_n(&e, 1);
	UT_ASSERT(!virtq_drv_kick_prepare(&e.drv));
	UT_ASSERT(!virtq_dev_enable_notify(&e.dev));   /* one pending */
	UT_EQ(pvref_le16(senv_used(&e)->flags), 0);
	add_n(&e, 1);
	UT_ASSERT(virtq_drv_kick_prepare(&e.drv));

	virtq_drv_disable_cb(&e.drv);
	UT_EQ(pvref_le16(senv_avail(&e)->flags), VIRTQ_AVAIL_F_NO_INTERRUPT);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
	virtq_dev_flush(&e.dev);
	UT_ASSERT(!virtq_dev_should_notify(&e.dev));
	UT_ASSERT(!virtq_drv_enable_cb(&e.drv));       /* one used already */
	UT_EQ(pvref_le16(senv_avail(&e)->flags), 0);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok);
	UT_ASSERT(virtq_drv_enable_cb(&e.drv));
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
	virtq_dev_flush(&e.dev);
	UT_ASSERT(virtq_dev_should_notify(&e.dev));
	UT_ASSERT(!virtq_dev_should_notify(&e.dev));   /* nothing new since */
	/* used_event is ignored without EVENT_IDX */
	UT_EQ(pvref_le16(*virtq_split_used_event(senv_avail(&e), NUM)), 0);
}

/* Driver re-arms used_event when it finds the ring empty with callbacks on. */
UT_TEST(split_notify_driver_rearm_on_empty)
{
	struct split_env e;
	uint32_t len;

	senv_init(&e, NUM, EVT);
	senv_advance(&e, 0xffff);
	(void)virtq_dev_should_notify(&e.dev);
	UT_ASSERT(virtq_drv_enable_cb(&e.drv));
	UT_EQ(pvref_le16(*virtq_split_used_event(senv_avail(&e), NUM)), 0xffff);
	add_n(&e, 2);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
	virtq_dev_flush(&e.dev);
	UT_ASSERT(virtq_dev_should_notify(&e.dev));
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == NULL);  /* empty: re-arm at 0 */
	UT_EQ(pvref_le16(*virtq_split_used_event(senv_avail(&e), NUM)), 0x0000);
	UT_EQ(senv_pop(&e), 1);
	UT_EQ(virtq_dev_push(&e.dev, &e.req, 0), 0);
	virtq_dev_flush(&e.dev);
	UT_ASSERT(virtq_dev_should_notify(&e.dev));
	/* callbacks off: get on an empty ring leaves used_event alone */
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == &tok);
	virtq_drv_disable_cb(&e.drv);
	UT_ASSERT(virtq_drv_get(&e.drv, &len) == NULL);
	UT_EQ(pvref_le16(*virtq_split_used_event(senv_avail(&e), NUM)), 0x0000);
	UT_EQ(pvref_le16(senv_avail(&e)->flags), 0);    /* flags stay 0 with EVENT_IDX */
}
