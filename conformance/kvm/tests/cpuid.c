// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpuid.c - the KVM CPUID leaves as the guest sees them, with the VMM's
 * CPUID taken from KVM_GET_SUPPORTED_CPUID (which carries 0x40000000 and
 * 0x40000001 on Linux 6.1; KVM_GET_SUPPORTED_HV_CPUID is Hyper-V's).
 */
#include "guest_ops.h"
#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

PVC_TEST(kvm_cpuid_signature, "KPV-HST-001 KPV-HST-002", "")
{
	static const struct kt_op ops[] = {
		KT_CPUID(KVMPV_CPUID_SIGNATURE, 0, "signature leaf"),
	};
	struct kvm_vm *vm = kt_vm_create(t);
	uint64_t gpa;
	struct kt_ops *g = kt_ops_place(t, vm, ops, 1, &gpa);
	struct kvm_vcpu *v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);

	if (!kvm_cpuid_find(vm->cpuid, KVMPV_CPUID_SIGNATURE, 0))
		kt_skip(t, "KVM_GET_SUPPORTED_CPUID has no leaf 0x40000000");
	if (!kt_ops_run(t, v, "KPV-HST-001"))
		return;
	kt_diag(t, "leaf 0x40000000: eax=%#x ebx=%#x ecx=%#x edx=%#x",
		g->op[0].r[0], g->op[0].r[1], g->op[0].r[2], g->op[0].r[3]);
	KT_CHECK(t, g->op[0].r[1] == KVMPV_SIGNATURE_EBX && g->op[0].r[2] == KVMPV_SIGNATURE_ECX &&
		 g->op[0].r[3] == KVMPV_SIGNATURE_EDX, "KPV-HST-001",
		 "signature ebx/ecx/edx = %#x/%#x/%#x", g->op[0].r[1], g->op[0].r[2], g->op[0].r[3]);
	KT_CHECK(t, g->op[0].r[0] >= KVMPV_CPUID_FEATURES, "KPV-HST-002",
		 "highest KVM leaf %#x is below 0x40000001", g->op[0].r[0]);
}

PVC_TEST(kvm_cpuid_features, "KPV-HST-003 KPV-HST-004", "")
{
	static const struct kt_op ops[] = {
		KT_CPUID(KVMPV_CPUID_FEATURES, 0, "features leaf"),
	};
	struct kvm_vm *vm = kt_vm_create(t);
	struct kvm_cpuid_entry2 *e = kvm_cpuid_find(vm->cpuid, KVMPV_CPUID_FEATURES, 0);
	uint64_t gpa;
	struct kt_ops *g;
	struct kvm_vcpu *v;
	uint32_t eax;

	if (!e)
		kt_skip(t, "KVM_GET_SUPPORTED_CPUID has no leaf 0x40000001");
	/* what the host offers, before any VMM edit */
	kt_diag(t, "supported leaf 0x40000001: eax=%#x ebx=%#x ecx=%#x edx=%#x",
		e->eax, e->ebx, e->ecx, e->edx);
	KT_CHECK(t, !(e->eax & ~KVMPV_FEATURES_DEFINED), "KPV-HST-003",
		 "supported EAX %#x has undefined bits %#x", e->eax, e->eax & ~KVMPV_FEATURES_DEFINED);
	KT_CHECK(t, e->ebx == 0 && e->ecx == 0, "KPV-HST-004",
		 "supported EBX/ECX = %#x/%#x, not 0", e->ebx, e->ecx);
	KT_CHECK(t, !(e->edx & ~KVMPV_HINTS_DEFINED), "KPV-HST-004",
		 "supported EDX %#x has undefined hint bits", e->edx);

	/* and the guest sees exactly that */
	g = kt_ops_place(t, vm, ops, 1, &gpa);
	v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);
	if (!kt_ops_run(t, v, "KPV-HST-003"))
		return;
	eax = g->op[0].r[0];
	KT_CHECK(t, eax == e->eax, "KPV-HST-003", "guest sees EAX %#x, VMM set %#x", eax, e->eax);
	KT_CHECK(t, g->op[0].r[1] == 0 && g->op[0].r[2] == 0, "KPV-HST-004",
		 "guest sees EBX/ECX = %#x/%#x", g->op[0].r[1], g->op[0].r[2]);
}
