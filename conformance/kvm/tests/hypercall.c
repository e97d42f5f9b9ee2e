// SPDX-License-Identifier: GPL-2.0-only
/*
 * hypercall.c - the hypercall calling convention: both instructions,
 * unknown numbers, CPL 3 callers, VAPIC_POLL_IRQ and SCHED_YIELD.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

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

PVC_TEST(kvm_hc_both_instructions, "KPV-HST-007 KPV-HST-047", "")
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
	/* ops 0 and 2 use VMCALL, 1 and 3 VMMCALL: the vendor's own
	 * instruction is a MUST (KPV-HST-007), the other one a SHOULD
	 * (KPV-HST-047, reported as a finding) */
	for (unsigned i = 0; i < 4; i++) {
		const struct kt_op *op = &g->op[i];
		bool native = (i & 1) == (vm->amd ? 1u : 0u);
		int64_t want = i < 2 ? 0 : -KVMPV_ENOSYS;

		if (native)
			check_ret(t, "KPV-HST-007", op, want);
		else if (op->vector != KVM_NO_VECTOR || op->ret != want)
			kt_finding(t, "KPV-HST-047", "%s: vector %u, returned %lld (expected %lld)",
				   op->what, op->vector == KVM_NO_VECTOR ? 0 : op->vector,
				   (long long)op->ret, (long long)want);
	}
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

KVM_GUEST_CODE static void guest_hc_regs(uint64_t arg)
{
	(void)arg;
	GUEST_SYNC(0, kvm_guest_hc_regs(KVMPV_HC_VAPIC_POLL_IRQ, 0), 0);
	GUEST_SYNC(1, kvm_guest_hc_regs(KVMPV_HC_VAPIC_POLL_IRQ, 1), 0);
	GUEST_SYNC(2, kvm_guest_hc_regs(0x7fff, kvm_guest_use_vmmcall), 0);
}

PVC_TEST(kvm_hc_registers_preserved, "KPV-HST-008", "")
{
	static const char *const what[] = { "VAPIC_POLL_IRQ via VMCALL",
					    "VAPIC_POLL_IRQ via VMMCALL",
					    "unknown hypercall" };
	struct kvm_vm *vm = kt_vm_create(t);
	struct kvm_vcpu *v = kt_vcpu_add(t, vm, 0, guest_hc_regs, 0);
	struct kvm_ucall uc;

	for (unsigned i = 0; i < 3; i++) {
		if (!kt_run(t, v, KVM_UCALL_SYNC, "KPV-HST-008", &uc))
			return;
		/* RIP advanced: the guest got to the next ucall at all */
		KT_CHECK(t, uc.args[1] == 0, "KPV-HST-008",
			 "%s changed registers (mask by register number: %#llx)", what[i],
			 (unsigned long long)uc.args[1]);
	}
}

/* Every error is one of the codes the ABI defines. */
static bool known_error(int64_t r)
{
	return r >= 0 || r == -KVMPV_ENOSYS || r == -KVMPV_EFAULT || r == -KVMPV_EINVAL ||
	       r == -KVMPV_E2BIG || r == -KVMPV_EPERM || r == -KVMPV_EOPNOTSUPP;
}

PVC_TEST(kvm_hc_error_codes, "KPV-HST-012 KPV-HST-048", "")
{
	static const struct kt_op ops[] = {
		KT_HC(KVMPV_HC_SEND_IPI, 1, 0, 0, 0xf0, "SEND_IPI without an in-kernel APIC"),
		KT_HC(KVMPV_HC_SEND_IPI, 1, 0, 0, 0x8f0, "SEND_IPI, logical mode, no APIC"),
		KT_HC(KVMPV_HC_CLOCK_PAIRING, 0x3fffffffffull, 0, 0, 0, "CLOCK_PAIRING, GPA outside"),
		KT_HC(KVMPV_HC_CLOCK_PAIRING, 0x200000, 7, 0, 0, "CLOCK_PAIRING, bad clock type"),
		KT_HC(KVMPV_HC_MAP_GPA_RANGE, 0x200001, 1, 0, 0, "MAP_GPA_RANGE, unaligned"),
		KT_HC(KVMPV_HC_KICK_CPU, 0, 0xffffffffull, 0, 0, "KICK_CPU, no such APIC ID"),
		KT_HC(0x7fff, 0, 0, 0, 0, "unknown number"),
	};
	const unsigned n = sizeof(ops) / sizeof(ops[0]);
	struct kvm_vm *vm = kt_vm_create(t);
	uint64_t gpa;
	struct kt_ops *g = kt_ops_place(t, vm, ops, n, &gpa);
	struct kvm_vcpu *v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);

	if (!kt_ops_run(t, v, "KPV-HST-012"))
		return;
	for (unsigned i = 0; i < n; i++) {
		const struct kt_op *op = &g->op[i];

		kt_diag(t, "%s: %lld", op->what, (long long)op->ret);
		KT_CHECK(t, known_error(op->ret), "KPV-HST-012", "%s returned %lld, not a defined "
			 "code", op->what, (long long)op->ret);
	}
	/* KPV-HST-048: no in-kernel APIC (this VM has none), so no APIC map:
	 * SEND_IPI with a valid ICR answers -KVM_EOPNOTSUPP */
	KT_CHECK(t, g->op[0].ret == -KVMPV_EOPNOTSUPP, "KPV-HST-048",
		 "SEND_IPI without an APIC map returned %lld", (long long)g->op[0].ret);
}

/*
 * The target enables its local APIC first, as any OS does: Linux 6.1 KVM
 * delivers the kick through the APIC map and drops it for a vCPU whose
 * APIC is still software-disabled after reset.
 */
KVM_GUEST_CODE static void guest_halt_no_irq(uint64_t arg)
{
	guest_x2apic_enable();
	GUEST_SYNC(0, arg, 0);
	/* interrupts stay disabled: only a PV kick can end this HLT */
	__asm__ volatile("cli; hlt" ::: "memory");
	GUEST_SYNC(1, arg, 0);
}

struct sleeper {
	struct kvm_vcpu *v;
	struct kvm_ucall uc;
	int rc;
	_Atomic int done;
};

static void *sleeper_main(void *arg)
{
	struct sleeper *s = arg;

	s->rc = kvm_vcpu_run(s->v, &s->uc);
	atomic_store(&s->done, 1);
	return NULL;
}

PVC_TEST(kvm_hc_kick_cpu, "KPV-HST-014 KPV-HST-015", "")
{
	static const struct kt_op ops[] = {
		KT_HC(KVMPV_HC_KICK_CPU, 0, 7, 0, 0, "KICK_CPU of an unused APIC ID"),
		KT_HC(KVMPV_HC_KICK_CPU, 0, 0xffffffffull, 0, 0, "KICK_CPU of APIC ID 0xffffffff"),
		KT_HC(KVMPV_HC_KICK_CPU, 0, 1, 0, 0, "KICK_CPU of the halted vCPU"),
	};
	struct kvm_vm *vm = kt_vm_create(t);
	struct sleeper s = { .done = 0 };
	struct kvm_vcpu *v;
	struct kvm_ucall uc;
	struct kt_ops *g;
	pthread_t th;
	uint64_t gpa, end;

	kt_require_pv_feature(t, vm, KVMPV_FEATURE_PV_UNHALT, "PV_UNHALT");
	if (kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	g = kt_ops_place(t, vm, ops, 3, &gpa);
	v = kt_vcpu_add(t, vm, 0, guest_run_ops, gpa);
	s.v = kt_vcpu_add(t, vm, 1, guest_halt_no_irq, 1);
	if (!kt_run(t, s.v, KVM_UCALL_SYNC, "KPV-HST-014", &uc))
		return;
	if (pthread_create(&th, NULL, sleeper_main, &s))
		kt_error(t, "pthread_create");
	/* give it time to halt: it must stay halted, nothing else wakes it */
	for (end = kt_now_ns() + 300000000ull; kt_now_ns() < end;)
		usleep(10000);
	if (atomic_load(&s.done)) {
		pthread_join(th, NULL);
		kt_error(t, "the vCPU with interrupts disabled left HLT before any kick");
	}
	if (!kt_ops_run(t, v, "KPV-HST-014"))
		return;
	for (unsigned i = 0; i < 3; i++)
		KT_CHECK(t, g->op[i].ret == 0, i < 2 ? "KPV-HST-015" : "KPV-HST-014",
			 "%s returned %lld", g->op[i].what, (long long)g->op[i].ret);
	for (end = kt_now_ns() + 5000000000ull; !atomic_load(&s.done) && kt_now_ns() < end;)
		usleep(1000);
	if (!atomic_load(&s.done)) {
		kt_fail(t, "KPV-HST-014", "the halted vCPU did not leave HLT within 5 s of the kick");
		return;   /* the alarm or process exit ends the thread */
	}
	pthread_join(th, NULL);
	if (s.rc)
		kt_error(t, "%s", kvm_vm_error());
	KT_CHECK(t, s.uc.cmd == KVM_UCALL_SYNC && s.uc.args[0] == 1, "KPV-HST-014",
		 "kicked vCPU did not continue after HLT (cmd %llu)", (unsigned long long)s.uc.cmd);
}
