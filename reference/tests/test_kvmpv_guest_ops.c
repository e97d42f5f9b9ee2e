// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_kvmpv_guest_ops.c - the guest's halt-polling governor, yield-target
 * choice and PV EOI (spec "Guest Halt Polling", KPV-GST-014, -024).
 */
#include <string.h>
#include "ut.h"
#include "kvmpv_guest.h"

static const struct kvmpv_haltpoll_params defp = KVMPV_HALTPOLL_PARAMS_DEFAULT;

static struct kvmpv_haltpoll_state halt(struct kvmpv_haltpoll_state s, uint64_t ns)
{
	return kvmpv_haltpoll_step(&defp, s, KVMPV_IDLE_HALT, ns, false);
}

UT_TEST(kvmpv_haltpoll_grow_shrink)
{
	struct kvmpv_haltpoll_state s = { 0, KVMPV_IDLE_HALT, false };
	static const struct { uint64_t block_ns; uint32_t limit; } seq[] = {
		{ 30000, 50000 },       /* 0 * 2 < start: grow to start */
		{ 40000, 50000 },       /* within the limit: stays */
		{ 50000, 50000 },       /* equal to the limit: stays */
		{ 50001, 100000 },      /* grow x2 */
		{ 150000, 200000 },     /* grow x2 */
		{ 199000, 200000 },     /* within */
		{ 200000, 200000 },     /* == max: within the limit, stays */
		{ 200001, 100000 },     /* beyond max: shrink /2 */
		{ 5000000, 50000 },     /* shrink */
		{ 1000000, 25000 },
		{ 30000, 50000 },       /* 25000 * 2 = 50000 */
		{ 201000, 25000 },
		{ 300000, 12500 },
		{ 100000, 50000 },      /* 12500 * 2 < start: start */
	};

	/* Limit 0: halt at once. */
	UT_EQ(kvmpv_haltpoll_select(&s), KVMPV_IDLE_HALT);
	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		s = halt(s, seq[i].block_ns);
		UT_ASSERT_MSG(s.limit_ns == seq[i].limit, "step %zu: block %llu -> %u, want %u", i,
			      (unsigned long long)seq[i].block_ns, s.limit_ns, seq[i].limit);
	}
}

UT_TEST(kvmpv_haltpoll_params_and_select)
{
	struct kvmpv_haltpoll_params p = defp;
	struct kvmpv_haltpoll_state s = { 100000, KVMPV_IDLE_HALT, false };

	/* shrink 0: straight to 0, then halt at once */
	p.shrink = 0;
	UT_EQ(kvmpv_haltpoll_adjust(&p, 100000, 300000), 0);
	/* shrinking not allowed: stays */
	p = defp;
	p.allow_shrink = false;
	UT_EQ(kvmpv_haltpoll_adjust(&p, 100000, 300000), 100000);
	/* grow 3, max clamps; a huge limit does not overflow */
	p = defp;
	p.grow = 3;
	UT_EQ(kvmpv_haltpoll_adjust(&p, 60000, 70000), 180000);
	UT_EQ(kvmpv_haltpoll_adjust(&p, 70000, 80000), 200000);
	p.max_ns = 0xffffffffu;
	UT_EQ(kvmpv_haltpoll_adjust(&p, 0xf0000000u, 0xf0000001u), 0xffffffffu);
	/* grow 1 stays at start at least */
	p = defp;
	p.grow = 1;
	UT_EQ(kvmpv_haltpoll_adjust(&p, 10, 20), 50000);

	/* select: after a halt with a limit, poll */
	UT_EQ(kvmpv_haltpoll_select(&s), KVMPV_IDLE_POLL);
	/* a poll that found work: poll again, limit unchanged */
	s = kvmpv_haltpoll_step(&defp, s, KVMPV_IDLE_POLL, 5000, false);
	UT_EQ(s.limit_ns, 100000);
	UT_EQ(kvmpv_haltpoll_select(&s), KVMPV_IDLE_POLL);
	/* a poll that ran out: halt next, limit unchanged by the poll */
	s = kvmpv_haltpoll_step(&defp, s, KVMPV_IDLE_POLL, 100000, true);
	UT_EQ(s.limit_ns, 100000);
	UT_EQ(kvmpv_haltpoll_select(&s), KVMPV_IDLE_HALT);
	/* the halt resets the timed-out state */
	s = halt(s, 120000);
	UT_EQ(s.limit_ns, 200000);
	UT_EQ(kvmpv_haltpoll_select(&s), KVMPV_IDLE_POLL);
}

UT_TEST(kvmpv_sched_yield_target)
{
	static _Alignas(64) struct kvmpv_steal_time st[4];
	struct kvmpv_yield_cand c[4] = {
		{ 10, &st[0], false }, { 11, &st[1], true }, { 12, &st[2], false },
		{ 13, &st[3], false },
	};
	uint32_t id = 0;

	memset(st, 0, sizeof(st));
	UT_ASSERT(!kvmpv_sched_yield_pick(c, 4, 99, &id));      /* none preempted */
	st[3].preempted = KVMPV_VCPU_PREEMPTED;
	st[1].preempted = KVMPV_VCPU_PREEMPTED;                 /* but idle */
	UT_ASSERT(kvmpv_sched_yield_pick(c, 4, 99, &id));
	UT_EQ(id, 13);
	st[2].preempted = KVMPV_VCPU_PREEMPTED | KVMPV_VCPU_FLUSH_TLB;
	UT_ASSERT(kvmpv_sched_yield_pick(c, 4, 99, &id));
	UT_EQ(id, 12);                                          /* the first one */
	UT_ASSERT(kvmpv_sched_yield_pick(c, 4, 12, &id));
	UT_EQ(id, 13);                                          /* never self */
	st[0].preempted = KVMPV_VCPU_FLUSH_TLB;                 /* not PREEMPTED */
	UT_ASSERT(kvmpv_sched_yield_pick(c, 1, 99, &id) == false);
}

UT_TEST(kvmpv_pv_eoi)
{
	volatile uint32_t word = 0;

	UT_ASSERT(!kvmpv_pv_eoi_skip(&word));                   /* write the EOI register */
	word = KVMPV_PV_EOI_PENDING;                            /* host allowed the skip */
	UT_ASSERT(kvmpv_pv_eoi_skip(&word));
	UT_EQ(word, 0);
	UT_ASSERT(!kvmpv_pv_eoi_skip(&word));                   /* only once */
	word = 0x2;                                             /* undefined bits only */
	UT_ASSERT(!kvmpv_pv_eoi_skip(&word));
}
