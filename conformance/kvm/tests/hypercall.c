// SPDX-License-Identifier: GPL-2.0-only
/*
 * hypercall.c - the hypercall calling convention: both instructions,
 * unknown numbers, CPL 3 callers, VAPIC_POLL_IRQ and SCHED_YIELD.
 */
#include "guest_ops.h"
#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

static void check_ret(struct kt_ctx *t, const char *id, const struct kt_op *op, int64_t want)
{
	if (op->vector != KVM_NO_VECTOR)
		kt_fail(t, id, "%s: exception vector %u", op->what, op->vector);
	else
		KT_CHECK(t, op->ret == want, id, "%s returned %lld, expected %lld", op->what,
			 (long long)op->ret, (long long)want);
}

PVC_TEST(kvm_hc_both_instructions, "KPV-HST-007", "")
{
	static const struct kt_op ops[] = {
		KT_HC_INSN(KT_HC_VMCALL, KVMPV_HC_VAPIC_POLL_IRQ, 0, "VAPIC_POLL_IRQ via VMCALL"),
		KT_HC_INSN(KT_HC_VMMCALL, KVMPV_HC_VAPIC_POLL_IRQ, 0, "VAPIC_POLL_IRQ via VMMCALL"),
		KT_HC_INSN(KT_HC_VMCALL, 0x7fff, 0, "unknown number via VMCALL"),
		KT_HC_INSN(KT_HC_VMMCALL, 0x7fff, 0, "unknown number via VMMCALL"),
	};
	struct kvm_vm *vm = kt_vm_create(t);
	uint64_t gpa;
	struct kt_ops *g = kt_ops_place(t, vm, ops, 4, &gpa);
	struct kvm_vcpu *v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);

	kt_diag(t, "host CPU vendor: %s", vm->amd ? "AMD (native VMMCALL)" : "Intel (native VMCALL)");
	if (!kt_ops_run(t, v, "KPV-HST-007"))
		return;
	check_ret(t, "KPV-HST-007", &g->op[0], 0);
	check_ret(t, "KPV-HST-007", &g->op[1], 0);
	check_ret(t, "KPV-HST-007", &g->op[2], -KVMPV_ENOSYS);
	check_ret(t, "KPV-HST-007", &g->op[3], -KVMPV_ENOSYS);
}

PVC_TEST(kvm_hc_unknown_enosys, "KPV-HST-011 KPV-HST-013", "")
{
	static const struct kt_op ops[] = {
		KT_HC(KVMPV_HC_MMU_OP, 0, 0, 0, 0, "MMU_OP (withdrawn)"),
		KT_HC(KVMPV_HC_FEATURES, 0, 0, 0, 0, "FEATURES (not x86)"),
		KT_HC(KVMPV_HC_PPC_MAP_MAGIC_PAGE, 0, 0, 0, 0, "PPC_MAP_MAGIC_PAGE"),
		KT_HC(KVMPV_HC_MIPS_GET_CLOCK_FREQ, 0, 0, 0, 0, "MIPS_GET_CLOCK_FREQ"),
		KT_HC(KVMPV_HC_MIPS_EXIT_VM, 0, 0, 0, 0, "MIPS_EXIT_VM"),
		KT_HC(KVMPV_HC_MIPS_CONSOLE_OUTPUT, 0, 0, 0, 0, "MIPS_CONSOLE_OUTPUT"),
		KT_HC(13, 0, 0, 0, 0, "number 13"),
		KT_HC(0xffffffffull, 0, 0, 0, 0, "number 0xffffffff"),
		KT_HC(KVMPV_HC_VAPIC_POLL_IRQ, 1, 2, 3, 4, "VAPIC_POLL_IRQ"),
	};
	struct kvm_vm *vm = kt_vm_create(t);
	uint64_t gpa;
	struct kt_ops *g = kt_ops_place(t, vm, ops, 9, &gpa);
	struct kvm_vcpu *v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);

	if (!kt_ops_run(t, v, "KPV-HST-011"))
		return;
	for (unsigned i = 0; i < 8; i++)
		check_ret(t, "KPV-HST-011", &g->op[i], -KVMPV_ENOSYS);
	check_ret(t, "KPV-HST-013", &g->op[8], 0);
}

PVC_TEST(kvm_hc_cpl3_eperm, "KPV-HST-009", "")
{
	static const struct kt_op ops[] = {
		KT_HC(KVMPV_HC_VAPIC_POLL_IRQ, 0, 0, 0, 0, "VAPIC_POLL_IRQ at CPL 3"),
		KT_HC(KVMPV_HC_SCHED_YIELD, 0, 0, 0, 0, "SCHED_YIELD at CPL 3"),
		KT_HC(KVMPV_HC_SEND_IPI, 1, 0, 0, 0xf0, "SEND_IPI to self at CPL 3"),
		KT_HC(0x7fff, 0, 0, 0, 0, "unknown number at CPL 3"),
	};
	struct kvm_vm *vm = kt_vm_create(t);
	uint64_t gpa;
	struct kt_ops *g;
	struct kvm_vcpu *v;
	int irr;

	if (kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	g = kt_ops_place(t, vm, ops, 4, &gpa);
	v = kt_vcpu_add(t, vm, 0, guest_run_ops_user, gpa);
	if (!kt_ops_run(t, v, "KPV-HST-009"))
		return;
	for (unsigned i = 0; i < 4; i++)
		check_ret(t, "KPV-HST-009", &g->op[i], -KVMPV_EPERM);
	/* "no other effect": the self-IPI was not delivered */
	irr = kvm_vcpu_irr_pending(v, 0xf0);
	KT_CHECK(t, irr == 0, "KPV-HST-009", "vector 0xf0 pending after a CPL 3 SEND_IPI (irr=%d)",
		 irr);
}

PVC_TEST(kvm_hc_sched_yield_any_target, "KPV-HST-022 KPV-HST-023", "")
{
	static const struct kt_op ops[] = {
		KT_HC(KVMPV_HC_SCHED_YIELD, 0, 0, 0, 0, "SCHED_YIELD to itself"),
		KT_HC(KVMPV_HC_SCHED_YIELD, 1, 0, 0, 0, "SCHED_YIELD to a vCPU outside KVM_RUN"),
		KT_HC(KVMPV_HC_SCHED_YIELD, 7, 0, 0, 0, "SCHED_YIELD to an unused APIC ID"),
		KT_HC(KVMPV_HC_SCHED_YIELD, 0xffff, 0, 0, 0, "SCHED_YIELD to APIC ID 0xffff"),
		KT_HC(KVMPV_HC_SCHED_YIELD, 0xffffffffull, 0, 0, 0, "SCHED_YIELD to 0xffffffff"),
		KT_HC(KVMPV_HC_SCHED_YIELD, ~0ull, 0, 0, 0, "SCHED_YIELD to ~0 (64-bit)"),
	};
	struct kvm_vm *vm = kt_vm_create(t);
	uint64_t gpa;
	struct kt_ops *g;
	struct kvm_vcpu *v;

	kt_require_pv_feature(t, vm, KVMPV_FEATURE_PV_SCHED_YIELD, "PV_SCHED_YIELD");
	if (kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	g = kt_ops_place(t, vm, ops, 6, &gpa);
	v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);
	kt_vcpu_add(t, vm, 1, guest_run_ops, gpa);   /* exists, never runs */
	if (!kt_ops_run(t, v, "KPV-HST-022"))
		return;
	for (unsigned i = 0; i < 6; i++)
		check_ret(t, i < 2 ? "KPV-HST-022" : "KPV-HST-023", &g->op[i], 0);
}
