// SPDX-License-Identifier: GPL-2.0-only
/*
 * enforce.c - KVM_CAP_ENFORCE_PV_FEATURE_CPUID: with every KVM feature bit
 * clear, the PV MSRs raise #GP and the gated hypercalls return
 * -KVM_ENOSYS; a second vCPU with the features offered is the control.
 */
#include "guest_ops.h"
#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

#define GP_VECTOR 13

static const uint32_t gated_msrs[] = {
	KVMPV_MSR_WALL_CLOCK_OLD, KVMPV_MSR_SYSTEM_TIME_OLD, KVMPV_MSR_WALL_CLOCK,
	KVMPV_MSR_SYSTEM_TIME, KVMPV_MSR_ASYNC_PF_EN, KVMPV_MSR_STEAL_TIME, KVMPV_MSR_PV_EOI_EN,
	KVMPV_MSR_POLL_CONTROL, KVMPV_MSR_ASYNC_PF_INT, KVMPV_MSR_ASYNC_PF_ACK,
};
#define NMSR (sizeof(gated_msrs) / sizeof(gated_msrs[0]))

static const struct kt_op gated_hcs[] = {
	KT_HC(KVMPV_HC_KICK_CPU, 0, 1, 0, 0, "KICK_CPU (PV_UNHALT)"),
	KT_HC(KVMPV_HC_SEND_IPI, 0x2, 0, 0, 0xf0, "SEND_IPI (PV_SEND_IPI)"),
	KT_HC(KVMPV_HC_SCHED_YIELD, 1, 0, 0, 0, "SCHED_YIELD (PV_SCHED_YIELD)"),
	KT_HC(KVMPV_HC_MAP_GPA_RANGE, 0x200000, 1, 0, 0, "MAP_GPA_RANGE (HC_MAP_GPA_RANGE)"),
};
#define NHC (sizeof(gated_hcs) / sizeof(gated_hcs[0]))

static struct kt_ops *place(struct kt_ctx *t, struct kvm_vm *vm, uint64_t *gpa)
{
	struct kt_op ops[2 * NMSR + NHC];
	unsigned n = 0;

	for (unsigned i = 0; i < NMSR; i++) {
		ops[n++] = (struct kt_op)KT_RDMSR(gated_msrs[i], "RDMSR");
		/* writing 0 is valid for every one of them when offered */
		ops[n++] = (struct kt_op)KT_WRMSR(gated_msrs[i], 0, "WRMSR 0");
	}
	for (unsigned i = 0; i < NHC; i++)
		ops[n++] = gated_hcs[i];
	return kt_ops_place(t, vm, ops, n, gpa);
}

PVC_TEST(kvm_enforce_pv_feature_cpuid, "KPV-HST-041 KPV-HST-042", "")
{
	struct kvm_vm *vm = kt_vm_create(t);
	struct kvm_cpuid_entry2 *e = kvm_cpuid_find(vm->cpuid, KVMPV_CPUID_FEATURES, 0);
	struct kvm_vcpu *off, *on;
	struct kt_ops *goff, *gon;
	uint64_t gpa_off, gpa_on;
	uint32_t offered;

	kt_require_cap(t, vm, KVM_CAP_ENFORCE_PV_FEATURE_CPUID, "KVM_CAP_ENFORCE_PV_FEATURE_CPUID");
	if (!e)
		kt_skip(t, "no CPUID leaf 0x40000001");
	if (kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	offered = e->eax;
	goff = place(t, vm, &gpa_off);
	gon = place(t, vm, &gpa_on);
	e->eax = 0;
	off = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa_off);
	e->eax = offered;
	on = kt_vcpu_add(t, vm, 1, guest_run_ops, gpa_on);
	if (kvm_vcpu_enable_cap(off, KVM_CAP_ENFORCE_PV_FEATURE_CPUID, 1) ||
	    kvm_vcpu_enable_cap(on, KVM_CAP_ENFORCE_PV_FEATURE_CPUID, 1))
		kt_error(t, "%s", kvm_vm_error());
	if (!kt_ops_run(t, off, "KPV-HST-041") || !kt_ops_run(t, on, "KPV-HST-041"))
		return;
	for (unsigned i = 0; i < 2 * NMSR; i++) {
		const struct kt_op *o = &goff->op[i], *c = &gon->op[i];

		KT_CHECK(t, o->vector == GP_VECTOR, "KPV-HST-041",
			 "%s %#x with its feature bit clear: %s", o->what, o->msr,
			 o->vector == KVM_NO_VECTOR ? "no #GP" : "other exception");
		if (c->vector != KVM_NO_VECTOR)
			kt_diag(t, "control: %s %#x with the features offered raised vector %u",
				c->what, c->msr, c->vector);
	}
	for (unsigned i = 2 * NMSR; i < 2 * NMSR + NHC; i++) {
		const struct kt_op *o = &goff->op[i], *c = &gon->op[i];

		KT_CHECK(t, o->ret == -KVMPV_ENOSYS, "KPV-HST-042",
			 "%s with its feature bit clear returned %lld", o->what, (long long)o->ret);
		kt_diag(t, "%s: %lld without the feature, %lld with it", o->what, (long long)o->ret,
			(long long)c->ret);
	}
	/* the control vCPU proves the MSRs exist when offered */
	KT_CHECK(t, gon->op[2 * 5].vector == KVM_NO_VECTOR, "KPV-HST-041",
		 "control: RDMSR STEAL_TIME faulted with STEAL_TIME offered");
}
