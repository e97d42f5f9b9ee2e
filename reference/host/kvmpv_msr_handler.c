// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_msr_handler.c - RDMSR/WRMSR of the KVM PV MSRs on the host:
 * feature gating and reserved-bit checks (spec sections "PV MSRs",
 * "Host Halt Polling Control", "Enforcing the Feature Bits").
 */
#include "plat.h"
#include "kvmpv_host.h"

int kvmpv_msr_feature(uint32_t msr)
{
	switch (msr) {
	case KVMPV_MSR_WALL_CLOCK_OLD:
	case KVMPV_MSR_SYSTEM_TIME_OLD:
		return KVMPV_FEATURE_CLOCKSOURCE;
	case KVMPV_MSR_WALL_CLOCK:
	case KVMPV_MSR_SYSTEM_TIME:
		return KVMPV_FEATURE_CLOCKSOURCE2;
	case KVMPV_MSR_ASYNC_PF_EN:
		return KVMPV_FEATURE_ASYNC_PF;
	case KVMPV_MSR_STEAL_TIME:
		return KVMPV_FEATURE_STEAL_TIME;
	case KVMPV_MSR_PV_EOI_EN:
		return KVMPV_FEATURE_PV_EOI;
	case KVMPV_MSR_POLL_CONTROL:
		return KVMPV_FEATURE_POLL_CONTROL;
	case KVMPV_MSR_ASYNC_PF_INT:
	case KVMPV_MSR_ASYNC_PF_ACK:
		return KVMPV_FEATURE_ASYNC_PF_INT;
	case KVMPV_MSR_MIGRATION_CONTROL:
		return KVMPV_FEATURE_MIGRATION_CONTROL;
	default:
		return -1;
	}
}

/* A feature is available when its bit is set, or when the VMM did not ask
 * for enforcement (KPV-HST-041, -043). */
static bool available(const struct kvmpv_host_vm *vm, int feature)
{
	return !vm->enforce_cpuid || ((vm->features >> feature) & 1u);
}

void kvmpv_msrs_reset(struct kvmpv_vcpu_msrs *m)
{
	*m = (struct kvmpv_vcpu_msrs){ 0 };
	m->poll_control = KVMPV_POLL_CONTROL_RESET;     /* KPV-HST-038 */
}

int kvmpv_msr_write(const struct kvmpv_host_vm *vm, struct kvmpv_vcpu_msrs *m, uint32_t msr,
		    uint64_t val)
{
	int feature = kvmpv_msr_feature(msr);

	if (feature < 0)
		return KVMPV_MSR_UNHANDLED;
	if (!available(vm, feature))
		return -VIRTQ_EINVAL;                   /* KPV-HST-041 */

	/* KPV-HST-026, -027: reserved bits raise #GP, the MSR keeps its value. */
	switch (msr) {
	case KVMPV_MSR_WALL_CLOCK_OLD:
		m->wall_clock_old = val;
		break;
	case KVMPV_MSR_SYSTEM_TIME_OLD:
		m->system_time_old = val;
		break;
	case KVMPV_MSR_WALL_CLOCK:
		m->wall_clock = val;
		break;
	case KVMPV_MSR_SYSTEM_TIME:
		m->system_time = val;
		break;
	case KVMPV_MSR_ASYNC_PF_EN:
		if (val & KVMPV_ASYNC_PF_RESERVED_MASK)
			return -VIRTQ_EINVAL;
		if ((val & KVMPV_ASYNC_PF_DELIVERY_AS_PF_VMEXIT) &&
		    !available(vm, KVMPV_FEATURE_ASYNC_PF_VMEXIT))
			return -VIRTQ_EINVAL;
		if ((val & KVMPV_ASYNC_PF_DELIVERY_AS_INT) &&
		    !available(vm, KVMPV_FEATURE_ASYNC_PF_INT))
			return -VIRTQ_EINVAL;
		m->async_pf_en = val;
		break;
	case KVMPV_MSR_ASYNC_PF_INT:
		if (val & ~KVMPV_ASYNC_PF_VEC_MASK)
			return -VIRTQ_EINVAL;
		m->async_pf_int = val;
		break;
	case KVMPV_MSR_ASYNC_PF_ACK:
		/* A command, not a state: bit 0 acknowledges; reads give 0. */
		break;
	case KVMPV_MSR_STEAL_TIME:
		if (val & KVMPV_STEAL_RESERVED_MASK)
			return -VIRTQ_EINVAL;
		m->steal_time = val;
		break;
	case KVMPV_MSR_PV_EOI_EN:
		if (val & KVMPV_PV_EOI_RESERVED_MASK)
			return -VIRTQ_EINVAL;
		m->pv_eoi_en = val;
		break;
	case KVMPV_MSR_POLL_CONTROL:
		if (val & KVMPV_POLL_CONTROL_RESERVED_MASK)
			return -VIRTQ_EINVAL;
		m->poll_control = val;                  /* KPV-HST-040 */
		break;
	case KVMPV_MSR_MIGRATION_CONTROL:
		/* Only bit 0 is defined; this implementation refuses the
		 * rest (the spec leaves the MSR to the VMM). */
		if (val & ~KVMPV_MIGRATION_READY)
			return -VIRTQ_EINVAL;
		m->migration_control = val;
		break;
	}
	return 0;
}

int kvmpv_msr_read(const struct kvmpv_host_vm *vm, const struct kvmpv_vcpu_msrs *m,
		   uint32_t msr, uint64_t *val)
{
	int feature = kvmpv_msr_feature(msr);

	if (feature < 0)
		return KVMPV_MSR_UNHANDLED;
	if (!available(vm, feature))
		return -VIRTQ_EINVAL;                   /* KPV-HST-041 */

	switch (msr) {                                  /* KPV-HST-028 */
	case KVMPV_MSR_WALL_CLOCK_OLD:    *val = m->wall_clock_old; break;
	case KVMPV_MSR_SYSTEM_TIME_OLD:   *val = m->system_time_old; break;
	case KVMPV_MSR_WALL_CLOCK:        *val = m->wall_clock; break;
	case KVMPV_MSR_SYSTEM_TIME:       *val = m->system_time; break;
	case KVMPV_MSR_ASYNC_PF_EN:       *val = m->async_pf_en; break;
	case KVMPV_MSR_ASYNC_PF_INT:      *val = m->async_pf_int; break;
	case KVMPV_MSR_ASYNC_PF_ACK:      *val = 0; break;
	case KVMPV_MSR_STEAL_TIME:        *val = m->steal_time; break;
	case KVMPV_MSR_PV_EOI_EN:         *val = m->pv_eoi_en; break;
	case KVMPV_MSR_POLL_CONTROL:      *val = m->poll_control; break;
	case KVMPV_MSR_MIGRATION_CONTROL: *val = m->migration_control; break;
	default:                          *val = 0; break;
	}
	return 0;
}
