// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * test_kvmpv_cpuid.c - guest feature detection from fake CPUID tables, the
 * guest's choice of PV operations, and the host's adjustment of the
 * feature leaf (KPV-GST-001..004, -015, -022, -023, -026..028;
 * KPV-HST-003, -044).
 */
#include <string.h>
#include "ut.h"
#include "kvmpv_guest.h"
#include "kvmpv_host.h"

struct fake_leaf {
	uint32_t leaf;
	struct kvmpv_cpuid_regs r;
};

struct fake_cpu {
	const struct fake_leaf *leaves;
	size_t n;
	unsigned calls;
};

static void fake_cpuid(void *ctx, uint32_t leaf, struct kvmpv_cpuid_regs *out)
{
	struct fake_cpu *cpu = ctx;

	cpu->calls++;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < cpu->n; i++)
		if (cpu->leaves[i].leaf == leaf)
			*out = cpu->leaves[i].r;
}

#define SIG(eax) { (eax), KVMPV_SIGNATURE_EBX, KVMPV_SIGNATURE_ECX, KVMPV_SIGNATURE_EDX }

UT_TEST(kvmpv_cpuid_default_base)
{
	const struct fake_leaf t[] = {
		{ 0x40000000, SIG(0x40000001) },
		{ 0x40000001, { 0x01007afb, 0, 0, 1 } },
	};
	struct fake_cpu cpu = { t, 2, 0 };
	struct kvmpv_features f;

	UT_EQ(kvmpv_cpuid_probe(fake_cpuid, &cpu, &f), 0);
	UT_EQ(f.base, 0x40000000);
	UT_EQ(f.max_leaf, 0x40000001);
	UT_EQ(f.features, 0x01007afb);
	UT_ASSERT(kvmpv_has_feature(&f, KVMPV_FEATURE_STEAL_TIME));
	UT_ASSERT(kvmpv_has_feature(&f, KVMPV_FEATURE_PV_SEND_IPI));
	UT_ASSERT(kvmpv_has_feature(&f, KVMPV_FEATURE_PV_UNHALT));
	UT_ASSERT(!kvmpv_has_feature(&f, KVMPV_FEATURE_MMU_OP));
	UT_ASSERT(kvmpv_has_hint(&f, KVMPV_HINTS_REALTIME));
	UT_ASSERT(!kvmpv_has_feature(&f, 40));
}

UT_TEST(kvmpv_cpuid_behind_other_hypervisor)
{
	/* KPV-GST-001: another interface at 0x40000000, KVM at +0x200. */
	const struct fake_leaf t[] = {
		{ 0x40000000, { 0x40000005, 0x7263694d, 0x666f736f, 0x76482074 } },
		{ 0x40000100, { 0x40000101, 0x12345678, 0, 0 } },
		{ 0x40000200, SIG(0x40000201) },
		{ 0x40000201, { 1u << KVMPV_FEATURE_PV_TLB_FLUSH, 0, 0, 0 } },
	};
	struct fake_cpu cpu = { t, 4, 0 };
	struct kvmpv_features f;

	UT_EQ(kvmpv_cpuid_probe(fake_cpuid, &cpu, &f), 0);
	UT_EQ(f.base, 0x40000200);
	UT_EQ(f.max_leaf, 0x40000201);
	UT_ASSERT(kvmpv_has_feature(&f, KVMPV_FEATURE_PV_TLB_FLUSH));
	UT_EQ(cpu.calls, 4);    /* three signature leaves, one feature leaf */
}

UT_TEST(kvmpv_cpuid_eax_zero_and_unknown_bits)
{
	/* KPV-GST-002: EAX 0 means base + 1.  KPV-GST-004: undefined feature
	 * and hint bits, and EBX/ECX, are ignored. */
	const struct fake_leaf t[] = {
		{ 0x40000000, SIG(0) },
		{ 0x40000001, { 0xfffffffful, 0xdeadbeef, 0xcafef00d, 0xffffffff } },
	};
	struct fake_cpu cpu = { t, 2, 0 };
	struct kvmpv_features f;

	UT_EQ(kvmpv_cpuid_probe(fake_cpuid, &cpu, &f), 0);
	UT_EQ(f.max_leaf, 0x40000001);
	UT_EQ(f.features, KVMPV_FEATURES_DEFINED);
	UT_EQ(f.hints, KVMPV_HINTS_DEFINED);
	UT_ASSERT(!kvmpv_has_feature(&f, 8));
	UT_ASSERT(!kvmpv_has_feature(&f, 18));
	UT_ASSERT(!kvmpv_has_hint(&f, 1));
}

UT_TEST(kvmpv_cpuid_not_kvm)
{
	/* KPV-GST-003: no signature, no features; near-miss signatures too. */
	const struct fake_leaf t[] = {
		{ 0x40000000, { 0x40000001, KVMPV_SIGNATURE_EBX, KVMPV_SIGNATURE_ECX, 0x4d4d } },
		{ 0x40000001, { 0xffffffff, 0, 0, 1 } },
		{ 0x40000100, { 0x40000101, KVMPV_SIGNATURE_EBX, 0, KVMPV_SIGNATURE_EDX } },
	};
	struct fake_cpu cpu = { t, 3, 0 };
	struct kvmpv_features f;

	UT_EQ(kvmpv_cpuid_probe(fake_cpuid, &cpu, &f), -VIRTQ_EINVAL);
	UT_EQ(f.features, 0);
	UT_EQ(f.hints, 0);
	UT_EQ(f.base, 0);
	UT_EQ(cpu.calls, 256);  /* every base 0x40000000..0x4000ff00 */
}

static struct kvmpv_features feats(uint32_t features, uint32_t hints)
{
	struct kvmpv_features f = { 0x40000000, 0x40000001,
				    features & KVMPV_FEATURES_DEFINED, hints };
	return f;
}

UT_TEST(kvmpv_guest_policy_rules)
{
	const uint32_t all = KVMPV_FEATURES_DEFINED;
	struct kvmpv_guest_env smp = { 8, false }, up = { 1, false }, mwait = { 8, true };
	struct kvmpv_guest_policy p;
	struct kvmpv_features f;

	/* Everything offered, shared CPUs: every PV operation but haltpoll. */
	f = feats(all, 0);
	kvmpv_guest_policy(&f, &smp, &p);
	UT_ASSERT(p.steal_time && p.pv_eoi && p.pv_spinlock && p.pv_send_ipi);
	UT_ASSERT(p.pv_tlb_flush && p.pv_sched_yield && !p.haltpoll);

	/* KPV-GST-026, -023, -015, -028: REALTIME. */
	f = feats(all, KVMPV_HINTS_DEFINED);
	kvmpv_guest_policy(&f, &smp, &p);
	UT_ASSERT(!p.pv_spinlock && !p.pv_tlb_flush && !p.pv_sched_yield);
	UT_ASSERT(p.pv_send_ipi && p.haltpoll && p.steal_time);

	/* KPV-GST-027: one vCPU. */
	f = feats(all, 0);
	kvmpv_guest_policy(&f, &up, &p);
	UT_ASSERT(!p.pv_spinlock && !p.pv_send_ipi && !p.pv_tlb_flush && !p.pv_sched_yield);
	UT_ASSERT(p.steal_time);

	/* KPV-GST-023: MWAIT visible. */
	kvmpv_guest_policy(&f, &mwait, &p);
	UT_ASSERT(!p.pv_tlb_flush && !p.pv_sched_yield && p.pv_send_ipi && p.pv_spinlock);

	/* KPV-GST-022: PV TLB flush and yield need steal time. */
	f = feats(all & ~KVMPV_BIT(KVMPV_FEATURE_STEAL_TIME), 0);
	kvmpv_guest_policy(&f, &smp, &p);
	UT_ASSERT(!p.steal_time && !p.pv_tlb_flush && !p.pv_sched_yield);

	/* KPV-GST-003: each operation needs its own bit. */
	f = feats(0, KVMPV_HINTS_DEFINED);
	kvmpv_guest_policy(&f, &smp, &p);
	UT_ASSERT(!p.steal_time && !p.pv_eoi && !p.pv_spinlock && !p.pv_send_ipi);
	UT_ASSERT(!p.pv_tlb_flush && !p.pv_sched_yield && !p.haltpoll);
	f = feats(KVMPV_BIT(KVMPV_FEATURE_PV_TLB_FLUSH) | KVMPV_BIT(KVMPV_FEATURE_STEAL_TIME), 0);
	kvmpv_guest_policy(&f, &smp, &p);
	UT_ASSERT(p.pv_tlb_flush && !p.pv_sched_yield && !p.pv_send_ipi && !p.pv_spinlock);
}

UT_TEST(kvmpv_host_cpuid_leaf)
{
	const uint32_t unhalt = KVMPV_BIT(KVMPV_FEATURE_PV_UNHALT);

	/* KPV-HST-003: undefined bits and the withdrawn MMU_OP never leak. */
	UT_EQ(kvmpv_host_cpuid_features(0xffffffff, 0),
	      KVMPV_FEATURES_DEFINED & ~KVMPV_BIT(KVMPV_FEATURE_MMU_OP));
	/* KPV-HST-044: HLT exits disabled withdraws PV_UNHALT, others do not. */
	UT_EQ(kvmpv_host_cpuid_features(unhalt, KVMPV_DISABLE_EXITS_HLT), 0);
	UT_EQ(kvmpv_host_cpuid_features(unhalt, KVMPV_DISABLE_EXITS_MWAIT |
					KVMPV_DISABLE_EXITS_PAUSE | KVMPV_DISABLE_EXITS_CSTATE),
	      unhalt);
}
