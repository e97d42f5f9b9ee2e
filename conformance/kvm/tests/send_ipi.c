// SPDX-License-Identifier: GPL-2.0-only
/*
 * send_ipi.c - KVM_HC_SEND_IPI: who receives the interrupt, what the
 * call returns, rejected ICR bits and the range of min.  Receivers enable
 * their x2APIC, report once and stay outside KVM_RUN, so a delivered
 * interrupt stays in their IRR, read with KVM_GET_LAPIC.  Each case uses
 * its own vector, so cases do not mask each other.
 */
#include <stdio.h>

#include "guest_ops.h"
#include "kvm_guest.h"
#include "kvm_pv_abi.h"
#include "pvc_kvm.h"

#define APIC_BASE_X2APIC_BSP 0xfee00d00ull   /* enabled, x2APIC, BSP */

KVM_GUEST_CODE static void guest_ipi_receiver(uint64_t arg)
{
	guest_x2apic_enable();
	GUEST_SYNC(arg, 0, 0);
}

struct ipi_case {
	const char *what;
	uint64_t a0, a1, a2;
	uint8_t vector;
	uint64_t icr_extra;
	int64_t want_ret;
	uint32_t want[4];       /* APIC IDs that must receive (count in nwant) */
	unsigned nwant;
	const char *id;
};

/*
 * Build a VM with vCPUs ids[0..n-1] (ids[0] sends), run the cases from the
 * sender, and check each case's result and exactly which vCPUs got its
 * vector.
 */
static void run_cases(struct kt_ctx *t, const uint32_t *ids, unsigned n,
		      const struct ipi_case *c, unsigned ncases)
{
	struct kt_op ops[2 + 16];
	struct kvm_vcpu *v[8];
	struct kvm_vm *vm = kt_vm_create(t);
	struct kvm_ucall uc;
	struct kt_ops *g;
	uint64_t gpa;

	kt_require_pv_feature(t, vm, KVMPV_FEATURE_PV_SEND_IPI, "PV_SEND_IPI");
	if (kvm_vm_create_irqchip(vm))
		kt_error(t, "%s", kvm_vm_error());
	ops[0] = (struct kt_op)KT_WRMSR(X2APIC_MSR_BASE, APIC_BASE_X2APIC_BSP, "enable x2APIC");
	ops[1] = (struct kt_op)KT_WRMSR(X2APIC_SVR, X2APIC_SVR_ENABLE | 0xff, "enable APIC");
	for (unsigned i = 0; i < ncases; i++)
		ops[2 + i] = (struct kt_op)KT_HC(KVMPV_HC_SEND_IPI, c[i].a0, c[i].a1, c[i].a2,
						 c[i].vector | c[i].icr_extra, c[i].what);
	g = kt_ops_place(t, vm, ops, 2 + ncases, &gpa);
	v[0] = kt_vcpu_add(t, vm, ids[0], guest_run_ops, gpa);
	for (unsigned i = 1; i < n; i++) {
		v[i] = kt_vcpu_add(t, vm, ids[i], guest_ipi_receiver, ids[i]);
		if (!kt_run(t, v[i], KVM_UCALL_SYNC, "KPV-HST-016", &uc))
			return;
	}
	if (!kt_ops_run(t, v[0], "KPV-HST-016"))
		return;
	for (unsigned k = 0; k < 2; k++)
		if (g->op[k].vector != KVM_NO_VECTOR)
			kt_error(t, "%s: exception vector %u", g->op[k].what, g->op[k].vector);
	for (unsigned i = 0; i < ncases; i++) {
		const struct kt_op *op = &g->op[2 + i];
		char got[128] = "", *p = got;

		KT_CHECK(t, op->ret == c[i].want_ret, c[i].id, "%s: returned %lld, expected %lld",
			 c[i].what, (long long)op->ret, (long long)c[i].want_ret);
		for (unsigned j = 0; j < n; j++) {
			int pend = kvm_vcpu_irr_pending(v[j], c[i].vector);
			bool want = false;

			if (pend < 0)
				kt_error(t, "%s", kvm_vm_error());
			for (unsigned w = 0; w < c[i].nwant; w++)
				want |= c[i].want[w] == ids[j];
			if (pend)
				p += snprintf(p, sizeof(got) - (size_t)(p - got), " %u", ids[j]);
			KT_CHECK(t, pend == want, c[i].id, "%s: APIC ID %u %s vector %#x",
				 c[i].what, ids[j], pend ? "received" : "did not receive", c[i].vector);
		}
		kt_diag(t, "%s: ret %lld, received by APIC IDs:%s", c[i].what, (long long)op->ret,
			got[0] ? got : " none");
	}
}

PVC_TEST(kvm_send_ipi_targets, "KPV-HST-016 KPV-HST-017", "")
{
	static const uint32_t ids[] = { 0, 1, 2, 3 };
	static const struct ipi_case c[] = {
		{ "bitmap 0b1110 min 0", 0xe, 0, 0, 0x40, 0, 3, { 1, 2, 3 }, 3, "KPV-HST-016" },
		{ "bitmap 0b101 min 1", 0x5, 0, 1, 0x41, 0, 2, { 1, 3 }, 2, "KPV-HST-016" },
		{ "bits for IDs 1 and 20 (absent)", 0x100002, 0, 0, 0x42, 0, 1, { 1 }, 1, "KPV-HST-017" },
		{ "sender itself", 0x1, 0, 0, 0x43, 0, 1, { 0 }, 1, "KPV-HST-016" },
		{ "high bitmap bit 0 (ID 64, absent)", 0, 1, 0, 0x44, 0, 0, { 0 }, 0, "KPV-HST-017" },
	};
	run_cases(t, ids, 4, c, sizeof(c) / sizeof(c[0]));
}

PVC_TEST(kvm_send_ipi_bad_icr, "KPV-HST-018", "")
{
	static const uint32_t ids[] = { 0, 1, 2 };
	static const struct ipi_case c[] = {
		{ "logical destination mode (bit 11)", 0x6, 0, 0, 0x50, KVMPV_ICR_DEST_LOGICAL,
		  -KVMPV_EINVAL, { 0 }, 0, "KPV-HST-018" },
		{ "shorthand self (bits 19:18 = 1)", 0x6, 0, 0, 0x51, 1ull << 18,
		  -KVMPV_EINVAL, { 0 }, 0, "KPV-HST-018" },
		{ "shorthand all (bits 19:18 = 2)", 0x6, 0, 0, 0x52, 2ull << 18,
		  -KVMPV_EINVAL, { 0 }, 0, "KPV-HST-018" },
		{ "shorthand all-but-self (bits 19:18 = 3)", 0x6, 0, 0, 0x53, 3ull << 18,
		  -KVMPV_EINVAL, { 0 }, 0, "KPV-HST-018" },
		{ "valid ICR after the rejected ones", 0x6, 0, 0, 0x54, 0, 2, { 1, 2 }, 2,
		  "KPV-HST-016" },
	};
	run_cases(t, ids, 3, c, sizeof(c) / sizeof(c[0]));
}

PVC_TEST(kvm_send_ipi_min_range, "KPV-HST-019 KPV-HST-020", "")
{
	/* APIC ID 63 is where a high window that wrapped past 2^32 would land */
	static const uint32_t ids[] = { 0, 1, 63 };
	static const struct ipi_case c[] = {
		{ "min 0xffffffff, low bitmap all ones", ~0ull, 0, 0xffffffffull, 0x60, 0, 0,
		  { 0 }, 0, "KPV-HST-020" },
		{ "min 0xffffffff, high bitmap bit 0 (ID 2^32+63)", 0, 1, 0xffffffffull, 0x61, 0,
		  0, { 0 }, 0, "KPV-HST-019" },
		{ "min 0xffffffc0, high bitmap bit 1 (ID 2^32+1)", 0, 2, 0xffffffc0ull, 0x62, 0,
		  0, { 0 }, 0, "KPV-HST-019" },
		{ "min 1000 (above the highest APIC ID)", ~0ull, ~0ull, 1000, 0x63, 0, 0,
		  { 0 }, 0, "KPV-HST-020" },
		{ "a2 bits 63:32 ignored (a2 = 2^32 + 1)", 0x1, 0, (1ull << 32) | 1, 0x64, 0, 1,
		  { 1 }, 1, "KPV-HST-019" },
	};
	run_cases(t, ids, 3, c, sizeof(c) / sizeof(c[0]));
}

PVC_TEST(kvm_send_ipi_sparse, "KPV-HST-016 KPV-HST-017", "")
{
	static const uint32_t ids[] = { 0, 3, 65, 130 };
	static const struct ipi_case c[] = {
		{ "min 0: low bit 3, high bit 1 (ID 65)", 1ull << 3, 1ull << 1, 0, 0x70, 0, 2,
		  { 3, 65 }, 2, "KPV-HST-016" },
		{ "min 100: low bit 30 (ID 130)", 1ull << 30, 0, 100, 0x71, 0, 1, { 130 }, 1,
		  "KPV-HST-016" },
		{ "min 2: IDs 2 (absent), 3", 0x3, 0, 2, 0x72, 0, 1, { 3 }, 1, "KPV-HST-017" },
		{ "min 66: IDs 66..193 (only 130 exists)", ~0ull, ~0ull, 66, 0x73, 0, 1, { 130 },
		  1, "KPV-HST-017" },
	};
	run_cases(t, ids, 4, c, sizeof(c) / sizeof(c[0]));
}
