// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_sched_yield.c - choosing the vCPU to yield to after sending a
 * function-call IPI (spec section "KVM_HC_SCHED_YIELD", KPV-GST-014).
 */
#include "plat.h"
#include "kvmpv_guest.h"

bool kvmpv_sched_yield_pick(const struct kvmpv_yield_cand *c, size_t n, uint32_t self_apic_id,
			    uint32_t *apic_id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		/* An idle target is halted, not waiting for a CPU; yielding
		 * to ourselves does nothing (KPV-HST-023). */
		if (c[i].idle || c[i].apic_id == self_apic_id || !c[i].st)
			continue;
		/* A hint only: a stale PREEMPTED costs one useless yield.
		 * No barrier: nothing else is read on the strength of it. */
		if (c[i].st->preempted & KVMPV_VCPU_PREEMPTED) {
			*apic_id = c[i].apic_id;
			return true;    /* one yield per IPI */
		}
	}
	return false;
}
