// SPDX-License-Identifier: GPL-2.0-only
/*
 * halt.c - HLT-related host behaviour: halt polling follows
 * MSR_KVM_POLL_CONTROL, and KVM_CAP_X86_DISABLE_EXITS(HLT) removes HLT
 * exits and withdraws PV_UNHALT.  The guest halts with a one-shot local
 * APIC timer armed, so each HLT ends with an interrupt.
 */
#include <stdlib.h>

#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

#define TIMER_VECTOR 0xec
#define HALTS        20
/*
 * APIC bus clocks: 1 ms at KVM's 1 GHz APIC bus.  Long enough that the
 * timer has not fired yet when the guest reaches HLT (the WRMSR that arms
 * it is itself an exit), so each HLT really blocks.
 */
#define TIMER_COUNT  1000000

KVM_GUEST_INLINE void halt_n(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t before = kvm_guest_irq_count[TIMER_VECTOR];

		guest_apic_timer_oneshot(TIMER_VECTOR, TIMER_COUNT);
		/* HLT returns early on any interrupt: halt until ours arrived */
		while (kvm_guest_irq_count[TIMER_VECTOR] == before)
			guest_sti_hlt();
	}
}

/* arg: 1 = also halt with POLL_CONTROL 0 */
KVM_GUEST_CODE static void guest_halts(uint64_t arg)
{
	uint32_t r[4];

	guest_x2apic_enable();
	guest_cpuid(KVMPV_CPUID_FEATURES, 0, r);
	GUEST_SYNC(0, r[0], 0);
	halt_n(HALTS);
	GUEST_SYNC(1, kvm_guest_irq_count[TIMER_VECTOR], 0);
	if (!arg)
		return;
	guest_wrmsr(KVMPV_MSR_POLL_CONTROL, 0);
	GUEST_SYNC(2, 0, 0);
	halt_n(HALTS);
	GUEST_SYNC(3, kvm_guest_irq_count[TIMER_VECTOR], 0);
}

struct halt_counts {
	uint64_t halt_exits, attempted_poll;
};

static bool sync_counts(struct kt_ctx *t, struct kvm_vcpu *v, uint64_t stage, const char *id,
			struct halt_counts *c, struct kvm_ucall *uc)
{
	if (!kt_run(t, v, KVM_UCALL_SYNC, id, uc))
		return false;
	if (uc->args[0] != stage)
		kt_error(t, "guest at stage %llu, expected %llu", (unsigned long long)uc->args[0],
			 (unsigned long long)stage);
	c->halt_exits = kt_stat(t, v, "halt_exits");
	c->attempted_poll = kt_stat(t, v, "halt_attempted_poll");
	return true;
}

PVC_TEST(kvm_poll_control_stops_polling, "KPV-HST-039", "")
{
	struct kvm_vm *vm = kt_vm_create(t);
	struct halt_counts c0, c1, c2, c3;
	struct kvm_vcpu *v;
	struct kvm_ucall uc;
	uint64_t on, off;

	kt_require_pv_feature(t, vm, KVMPV_FEATURE_POLL_CONTROL, "POLL_CONTROL");
	kt_require_cap(t, vm, KVM_CAP_HALT_POLL, "KVM_CAP_HALT_POLL");
	if (kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	/* allow polling up to 10 ms so that every timer wakeup is in reach */
	if (kvm_vm_enable_cap(vm, KVM_CAP_HALT_POLL, 10000000))
		kt_error(t, "%s", kvm_vm_error());
	v = kt_vcpu_add(t, vm, 0, guest_halts, 1);
	if (!sync_counts(t, v, 0, "KPV-HST-039", &c0, &uc) ||
	    !sync_counts(t, v, 1, "KPV-HST-039", &c1, &uc) ||
	    !sync_counts(t, v, 2, "KPV-HST-039", &c2, &uc) ||
	    !sync_counts(t, v, 3, "KPV-HST-039", &c3, &uc))
		return;
	on = c1.attempted_poll - c0.attempted_poll;
	off = c3.attempted_poll - c2.attempted_poll;
	kt_diag(t, "%u halts each: POLL_CONTROL=1: %llu polls, %llu halt exits; POLL_CONTROL=0: "
		"%llu polls, %llu halt exits", HALTS, (unsigned long long)on,
		(unsigned long long)(c1.halt_exits - c0.halt_exits), (unsigned long long)off,
		(unsigned long long)(c3.halt_exits - c2.halt_exits));
	if (on == 0)
		kt_skip(t, "the host did not poll even with POLL_CONTROL=1: nothing to compare");
	if (off != 0)
		kt_finding(t, "KPV-HST-039", "host polled %llu times with POLL_CONTROL=0",
			   (unsigned long long)off);
}

PVC_TEST(kvm_disable_exits_before_vcpus, "KPV-HST-046", "")
{
	struct kvm_vm *vm = kt_vm_create(t);
	int caps = kvm_check_cap(vm, KVM_CAP_X86_DISABLE_EXITS);

	if (caps <= 0)
		kt_skip(t, "KVM_CAP_X86_DISABLE_EXITS not available");
	kt_diag(t, "KVM_CHECK_EXTENSION(KVM_CAP_X86_DISABLE_EXITS) = %#x", caps);
	KT_CHECK(t, !(caps & ~0xf), "KPV-HST-046", "capability offers unknown bits %#x", caps);
	KT_CHECK(t, kvm_vm_enable_cap(vm, KVM_CAP_X86_DISABLE_EXITS, 0x10) != 0, "KPV-HST-046",
		 "undefined bit 4 accepted");
	/* set before any vCPU; afterwards it is refused */
	kt_vcpu_add(t, vm, 0, guest_halts, 0);
	KT_CHECK(t, kvm_vm_enable_cap(vm, KVM_CAP_X86_DISABLE_EXITS, caps & 0xf) != 0,
		 "KPV-HST-046", "exits disabled (%#x) after a vCPU was created", caps & 0xf);
}

PVC_TEST(kvm_disable_exits_hlt, "KPV-HST-044", "")
{
	struct kvm_vm *vm = kt_vm_create(t), *plain;
	struct halt_counts c0, c1, p0, p1;
	struct kvm_vcpu *v, *pv;
	struct kvm_cpuid2 *got;
	struct kvm_ucall uc;
	int caps = kvm_check_cap(vm, KVM_CAP_X86_DISABLE_EXITS);
	uint32_t set = kt_pv_features(vm), seen;

	if (caps <= 0)
		kt_skip(t, "KVM_CAP_X86_DISABLE_EXITS not available");
	if (!(caps & KVMPV_DISABLE_EXITS_HLT))
		kt_skip(t, "KVM_CAP_X86_DISABLE_EXITS does not offer HLT (%#x)", caps);
	if (!(set & KVMPV_BIT(KVMPV_FEATURE_PV_UNHALT)))
		kt_diag(t, "host does not offer PV_UNHALT: only the exit count is checked");

	if (kvm_vm_enable_cap(vm, KVM_CAP_X86_DISABLE_EXITS, KVMPV_DISABLE_EXITS_HLT) ||
	    kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	v = kt_vcpu_add(t, vm, 0, guest_halts, 0);   /* VMM CPUID still has PV_UNHALT */
	if (!sync_counts(t, v, 0, "KPV-HST-044", &c0, &uc))
		return;
	seen = (uint32_t)uc.args[1];
	if (kvm_vcpu_get_cpuid(v, &got))
		kt_error(t, "%s", kvm_vm_error());
	{
		struct kvm_cpuid_entry2 *e = kvm_cpuid_find(got, KVMPV_CPUID_FEATURES, 0);

		kt_diag(t, "PV features: VMM set %#x, KVM_GET_CPUID2 %#x, guest sees %#x", set,
			e ? e->eax : 0, seen);
		KT_CHECK(t, !(seen & KVMPV_BIT(KVMPV_FEATURE_PV_UNHALT)), "KPV-HST-044",
			 "guest still sees PV_UNHALT with HLT exits disabled");
		KT_CHECK(t, e && !(e->eax & KVMPV_BIT(KVMPV_FEATURE_PV_UNHALT)), "KPV-HST-044",
			 "KVM_GET_CPUID2 still has PV_UNHALT with HLT exits disabled");
	}
	free(got);
	/* what a second KVM_SET_CPUID2 with the same table gives, for the record */
	if (set & KVMPV_BIT(KVMPV_FEATURE_PV_UNHALT)) {
		struct kvm_vcpu *v2 = kt_vcpu_add(t, vm, 1, guest_halts, 0);

		if (!kvm_vcpu_set_cpuid(v2, vm->cpuid) && !kvm_vcpu_get_cpuid(v2, &got)) {
			struct kvm_cpuid_entry2 *e = kvm_cpuid_find(got, KVMPV_CPUID_FEATURES, 0);

			kt_diag(t, "after a second KVM_SET_CPUID2 on a new vCPU: PV features %#x "
				"(PV_UNHALT %s)", e ? e->eax : 0,
				e && (e->eax & KVMPV_BIT(KVMPV_FEATURE_PV_UNHALT)) ? "kept" : "withdrawn");
			free(got);
		}
	}
	if (!sync_counts(t, v, 1, "KPV-HST-044", &c1, &uc))
		return;

	/* the same guest in a VM with HLT exits: they are counted */
	plain = kt_vm_create(t);
	if (kvm_vm_create_irqchip(plain))
		kt_error(t, "%s", kvm_vm_error());
	pv = kt_vcpu_add(t, plain, 0, guest_halts, 0);
	if (!sync_counts(t, pv, 0, "KPV-HST-044", &p0, &uc) ||
	    !sync_counts(t, pv, 1, "KPV-HST-044", &p1, &uc))
		return;
	kt_diag(t, "%u halts: %llu halt exits with HLT exits disabled, %llu without", HALTS,
		(unsigned long long)(c1.halt_exits - c0.halt_exits),
		(unsigned long long)(p1.halt_exits - p0.halt_exits));
	KT_CHECK(t, c1.halt_exits == c0.halt_exits, "KPV-HST-044",
		 "%llu HLT exits with HLT exits disabled",
		 (unsigned long long)(c1.halt_exits - c0.halt_exits));
	if (p1.halt_exits - p0.halt_exits < HALTS)
		kt_error(t, "control VM counted only %llu halt exits for %u halts",
			 (unsigned long long)(p1.halt_exits - p0.halt_exits), HALTS);
}
