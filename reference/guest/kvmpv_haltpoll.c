// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_haltpoll.c - the guest halt-polling governor as pure functions
 * (spec section "Guest Halt Polling (informative)").
 */
#include "plat.h"
#include "kvmpv_guest.h"

enum kvmpv_idle_state kvmpv_haltpoll_select(const struct kvmpv_haltpoll_state *s)
{
	if (s->limit_ns == 0)
		return KVMPV_IDLE_HALT;
	/* A poll that ran out found nothing: halt this time. */
	if (s->last == KVMPV_IDLE_POLL && s->poll_timed_out)
		return KVMPV_IDLE_HALT;
	return KVMPV_IDLE_POLL;
}

uint32_t kvmpv_haltpoll_adjust(const struct kvmpv_haltpoll_params *p, uint32_t limit_ns,
			       uint64_t block_ns)
{
	if (block_ns > limit_ns && block_ns <= p->max_ns) {
		/* Polling a little longer would have caught this wake-up. */
		uint64_t v = (uint64_t)limit_ns * p->grow;

		if (v < p->grow_start_ns)
			v = p->grow_start_ns;
		if (v > p->max_ns)
			v = p->max_ns;
		return (uint32_t)v;
	}
	if (block_ns > p->max_ns && p->allow_shrink) {
		/* Too long to ever catch by polling: poll less. */
		return p->shrink ? limit_ns / p->shrink : 0;
	}
	return limit_ns;
}

struct kvmpv_haltpoll_state kvmpv_haltpoll_step(const struct kvmpv_haltpoll_params *p,
						struct kvmpv_haltpoll_state s,
						enum kvmpv_idle_state used, uint64_t idle_ns,
						bool timed_out)
{
	s.last = (uint8_t)used;
	if (used == KVMPV_IDLE_POLL) {
		s.poll_timed_out = timed_out;
	} else {
		s.poll_timed_out = false;
		s.limit_ns = kvmpv_haltpoll_adjust(p, s.limit_ns, idle_ns);
	}
	return s;
}
