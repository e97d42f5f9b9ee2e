// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_kick_yield.c - HC_KICK_CPU and HC_SCHED_YIELD on the host: both
 * name one vCPU by APIC ID; both return 0 whatever the ID (spec sections
 * "KVM_HC_KICK_CPU" and "KVM_HC_SCHED_YIELD").
 */
#include "plat.h"
#include "kvmpv_host.h"

int64_t kvmpv_host_kick_cpu(const struct kvmpv_host_vm *vm, uint64_t flags, uint64_t apic_id)
{
	(void)flags;            /* no flag is defined; KVM ignores a0 */
	/* KPV-HST-015: an ID beyond the map names no vCPU. */
	if (vm->has_apic_map && apic_id <= vm->max_apic_id)
		vm->ops->kick(vm->ctx, (uint32_t)apic_id);     /* KPV-HST-014 */
	return 0;
}

int64_t kvmpv_host_sched_yield(const struct kvmpv_host_vm *vm, uint32_t self_apic_id,
			       uint64_t apic_id)
{
	/* KPV-HST-023: unknown IDs and the caller itself: no effect. */
	if (vm->has_apic_map && apic_id <= vm->max_apic_id && apic_id != self_apic_id)
		vm->ops->yield_to(vm->ctx, (uint32_t)apic_id); /* KPV-HST-024 */
	return 0;               /* KPV-HST-022 */
}
