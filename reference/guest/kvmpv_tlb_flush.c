// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_tlb_flush.c - PV TLB flush: instead of interrupting a preempted
 * vCPU to flush its TLB, ask the host to flush it before the vCPU runs
 * again (spec section "Steal Time", KPV-GST-020, -021).
 */
#include "plat.h"
#include "kvmpv_guest.h"

bool kvmpv_tlb_flush_defer(volatile struct kvmpv_steal_time *st)
{
	volatile uint8_t *p = &st->preempted;
	uint8_t old = *p;

	/*
	 * KPV-GST-020: add FLUSH_TLB only to a byte that still says
	 * PREEMPTED.  The host clears the byte with an atomic exchange on
	 * vCPU entry (KPV-HST-034); if that exchange comes first, our
	 * compare-exchange fails, reloads old without PREEMPTED, and we fall
	 * back to the IPI.  If ours comes first, the host's exchange returns
	 * FLUSH_TLB and it flushes.  Either way the flush happens.
	 * pvref_cmpxchg8 is a full barrier: the page-table update that made
	 * the flush necessary is globally visible before the host can see
	 * FLUSH_TLB (pairs with the full barrier of the host's exchange).
	 * The exchange is made even when FLUSH_TLB is already set (another
	 * CPU asked first): a plain read would not order our page-table
	 * store before the host's flush.
	 */
	while (old & KVMPV_VCPU_PREEMPTED) {
		if (pvref_cmpxchg8(p, &old, (uint8_t)(old | KVMPV_VCPU_FLUSH_TLB)))
			return true;
	}
	return false;
}

size_t kvmpv_tlb_flush_filter(volatile struct kvmpv_steal_time *const st[], size_t n,
			      uint32_t ipi[])
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (!kvmpv_tlb_flush_defer(st[i]))
			ipi[k++] = (uint32_t)i;
	return k;
}
