// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_steal_update.c - the host's writer of the steal-time record: the
 * version bracket around steal, and the preempted byte (spec section
 * "Steal Time", KPV-HST-029..035).
 *
 * The host keeps shadows of steal and version and never trusts the
 * record's contents after enabling it: a guest that scribbles on them
 * (against KPV-GST-019) cannot make the host publish a decreasing steal
 * or an odd resting version.
 */
#include "plat.h"
#include "kvmpv_host.h"

void kvmpv_steal_enable(struct kvmpv_steal_host *h, volatile struct kvmpv_steal_time *rec,
			bool pv_tlb_flush)
{
	h->rec = rec;
	h->pv_tlb_flush = pv_tlb_flush;
	h->preempted_set = false;
	h->steal = 0;
	h->version = 0;
	if (!rec)
		return;
	/* Take over what the guest put there (normally zeros).  An odd
	 * version is junk: step to the next even value (KPV-HST-030). */
	h->steal = pvref_le64(rec->steal);
	h->version = pvref_le32(rec->version);
	h->version += h->version & 1u;
}

unsigned kvmpv_steal_enter(struct kvmpv_steal_host *h, uint64_t delta_ns)
{
	volatile struct kvmpv_steal_time *st = h->rec;
	unsigned ret = 0;

	if (!st)
		return 0;

	if (h->pv_tlb_flush) {
		/*
		 * KPV-HST-034: read and clear in one atomic exchange, so a
		 * FLUSH_TLB the guest adds with its compare-exchange is either
		 * seen here or makes the guest's exchange fail (and it sends
		 * an IPI).  Full barrier: pairs with the guest's
		 * compare-exchange, so the guest's page-table writes are
		 * visible before we flush.
		 */
		if (pvref_xchg8(&st->preempted, 0) & KVMPV_VCPU_FLUSH_TLB)
			ret |= KVMPV_STEAL_FLUSH_TLB;
	} else {
		/* KPV-HST-032: no guest writer to race with; a store will do. */
		st->preempted = 0;
	}
	h->preempted_set = false;

	/* KPV-HST-029, -030: the version bracket.  A zero delta still
	 * publishes nothing new, so skip the three stores. */
	if (delta_ns == 0)
		return ret;
	h->version += 1;
	st->version = pvref_le32(h->version);
	/* Orders the odd version before the steal store; pairs with the
	 * guest reader's barrier between its version and steal loads. */
	pvref_wmb();
	h->steal += delta_ns;
	st->steal = pvref_le64(h->steal);
	/* Orders the steal store before the even version; pairs with the
	 * reader's barrier before its second version load. */
	pvref_wmb();
	h->version += 1;
	st->version = pvref_le32(h->version);
	return ret;
}

void kvmpv_steal_put(struct kvmpv_steal_host *h, bool preempted)
{
	volatile uint8_t *p;
	uint8_t old;

	/* KPV-HST-033: only an involuntary deschedule; once per put. */
	if (!h->rec || !preempted || h->preempted_set)
		return;
	p = &h->rec->preempted;
	old = *p;
	/*
	 * KPV-HST-035: add PREEMPTED without discarding anything already in
	 * the byte (normally 0, since entry cleared it; a FLUSH_TLB a guest
	 * wrote against the rules is kept, so it is still honoured).  The
	 * compare-exchange is a full barrier: the guest sees PREEMPTED only
	 * after the vCPU stopped running guest code.
	 */
	while (!pvref_cmpxchg8(p, &old, (uint8_t)(old | KVMPV_VCPU_PREEMPTED)))
		;
	h->preempted_set = true;
}
