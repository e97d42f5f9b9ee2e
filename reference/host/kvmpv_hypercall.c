// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_hypercall.c - the hypercall exit: registers in, RAX out (spec
 * section "Hypercall Convention", KPV-HST-008..013, -042).
 */
#include "plat.h"
#include "kvmpv_host.h"

/* KPV-HST-042 / -043: a gated hypercall is served when its feature bit is
 * set, or always when the VMM did not ask for enforcement. */
static bool allowed(const struct kvmpv_host_vm *vm, unsigned feature)
{
	return !vm->enforce_cpuid || ((vm->features >> feature) & 1u);
}

uint64_t kvmpv_hc_dispatch(const struct kvmpv_host_vm *vm, const struct kvmpv_hc_regs *r)
{
	uint64_t nr = r->rax, a0 = r->rbx, a1 = r->rcx, a2 = r->rdx, a3 = r->rsi;
	int64_t ret;

	/* KPV-HST-010: outside 64-bit mode only the low halves count. */
	if (!r->long_mode) {
		nr = (uint32_t)nr;
		a0 = (uint32_t)a0;
		a1 = (uint32_t)a1;
		a2 = (uint32_t)a2;
		a3 = (uint32_t)a3;
	}

	if (r->cpl != 0) {
		ret = -KVMPV_EPERM;                     /* KPV-HST-009 */
		goto out;
	}

	ret = -KVMPV_ENOSYS;                            /* KPV-HST-011 */
	switch (nr) {
	case KVMPV_HC_VAPIC_POLL_IRQ:
		ret = 0;                                /* KPV-HST-013 */
		break;
	case KVMPV_HC_KICK_CPU:
		if (allowed(vm, KVMPV_FEATURE_PV_UNHALT))
			ret = kvmpv_host_kick_cpu(vm, a0, a1);
		break;
	case KVMPV_HC_SEND_IPI:
		if (allowed(vm, KVMPV_FEATURE_PV_SEND_IPI))
			ret = kvmpv_host_send_ipi(vm, a0, a1, a2, a3, r->long_mode);
		break;
	case KVMPV_HC_SCHED_YIELD:
		if (allowed(vm, KVMPV_FEATURE_PV_SCHED_YIELD))
			ret = kvmpv_host_sched_yield(vm, r->self_apic_id, a0);
		break;
	case KVMPV_HC_CLOCK_PAIRING:
		/* Needs host clocks and guest memory: the VMM's job. */
		ret = -KVMPV_EOPNOTSUPP;
		break;
	case KVMPV_HC_MAP_GPA_RANGE:
		if (allowed(vm, KVMPV_FEATURE_HC_MAP_GPA_RANGE))
			ret = -KVMPV_EOPNOTSUPP;        /* the VMM's job too */
		break;
	default:
		break;
	}
out:
	/* KPV-HST-010: a 32-bit caller sees a zero-extended 32-bit result. */
	if (!r->long_mode)
		return (uint32_t)ret;
	return (uint64_t)ret;
}
