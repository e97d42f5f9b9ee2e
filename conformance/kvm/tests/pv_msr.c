// SPDX-License-Identifier: GPL-2.0-only
/*
 * pv_msr.c - the PV MSRs: reserved bits raise #GP and change nothing,
 * values read back, POLL_CONTROL's reset value.
 */
#include "guest_ops.h"
#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

#define GP_VECTOR 13

static void expect_vec(struct kt_ctx *t, const char *id, const struct kt_op *op, unsigned vec)
{
	if (op->vector == vec)
		return;
	if (vec == KVM_NO_VECTOR)
		kt_fail(t, id, "%s: exception vector %u", op->what, op->vector);
	else
		kt_fail(t, id, "%s: no #GP", op->what);
}

static void expect_read(struct kt_ctx *t, const char *id, const struct kt_op *op, uint64_t want)
{
	if (op->vector != KVM_NO_VECTOR)
		kt_fail(t, id, "%s: exception vector %u", op->what, op->vector);
	else
		KT_CHECK(t, op->val == want, id, "%s: read %#llx, expected %#llx", op->what,
			 (unsigned long long)op->val, (unsigned long long)want);
}

static struct kvm_vm *msr_vm(struct kt_ctx *t)
{
	struct kvm_vm *vm = kt_vm_create(t);
	const uint32_t need = KVMPV_BIT(KVMPV_FEATURE_STEAL_TIME) | KVMPV_BIT(KVMPV_FEATURE_PV_EOI) |
			      KVMPV_BIT(KVMPV_FEATURE_POLL_CONTROL) |
			      KVMPV_BIT(KVMPV_FEATURE_ASYNC_PF) |
			      KVMPV_BIT(KVMPV_FEATURE_ASYNC_PF_INT) |
			      KVMPV_BIT(KVMPV_FEATURE_CLOCKSOURCE) |
			      KVMPV_BIT(KVMPV_FEATURE_CLOCKSOURCE2);

	if ((kt_pv_features(vm) & need) != need)
		kt_skip(t, "host lacks some of STEAL_TIME, PV_EOI, POLL_CONTROL, ASYNC_PF, "
			"ASYNC_PF_INT, CLOCKSOURCE, CLOCKSOURCE2 (EAX %#x)", kt_pv_features(vm));
	/* ASYNC_PF_EN needs an in-kernel local APIC to accept anything */
	if (kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	return vm;
}

PVC_TEST(kvm_pv_msr_reserved_bits, "KPV-HST-026", "")
{
	const uint64_t area = 0x200000;   /* 64-byte aligned GPA in low memory */
	const struct kt_op ops[] = {
		KT_WRMSR(KVMPV_MSR_STEAL_TIME, area | 1 | 0x2, "STEAL_TIME bit 1"),
		KT_WRMSR(KVMPV_MSR_STEAL_TIME, area | 1 | 0x20, "STEAL_TIME bit 5"),
		KT_RDMSR(KVMPV_MSR_STEAL_TIME, "STEAL_TIME after the faults"),
		KT_WRMSR(KVMPV_MSR_PV_EOI_EN, area | 1 | 0x2, "PV_EOI_EN bit 1"),
		KT_RDMSR(KVMPV_MSR_PV_EOI_EN, "PV_EOI_EN after the fault"),
		KT_WRMSR(KVMPV_MSR_POLL_CONTROL, 0x2, "POLL_CONTROL bit 1"),
		KT_WRMSR(KVMPV_MSR_POLL_CONTROL, 1ull << 63, "POLL_CONTROL bit 63"),
		KT_RDMSR(KVMPV_MSR_POLL_CONTROL, "POLL_CONTROL after the faults"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_EN, area | 1 | 0x10, "ASYNC_PF_EN bit 4"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_EN, area | 1 | 0x20, "ASYNC_PF_EN bit 5"),
		KT_RDMSR(KVMPV_MSR_ASYNC_PF_EN, "ASYNC_PF_EN after the faults"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_INT, 0x1ec, "ASYNC_PF_INT bit 8"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_INT, 1ull << 63, "ASYNC_PF_INT bit 63"),
		KT_RDMSR(KVMPV_MSR_ASYNC_PF_INT, "ASYNC_PF_INT after the faults"),
	};
	const unsigned n = sizeof(ops) / sizeof(ops[0]);
	struct kvm_vm *vm = msr_vm(t);
	uint64_t gpa;
	struct kt_ops *g = kt_ops_place(t, vm, ops, n, &gpa);
	struct kvm_vcpu *v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);

	if (!kt_ops_run(t, v, "KPV-HST-026"))
		return;
	for (unsigned i = 0; i < n; i++) {
		const struct kt_op *op = &g->op[i];

		if (op->kind == KT_OP_WRMSR)
			expect_vec(t, "KPV-HST-026", op, GP_VECTOR);
		else   /* unchanged: the reset value */
			expect_read(t, "KPV-HST-026", op,
				    op->msr == KVMPV_MSR_POLL_CONTROL ? KVMPV_POLL_CONTROL_RESET : 0);
	}
}

PVC_TEST(kvm_pv_msr_readback, "KPV-HST-025 KPV-HST-028 KPV-HST-038 KPV-HST-040", "")
{
	const uint64_t st = 0x200000, eoi = 0x200044, apf = 0x200080;
	const struct kt_op ops[] = {
		KT_RDMSR(KVMPV_MSR_POLL_CONTROL, "POLL_CONTROL after reset"),
		KT_RDMSR(KVMPV_MSR_STEAL_TIME, "STEAL_TIME after reset"),
		KT_RDMSR(KVMPV_MSR_PV_EOI_EN, "PV_EOI_EN after reset"),
		KT_RDMSR(KVMPV_MSR_ASYNC_PF_EN, "ASYNC_PF_EN after reset"),
		KT_RDMSR(KVMPV_MSR_ASYNC_PF_INT, "ASYNC_PF_INT after reset"),
		KT_WRMSR(KVMPV_MSR_STEAL_TIME, st | 1, "STEAL_TIME enable"),
		KT_RDMSR(KVMPV_MSR_STEAL_TIME, "STEAL_TIME read back"),
		KT_WRMSR(KVMPV_MSR_PV_EOI_EN, eoi | 1, "PV_EOI_EN enable"),
		KT_RDMSR(KVMPV_MSR_PV_EOI_EN, "PV_EOI_EN read back"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_INT, 0xec, "ASYNC_PF_INT vector 0xec"),
		KT_RDMSR(KVMPV_MSR_ASYNC_PF_INT, "ASYNC_PF_INT read back"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_EN, apf | 1 | KVMPV_ASYNC_PF_DELIVERY_AS_INT,
			 "ASYNC_PF_EN enable, delivery as interrupt"),
		KT_RDMSR(KVMPV_MSR_ASYNC_PF_EN, "ASYNC_PF_EN read back"),
		KT_WRMSR(KVMPV_MSR_POLL_CONTROL, 0, "POLL_CONTROL 0"),
		KT_RDMSR(KVMPV_MSR_POLL_CONTROL, "POLL_CONTROL read back 0"),
		KT_WRMSR(KVMPV_MSR_POLL_CONTROL, 1, "POLL_CONTROL 1"),
		KT_RDMSR(KVMPV_MSR_POLL_CONTROL, "POLL_CONTROL read back 1"),
		KT_WRMSR(KVMPV_MSR_STEAL_TIME, 0, "STEAL_TIME disable"),
		KT_RDMSR(KVMPV_MSR_STEAL_TIME, "STEAL_TIME read back 0"),
		KT_RDMSR(KVMPV_MSR_SYSTEM_TIME, "SYSTEM_TIME after reset"),
		KT_WRMSR(KVMPV_MSR_SYSTEM_TIME, st | 1, "SYSTEM_TIME enable"),
		KT_RDMSR(KVMPV_MSR_SYSTEM_TIME, "SYSTEM_TIME read back"),
		KT_WRMSR(KVMPV_MSR_SYSTEM_TIME, 0, "SYSTEM_TIME disable"),
		KT_RDMSR(KVMPV_MSR_SYSTEM_TIME_OLD, "SYSTEM_TIME_OLD after reset"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_ACK, 0, "ASYNC_PF_ACK 0"),
	};
	static const uint64_t want[] = { 1, 0, 0, 0, 0, 0, st | 1, 0, eoi | 1, 0, 0xec, 0,
					 apf | 1 | KVMPV_ASYNC_PF_DELIVERY_AS_INT, 0, 0, 0, 1, 0, 0,
					 0, 0, st | 1, 0, 0, 0 };
	const unsigned n = sizeof(ops) / sizeof(ops[0]);
	struct kvm_vm *vm = msr_vm(t);
	uint64_t gpa;
	struct kt_ops *g = kt_ops_place(t, vm, ops, n, &gpa);
	struct kvm_vcpu *v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);

	_Static_assert(sizeof(want) / sizeof(want[0]) == sizeof(ops) / sizeof(ops[0]),
		       "one expectation per op");
	if (!kt_ops_run(t, v, "KPV-HST-028"))
		return;
	for (unsigned i = 0; i < n; i++) {
		const struct kt_op *op = &g->op[i];
		const char *id = op->msr == KVMPV_MSR_POLL_CONTROL ?
				 (i == 0 ? "KPV-HST-038" : "KPV-HST-040") : "KPV-HST-028";

		/* an offered MSR exists at its number: no exception at all */
		if (op->vector != KVM_NO_VECTOR)
			kt_fail(t, "KPV-HST-025", "%s (MSR %#x): exception vector %u", op->what,
				op->msr, op->vector);
		else if (op->kind == KT_OP_WRMSR)
			continue;
		else
			expect_read(t, id, op, want[i]);
	}
}

/* Delivery-mode bits of ASYNC_PF_EN without their feature bit: refused
 * with enforcement, accepted without it (the feature then counts as
 * available). */
PVC_TEST(kvm_pv_msr_async_pf_delivery_gated, "KPV-HST-027", "")
{
	const uint64_t apf = 0x200080;
	const struct kt_op ops[] = {
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_EN, apf | 1 | KVMPV_ASYNC_PF_DELIVERY_AS_PF_VMEXIT |
			 KVMPV_ASYNC_PF_DELIVERY_AS_INT, "ASYNC_PF_EN bit 2 without ASYNC_PF_VMEXIT"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_INT, 0xec, "ASYNC_PF_INT without ASYNC_PF_INT"),
		KT_WRMSR(KVMPV_MSR_ASYNC_PF_EN, apf | 1 | KVMPV_ASYNC_PF_DELIVERY_AS_INT,
			 "ASYNC_PF_EN bit 3 without ASYNC_PF_INT"),
	};
	struct kvm_vm *vm = msr_vm(t);
	struct kvm_cpuid_entry2 *e = kvm_cpuid_find(vm->cpuid, KVMPV_CPUID_FEATURES, 0);
	struct kvm_vcpu *v[2];
	struct kt_ops *g[2];
	uint64_t gpa[2];

	/* ASYNC_PF offered; ASYNC_PF_VMEXIT and ASYNC_PF_INT withdrawn */
	e->eax &= ~(KVMPV_BIT(KVMPV_FEATURE_ASYNC_PF_VMEXIT) | KVMPV_BIT(KVMPV_FEATURE_ASYNC_PF_INT));
	for (unsigned i = 0; i < 2; i++) {
		g[i] = kt_ops_place(t, vm, ops, 3, &gpa[i]);
		v[i] = kt_vcpu_add(t, vm, i, guest_run_ops, gpa[i]);
	}
	/* vCPU 1 with enforcement, vCPU 0 as a plain VMM leaves it */
	if (kvm_check_cap(vm, KVM_CAP_ENFORCE_PV_FEATURE_CPUID) > 0) {
		if (kvm_vcpu_enable_cap(v[1], KVM_CAP_ENFORCE_PV_FEATURE_CPUID, 1))
			kt_error(t, "%s", kvm_vm_error());
	} else {
		v[1] = NULL;
	}
	for (unsigned i = 0; i < 2; i++) {
		if (!v[i])
			continue;
		if (!kt_ops_run(t, v[i], "KPV-HST-027"))
			return;
		kt_diag(t, "vCPU %u (%s enforcement): bit 2 -> %s, bit 3 -> %s", i, i ? "with" : "without",
			g[i]->op[0].vector == GP_VECTOR ? "#GP" : "accepted",
			g[i]->op[2].vector == GP_VECTOR ? "#GP" : "accepted");
		/* KPV-HST-027: a feature is available when its CPUID bit is set
		 * or when enforcement is off; only vCPU 1 must refuse the bits */
		expect_vec(t, "KPV-HST-027", &g[i]->op[0], i ? GP_VECTOR : KVM_NO_VECTOR);
		expect_vec(t, "KPV-HST-027", &g[i]->op[2], i ? GP_VECTOR : KVM_NO_VECTOR);
	}
	if (!v[1])
		kt_diag(t, "KVM_CAP_ENFORCE_PV_FEATURE_CPUID not available: only the plain case ran");
}
