// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_guest_policy.c - which paravirtual operations a guest turns on,
 * from the feature and hint bits and what it knows about itself (spec
 * sections "Steal Time", "KVM_HC_SCHED_YIELD", "Guest Use of the Hints").
 */
#include "plat.h"
#include "kvmpv_guest.h"

void kvmpv_guest_policy(const struct kvmpv_features *f, const struct kvmpv_guest_env *env,
			struct kvmpv_guest_policy *out)
{
	bool smp = env->nr_possible_cpus > 1;                 /* KPV-GST-027 */
	bool realtime = kvmpv_has_hint(f, KVMPV_HINTS_REALTIME);
	bool steal = kvmpv_has_feature(f, KVMPV_FEATURE_STEAL_TIME);

	/* KPV-GST-003: nothing without its feature bit. */
	out->steal_time = steal;
	out->pv_eoi = kvmpv_has_feature(f, KVMPV_FEATURE_PV_EOI);
	/* KPV-GST-026: dedicated CPUs spin natively. */
	out->pv_spinlock = smp && !realtime && kvmpv_has_feature(f, KVMPV_FEATURE_PV_UNHALT);
	out->pv_send_ipi = smp && kvmpv_has_feature(f, KVMPV_FEATURE_PV_SEND_IPI);
	/* KPV-GST-022, -023: the preempted byte lives in the steal-time
	 * record; with dedicated CPUs (REALTIME, or MWAIT handed to the
	 * guest) vCPUs are not preempted and the check only costs time. */
	out->pv_tlb_flush = smp && steal && !realtime && !env->cpu_has_mwait &&
			    kvmpv_has_feature(f, KVMPV_FEATURE_PV_TLB_FLUSH);
	/* KPV-GST-015: same conditions for the directed yield. */
	out->pv_sched_yield = smp && steal && !realtime && !env->cpu_has_mwait &&
			      kvmpv_has_feature(f, KVMPV_FEATURE_PV_SCHED_YIELD);
	/* KPV-GST-028, -025: poll in the guest only on dedicated CPUs, and
	 * only where host polling can be switched off. */
	out->haltpoll = realtime && kvmpv_has_feature(f, KVMPV_FEATURE_POLL_CONTROL);
}
