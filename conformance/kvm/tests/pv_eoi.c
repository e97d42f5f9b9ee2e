// SPDX-License-Identifier: GPL-2.0-only
/*
 * pv_eoi.c - PV end of interrupt: with MSR_KVM_PV_EOI_EN set, the host
 * marks edge-triggered interrupts whose EOI the guest may skip; the guest
 * handler (guest_entry.S) clears the mark with one locked RMW and then
 * skips the APIC EOI.  If the host did not complete those EOIs itself, the
 * in-service bit would stay set and block later interrupts of the vector.
 */
#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

#define ROUNDS 50

KVM_GUEST_CODE static void guest_pv_eoi(uint64_t arg)
{
	uint64_t seen_set = 0;

	guest_x2apic_enable();
	guest_wrmsr(KVMPV_MSR_PV_EOI_EN,
		    (uint64_t)(uintptr_t)&kvm_guest_pv_eoi_word | KVMPV_MSR_ENABLED);
	for (uint64_t i = 0; i < arg; i++) {
		uint64_t before = kvm_guest_irq_count[KVM_PV_EOI_VECTOR];

		guest_x2apic_ipi(0, KVM_PV_EOI_VECTOR);     /* to itself: APIC ID 0 */
		for (uint64_t spin = 0; kvm_guest_irq_count[KVM_PV_EOI_VECTOR] == before; spin++) {
			/* interrupts are taken only in this window */
			__asm__ volatile("sti; nop; cli" ::: "memory");
			GUEST_ASSERT(spin < 10000000, i, spin);
		}
		/* the word is clear between interrupts: set only at injection */
		seen_set += kvm_guest_pv_eoi_word & KVMPV_PV_EOI_PENDING;
	}
	guest_wrmsr(KVMPV_MSR_PV_EOI_EN, 0);
	GUEST_SYNC(0, kvm_guest_pv_eoi_skipped, seen_set);
}

PVC_TEST(kvm_pv_eoi, "KPV-HST-036 KPV-HST-037", "")
{
	struct kvm_vm *vm = kt_vm_create(t);
	struct kvm_vcpu *v;
	struct kvm_ucall uc;

	kt_require_pv_feature(t, vm, KVMPV_FEATURE_PV_EOI, "PV_EOI");
	if (kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	v = kt_vcpu_add(t, vm, 0, guest_pv_eoi, ROUNDS);
	if (!kt_run(t, v, KVM_UCALL_SYNC, "KPV-HST-037", &uc))
		return;
	kt_diag(t, "%u self-IPIs delivered; EOI skipped thanks to the PV EOI mark for %llu; mark "
		"found set between interrupts %llu times", ROUNDS, (unsigned long long)uc.args[1],
		(unsigned long long)uc.args[2]);
	KT_CHECK(t, uc.args[2] == 0, "KPV-HST-036",
		 "the PV EOI mark was set with no interrupt being handled (%llu times)",
		 (unsigned long long)uc.args[2]);
	if (uc.args[1] == 0)
		kt_diag(t, "the host never offered an EOI skip: KPV-HST-037 only checked in the "
			"trivial form (every interrupt arrived)");
}
